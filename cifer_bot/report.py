"""What a run leaves behind: the review tables, the journal that makes a batch
resumable, and `report.json`.

Nothing here ever holds a password: outcomes carry what was read back from the
portal's application form and the facility file's own (non-secret) values.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Status = Literal["review", "account_form", "failed", "skipped"]

STATUS_TEXT: dict[Status, str] = {
    "review": "filled; waiting for a person's review and submission",
    "account_form": "account form filled; waiting for a person to register the account",
    "failed": "failed",
    "skipped": "skipped (done in an earlier run)",
}


@dataclass
class ReviewRow:
    """One field of a form: what was meant, what the page shows, and whether they agree."""

    field: str
    label_zh: str
    label_en: str
    expected: str
    actual: str

    @property
    def match(self) -> bool:
        return self.expected == self.actual


@dataclass
class Outcome:
    """How one application (a facility and one food category) ended."""

    facility: str
    category_code: str
    category: str  # the sub-item, Chinese and English
    status: Status = "failed"
    message: str = ""
    row: int | None = None
    step: str = ""
    screenshot: str | None = None
    review_table: str | None = None
    review: list[ReviewRow] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    draft_saved: bool = False
    application_no: str | None = None
    account_created: bool = False
    attempts: int = 0
    started: str = ""
    finished: str = ""

    @property
    def key(self) -> str:
        return journal_key(self.facility, self.category_code)

    @property
    def mismatches(self) -> list[ReviewRow]:
        return [row for row in self.review if not row.match]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["review"] = [{**asdict(row), "match": row.match} for row in self.review]
        return data


def journal_key(facility: str, category_code: str) -> str:
    return f"{facility}\x1f{category_code}"


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def review_markdown(outcome: Outcome) -> str:
    """The bilingual review table of one application, for a person to check."""
    lines = [
        f"# Review: {outcome.facility} - {outcome.category}",
        "",
        f"Status: {STATUS_TEXT[outcome.status]}.",
    ]
    if outcome.screenshot:
        lines.append(f"Screenshot: {Path(outcome.screenshot).name}")
    if outcome.draft_saved:
        lines.append("Saved on the portal as a draft (暂存): open it, check it and press 提交.")
    mismatches = len(outcome.mismatches)
    lines += [
        f"Fields that differ from the facility file: {mismatches}",
        "",
        "| 字段 (Chinese label) | Field | Value on the page | Match |",
        "| --- | --- | --- | --- |",
    ]
    for row in outcome.review:
        mark = "match" if row.match else f"MISMATCH (meant {_cell(row.expected)!s})"
        lines.append(
            f"| {_cell(row.label_zh)} | {_cell(row.label_en)} | {_cell(row.actual)} | {mark} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") if text else " "


class Journal:
    """An append-only record of finished applications, so that a batch can resume.

    An application that reached the review stop in an earlier run with the same output
    folder, on the same portal, is skipped; `--again` fills it anew. `portal` names the
    portal a run talks to: a dry run on the replica never counts for the live portal.
    """

    def __init__(self, path: Path, portal: str) -> None:
        self.path = path
        self.portal = portal
        self.done: dict[str, dict[str, Any]] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                if record.get("portal") != portal:
                    continue  # another portal's work: the replica's, or the live one's
                key = journal_key(record.get("facility", ""), record.get("category_code", ""))
                # Only the review stop is done: after the account form stop, the
                # application itself is still to be filled (once the account exists).
                if record.get("status") == "review":
                    self.done[key] = record
                else:
                    self.done.pop(key, None)

    def finished_before(self, facility: str, category_code: str) -> dict[str, Any] | None:
        return self.done.get(journal_key(facility, category_code))

    def record(self, outcome: Outcome) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {
            "facility": outcome.facility,
            "category_code": outcome.category_code,
            "portal": self.portal,
            "status": outcome.status,
            "at": outcome.finished or now(),
            "message": outcome.message,
        }
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        if outcome.status == "review":
            self.done[outcome.key] = entry
        else:
            self.done.pop(outcome.key, None)  # as a reload of the file would read it


@dataclass
class RunReport:
    """The whole run, rewritten after every application so that nothing is lost."""

    path: Path
    selectors: str
    portal_url: str
    dry_run: bool
    started: str = field(default_factory=now)
    finished: str = ""
    invalid: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.save()

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {status: 0 for status in STATUS_TEXT}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        # Rows, not problems: one row may have several.
        counts["invalid"] = len({(p.get("row"), p.get("facility")) for p in self.invalid})
        return counts

    def save(self) -> None:
        data = {
            "selectors": self.selectors,
            "portal_url": self.portal_url,
            "dry_run": self.dry_run,
            "started": self.started,
            "finished": self.finished,
            "counts": self.counts(),
            "invalid": self.invalid,
            "applications": [outcome.as_dict() for outcome in self.outcomes],
        }
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
