"""Reading a facility file (.xlsx, .csv, .yaml/.yml, .json) into rows by column name.

The header's own problems (an unknown or repeated column, a missing required one, a
column of passwords) are found here; the rows are checked by `cifer_bot.facilities.intake`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake.cells import Sheet, from_items, from_table

FORMATS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
SHEET_NAME = "facilities"


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
    if kind == "xlsx":
        return from_table(path, _xlsx_rows(path))
    if kind == "csv":
        return from_table(path, _csv_rows(path))
    return from_items(path, document_items(path, kind))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise InputError(f"{path}: not a readable .xlsx workbook ({error})") from None
    try:
        sheet = (
            workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        )
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not UTF-8 text; save the sheet as 'CSV UTF-8 (comma delimited)'"
        ) from None
    # The header tells the delimiter: some spreadsheets write ';' or tabs.
    header = next(
        (line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")),
        "",
    )
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Spreadsheet rows, not text lines: a quoted cell may span lines.
    yield from enumerate(reader, start=1)


# libyaml's parser where PyYAML was built with it (several times faster on a long file),
# with the same safe constructor and resolver as yaml.safe_load; else the pure-Python one.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
        # libyaml words its errors otherwise and quotes no excerpt of the line: parse
        # again with the pure-Python loader, which says where and what as it always has.
        return yaml.safe_load(text)


def document_items(path: Path, kind: str) -> list[Any]:
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = _load_yaml(text) if kind == "yaml" else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not valid {kind.upper()}: {error}") from None
    if isinstance(data, dict) and isinstance(data.get("facilities"), list):
        return list(data["facilities"])
    if isinstance(data, list):
        return data
    raise InputError(
        f"{path}: expected a list of facilities, or a mapping with a `facilities:` list"
    )
