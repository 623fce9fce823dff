"""What a run leaves for people: each application's outcome, its review table, and
`report.json`.

Nothing here ever holds a password: outcomes carry what was read back from the
portal's application form and the facility file's own (non-secret) values.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cifer_bot.escape import markdown_cell, markdown_text
from cifer_bot.files import write_atomically
from cifer_bot.steps.review import ReviewRow

Status = Literal["review", "account_form", "mismatch", "check", "failed", "skipped"]

STATUS_TEXT: dict[Status, str] = {
    "review": "filled; waiting for a person's review and submission",
    "account_form": "account form filled; waiting for a person to register the account",
    "mismatch": "filled, but the page holds something else than the facility file, or "
    "leaves a mandatory field empty: not saved; see the fields marked below",
    "check": "a person must look on the portal first: an action was pressed whose outcome "
    "the portal did not tell; nothing is done again until then",
    "failed": "failed",
    "skipped": "skipped (done in an earlier run)",
}


@dataclass
class Outcome:
    """How one application (a facility and one food category) ended."""

    facility: str
    category_code: str
    category: str  # the sub-item, Chinese and English
    username: str = ""
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
    def mismatches(self) -> list[ReviewRow]:
        return [row for row in self.review if not row.match]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["review"] = [{**asdict(row), "match": row.match} for row in self.review]
        return data


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def review_markdown(outcome: Outcome) -> str:
    """The bilingual review table of one application, for a person to check.

    Every text of the facility file or the page is escaped: a `|` does not end a cell,
    a `<script>` is text, not HTML, and a control character shows as its escape."""
    lines = [
        f"# Review: {markdown_text(outcome.facility)} - {markdown_text(outcome.category)}",
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
        mark = "match" if row.match else f"MISMATCH (meant {markdown_cell(row.expected)})"
        lines.append(
            f"| {markdown_cell(row.label_zh)} | {markdown_cell(row.label_en)} "
            f"| {markdown_cell(row.actual)} | {mark} |"
        )
    return "\n".join(lines) + "\n"


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
