"""The Excel template of a facility file: bilingual headers, a notes row, drop-downs."""

from __future__ import annotations

from pathlib import Path

import pycountry
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cifer_bot.errors import InputError
from cifer_bot.facilities import rules
from cifer_bot.facilities.catalog import load_catalog
from cifer_bot.facilities.intake import SHEET_NAME, columns

LISTS_SHEET = "lists"
# Rows offered with drop-downs and formats; a longer sheet still reads, without them.
TEMPLATE_ROWS = 500
FIRST_DATA_ROW = 3  # 1: headers, 2: notes (a comment row: it starts with '#')

_DATE_COLUMNS = {"cn_registration_date", "cn_registration_expiry", "founded_date", "expansion_date"}
# Text, so that a spreadsheet keeps the '+' and leading zeros of these.
_TEXT_COLUMNS = {
    "approval_no",
    "cn_registration_no",
    "tel",
    "fax",
    "mobile",
    "legal_rep_tel",
    "contact_tel",
    "username",
}


def _lists() -> dict[str, list[str]]:
    catalog = load_catalog()
    # Self-registration sub-items first: most sites apply for those.
    items = sorted(catalog.items, key=lambda item: not item.self_registration)
    return {
        "country": sorted(str(country.name) for country in pycountry.countries),
        "category": [item.label for item in items],
        "role": [role for role in rules.ROLES if role in ("manufacturer", "storage")],
        "account_exists": ["yes", "no"],
        "account_origin": list(rules.ACCOUNT_ORIGINS),
    }


def write_template(*, path: Path, force: bool = False) -> Path:
    """Write an empty facility spreadsheet to `path` (.xlsx) and return the path."""
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: the template is an Excel workbook; give a name ending .xlsx")
    if path.exists() and not force:
        raise InputError(f"{path} exists; add --force to replace it")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = SHEET_NAME
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    note_font = Font(italic=True, color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")

    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(_lists().items(), start=1):
        letter = get_column_letter(index)
        lists_sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            lists_sheet.cell(row=row, column=index, value=value)
        last = len(values) + 1
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"

    last_row = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
    for index, column in enumerate(columns(), start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index, value=f"{column.name}\n{column.zh}")
        head.font = header_font
        head.fill = required_fill if column.required else header_fill
        head.alignment = wrap
        note = ("required. " if column.required else "") + column.note
        if index == 1:
            note = "# " + note  # marks the row as a comment for cifer-bot
        cell = sheet.cell(row=2, column=index, value=note)
        cell.font = note_font
        cell.alignment = wrap
        sheet.column_dimensions[letter].width = 30 if column.name != "category" else 40
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        if column.name in ranges:
            validation = DataValidation(
                type="list",
                formula1=ranges[column.name],
                allow_blank=True,
                # A warning, not a refusal: a code (AUS) or several categories
                # separated by ';' are valid too.
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle=column.name,
                error="Not in the list. cifer-bot validate will check what you typed.",
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        if column.name in _DATE_COLUMNS:
            for row in range(FIRST_DATA_ROW, last_row + 1):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        elif column.name in _TEXT_COLUMNS:
            for row in range(FIRST_DATA_ROW, last_row + 1):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.row_dimensions[1].height = 32
    sheet.row_dimensions[2].height = 90
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
