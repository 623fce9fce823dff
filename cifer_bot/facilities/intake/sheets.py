"""Reading a facility file (.xlsx, .csv, .yaml/.yml, .json) into rows by column name.

The header's own problems (an unknown or repeated column, a missing required one, a
column of passwords) are found here; the rows are checked by `cifer_bot.facilities.intake`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake.cells import Formula, Sheet, from_items, from_table
from cifer_bot.facilities.intake.columns import find_column
from cifer_bot.facilities.intake.documents import MAX_FILE_BYTES, document_items

FORMATS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
SHEET_NAME = "facilities"
DELIMITERS = (",", ";", "\t")

__all__ = ["SHEET_NAME", "document_items", "read_sheet", "sniff_delimiter"]


def read_sheet(path: Path) -> Sheet:
    """The rows of a facility file, by column name, with the header's own problems."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        hint = " (save it as .xlsx)" if path.suffix.lower() == ".xls" else ""
        raise InputError(
            f"{path}: cannot read a {path.suffix or 'extension-less'} file{hint}; "
            "a facility file is .xlsx, .csv, .yaml or .json"
        )
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: {size / 2**20:,.0f} MiB is more than a facility file may hold "
            f"({MAX_FILE_BYTES // 2**20} MiB); split it into several files"
        )
    if kind == "xlsx":
        return from_table(path, _xlsx_rows(path))
    if kind == "csv":
        return from_table(path, _csv_rows(path))
    return from_items(path, document_items(path, kind))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    try:
        # Formulas as written, not their cached results: a file written by a program
        # other than Excel has no results, and a formula is reported, never dropped.
        workbook = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputError(f"{path}: not a readable .xlsx workbook ({error})") from None
    try:
        sheet = (
            workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        )
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield (
                number,
                [
                    Formula(str(getattr(value, "text", None) or "="))
                    if isinstance(value, ArrayFormula | DataTableFormula)
                    else _formula_or_value(value)
                    for value in values
                ],
            )
    finally:
        workbook.close()


def _formula_or_value(value: Any) -> Any:
    return Formula(value) if isinstance(value, str) and value.startswith("=") else value


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not UTF-8 text; save the sheet as 'CSV UTF-8 (comma delimited)'"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    # Spreadsheet rows, not text lines: a quoted cell may span lines. A CSV holds no
    # formulas, but a cell written as one is one a spreadsheet would run when opened.
    for number, values in enumerate(reader, start=1):
        yield number, [_formula_or_value(value) for value in values]


def sniff_delimiter(text: str) -> str:
    """The delimiter that makes the most known columns of the header.

    A spreadsheet writes `,`, or `;` where the decimal mark is a comma (German or
    French Excel), or tabs. The whole header record decides, read as CSV with each
    candidate: the template's headers hold two lines each (English, then Chinese),
    so the header's first text line is not the header.
    """
    best, best_score = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        header = _first_record(text, delimiter)
        known = sum(find_column(cell) is not None for cell in header if cell.strip())
        score = (known, sum(1 for cell in header if cell.strip()))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_record(text: str, delimiter: str) -> list[str]:
    """The first record that is neither empty nor a comment (`# ...`)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            first = next((cell for cell in record if cell.strip()), None)
            if first is not None and not first.lstrip().startswith("#"):
                return record
    except csv.Error:
        return []
    return []
