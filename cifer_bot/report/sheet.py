"""The status sheet an agent sends a client: one row per application, bilingual
headers, and the totals on a sheet of their own."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cifer_bot.files import write_bytes_atomically
from cifer_bot.report.build import STATES, Report

HEADERS = (
    ("Facility", "工厂", 24),
    ("Row", "行", 6),
    ("Account", "账号", 16),
    ("Food category", "产品类别", 24),
    ("Category code", "类别代码", 22),
    ("Step reached", "步骤", 16),
    ("State", "状态", 14),
    ("What it means", "说明", 44),
    ("Draft number", "暂存编号", 14),
    ("Application number", "申请编号", 22),
    ("When (UTC)", "时间 (UTC)", 18),
    ("Last error", "最近错误", 60),
)

# Each state in Chinese, for the client's side of the sheet.
STATES_ZH = {
    "submitted": "已提交",
    "review": "已填写，待人工审核",
    "saved": "已暂存于门户，待人工审核",
    "account_form": "账号注册表已填写",
    "mismatch": "填写内容不一致，未保存",
    "check": "需人工在门户核查",
    "failed": "失败",
    "in_progress": "进行中（未完成）",
    "not_started": "未开始",
    "invalid": "数据无效",
}


def write_sheet(report: Report, path: Path) -> None:
    """Write the status of `report` to an .xlsx file, whole or not at all."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Applications"
    _headers(sheet, [(english, chinese, width) for english, chinese, width in HEADERS])
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
                f"{entry.state_text}\n{STATES_ZH.get(entry.state, '')}".strip(),
                entry.draft_no or "",
                entry.application_no or "",
                _utc(entry.finished or entry.started),
                error,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(sheet.max_row, 11).number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    totals = book.create_sheet("Totals")
    _headers(
        totals,
        [("State", "状态", 16), ("What it means", "说明", 44), ("Applications", "申请数", 14)],
    )
    counts = report.totals()
    for state, count in counts.items():
        english = STATES[state][0] if state in STATES else "rows of the file that are not valid"
        totals.append([state, f"{english}\n{STATES_ZH.get(state, '')}", count])
        totals.cell(totals.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    totals.append(["Total applications", "合计", len(report.entries)])
    totals.cell(totals.max_row, 1).font = totals.cell(totals.max_row, 2).font = Font(bold=True)
    data = io.BytesIO()
    book.save(data)
    write_bytes_atomically(path, data.getvalue())


def _headers(sheet: Worksheet, columns: list[tuple[str, str, int]]) -> None:
    """A bold header row, English over Chinese, and each column's width."""
    sheet.append([f"{english}\n{chinese}" for english, chinese, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 32
    for number, (_, _, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width


def _utc(stamp: str | None) -> datetime | str:
    """A journal's time as the spreadsheet's date and time (in UTC: a sheet holds no zone)."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)
