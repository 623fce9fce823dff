"""The status sheet an agent sends a client: one row per application, bilingual
headers, and the totals on a sheet of their own."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from cifer_bot.files import write_bytes_atomically
from cifer_bot.report.build import Report

HEADERS = (
    ("Facility", "工厂"),
    ("Row", "行"),
    ("Account", "账号"),
    ("Food category", "产品类别"),
    ("Category code", "类别代码"),
    ("Step reached", "步骤"),
    ("State", "状态"),
    ("What it means", "说明"),
    ("Draft number", "暂存编号"),
    ("Application number", "申请编号"),
    ("When", "时间"),
    ("Last error", "最近错误"),
)


def write_sheet(report: Report, path: Path) -> None:
    """Write the status of `report` to an .xlsx file, whole or not at all."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Applications"
    sheet.append([f"{english}\n{chinese}" for english, chinese in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in report.entries:
        error = entry.message if entry.state in {"failed", "check", "mismatch"} else ""
        sheet.append(
            [
                entry.facility,
                entry.row,
                entry.username,
                entry.category,
                entry.category_code,
                entry.reached,
                entry.state,
                entry.state_text,
                entry.draft_no or "",
                entry.application_no or "",
                entry.finished or entry.started or "",
                error,
            ]
        )
    sheet.freeze_panes = "A2"
    totals = book.create_sheet("Totals")
    totals.append(["State\n状态", "Applications\n申请数"])
    for state, count in report.totals().items():
        totals.append([state, count])
    data = io.BytesIO()
    book.save(data)
    write_bytes_atomically(path, data.getvalue())
