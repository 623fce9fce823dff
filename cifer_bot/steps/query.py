"""Step 4, sideways: 综合查询 (comprehensive query), the account's applications.

Read to learn what is on the portal: whether a draft an earlier run may have saved is
there (an action whose outcome was unknown), and later, an application's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Frame

from cifer_bot.steps.flow import Flow

STEP = "step 4 (comprehensive query)"
_TABLE = """() => ({
  headers: Array.from(document.querySelectorAll("th")).map((cell) => (cell.innerText || "").trim()),
  rows: Array.from(document.querySelectorAll("tr")).map(
    (row) => Array.from(row.querySelectorAll("td")).map((cell) => (cell.innerText || "").trim())
  ).filter((cells) => cells.length > 0),
})"""


@dataclass(frozen=True)
class Listed:
    """One application as 综合查询 lists it."""

    cells: tuple[str, ...]
    status: str  # draft, submitted, or the portal's own word
    number: str | None  # an 18-digit application number, once submitted
    draft_no: str | None = None  # the portal's number of a draft, before it is submitted

    def names(self, item: str, enterprise: str) -> bool:
        """Whether the row is for this sub-item and this enterprise."""
        return item in self.cells and enterprise in self.cells


def open_query(flow: Flow) -> None:
    """Click `综合查询` in the system home's sidebar."""
    entry = flow.spec("home").entry("query")
    flow.narrator.note(f"opening {entry.label} ({entry.english}): what is on the portal")
    flow.click("home", "query", scope=flow.wait_for("home", step=STEP))


def listed(flow: Flow) -> list[Listed]:
    """Every application the query page lists."""
    frame: Frame = flow.wait_for("query", step=STEP)
    messages = flow.spec("query").messages
    words = {
        messages.get("draft", "暂存"): "draft",
        messages.get("submitted", "已提交"): "submitted",
    }
    table: dict[str, list[Any]] = frame.evaluate(_TABLE)
    headers: list[str] = table["headers"]
    # The column the map names as the numbers' (申请编号), when the table has it.
    column = headers.index(messages["number"]) if messages.get("number") in headers else None
    found = []
    for cells in table["rows"]:
        status = next((words[cell] for cell in cells if cell in words), "")
        number = next((cell for cell in cells if re.fullmatch(r"\d{18}", cell)), None)
        shown = cells[column] if column is not None and column < len(cells) else None
        draft_no = shown if status == "draft" and shown else None
        found.append(Listed(tuple(cells), status, number, draft_no))
    return found
