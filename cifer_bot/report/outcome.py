"""How one application ended (`Outcome`), and its review table for a person.

Nothing here ever holds a password: outcomes carry what was read back from the
portal's application form and the facility file's own (non-secret) values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cifer_bot.escape import markdown_cell, markdown_text
from cifer_bot.steps.review import ReviewRow

Status = Literal["review", "saved", "account_form", "mismatch", "check", "failed", "skipped"]

STATUS_TEXT: dict[Status, str] = {
    "review": "filled; waiting for a person's review and submission",
    "saved": "saved on the portal as a draft (暂存) earlier, without review files from this "
    "run: open it on the portal, check it and submit it yourself",
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
    error_class: str = ""  # the kind of fault, when it failed (LoginRefused, PageTimeout...)
    row: int | None = None
    step: str = ""
    screenshot: str | None = None
    thumbnail: str | None = None  # a small picture of the screenshot, for report.html
    review_table: str | None = None
    trace: str | None = None  # the Playwright trace of its last attempt (--trace)
    review: list[ReviewRow] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    draft_saved: bool = False
    application_no: str | None = None
    account_created: bool = False
    attempts: int = 0
    started: str = ""
    finished: str = ""
    # The worker that filled it, in a shared journal: its screenshot is on that machine.
    worker: str | None = None

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


def count(outcomes: list[Outcome], invalid: list[dict[str, Any]]) -> dict[str, int]:
    """How many applications of a run ended each way, and how many rows were invalid."""
    counts: dict[str, int] = {status: 0 for status in STATUS_TEXT}
    for outcome in outcomes:
        counts[outcome.status] += 1
    # Rows, not problems: one row may have several.
    counts["invalid"] = len({(p.get("row"), p.get("facility")) for p in invalid})
    return counts
