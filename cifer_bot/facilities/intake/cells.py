"""From a file's rows or items to cells by column name, with the header's problems.

A formula is reported by its row and column, never dropped or typed into the portal;
a line break in a one-line column is joined (`breaks`), with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake.breaks import join_breaks
from cifer_bot.facilities.intake.columns import (
    PASSWORD_ADVICE,
    Column,
    columns,
    find_column,
    header_key,
    is_password,
    letter,
)
from cifer_bot.facilities.intake.problems import Problem, Row


@dataclass
class Sheet:
    """What a file holds before validation."""

    rows: list[Row]
    problems: list[Problem]
    # Every data row's number, including items that are not mappings at all.
    numbers: list[int]
    # Columns absent from a header row: reported once, not once per row.
    absent: set[str] = field(default_factory=set)
    # What was changed for the portal and should be checked (a line break joined).
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that holds a formula (`=...`) rather than a value."""

    text: str

    def __str__(self) -> str:
        return self.text


def _own_header(column: Column, header: str) -> str | None:
    """The header as the file wrote it, unless it is the column's own name."""
    own = header_key(column.name)
    return None if any(header_key(line) == own for line in header.splitlines()) else header


def _cell(value: Any) -> Any:
    """A cell as the models take it: text stripped, empty as absent, whole numbers as
    their digits (a spreadsheet turns an approval number into 12345.0), dates as dates."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, list | tuple):
        items = [_cell(item) for item in value]
        return [item for item in items if item is not None] or None
    return value


def _is_comment(values: list[Any]) -> bool:
    first = next((v for v in values if v is not None and str(v).strip()), None)
    return isinstance(first, str) and first.lstrip().startswith("#")


def from_table(path: Path, rows: Iterable[tuple[int, list[Any]]]) -> Sheet:
    header: dict[int, Column] = {}
    headers: dict[str, str] = {}
    header_row = 0
    problems: list[Problem] = []
    headed: set[int] = set()  # column indexes with any header text, known or not
    unnamed: dict[int, int] = {}  # column index without a header -> first row with a value
    data: list[Row] = []
    for number, values in rows:
        if all(_cell(v) is None for v in values) or _is_comment(values):
            continue
        if not header_row:
            header_row = number
            header, headed, problems = _read_header(path, number, values)
            headers = {
                column.name: own
                for index, column in header.items()
                if (own := _own_header(column, str(values[index]).strip())) is not None
            }
            continue
        cells: dict[str, Any] = {}
        formulas: list[tuple[int, Formula]] = []
        for index, value in enumerate(values):
            if isinstance(value, Formula):
                formulas.append((index, value))
                continue
            cell = _cell(value)
            if cell is None:
                continue
            if index in header:
                cells[header[index].name] = cell
            elif index not in headed:
                unnamed.setdefault(index, number)
        row = Row(number, cells, headers, {header[i].name for i, _ in formulas if i in header})
        data.append(row)
        problems += [
            _formula(row, index, header.get(index), formula) for index, formula in formulas
        ]
    if not header_row:
        raise InputError(f"{path}: no header row and no data")
    for index, first in sorted(unnamed.items()):
        problems.append(
            Problem(
                header_row,
                None,
                None,
                None,
                None,
                None,
                f"column {letter(index)} has no header but holds values "
                f"(first at row {first}); give it a header or delete it",
            )
        )
    warnings = [warning for row in data for warning in join_breaks(row)]
    named = {column.name for column in header.values()}
    absent = {c.name for c in columns() if c.required and c.name not in named}
    for column in columns():
        if column.name in absent:
            problems.append(
                Problem(
                    header_row,
                    None,
                    column.name,
                    column.en,
                    column.zh,
                    None,
                    "column missing: every row needs it",
                )
            )
    return Sheet(
        rows=data,
        problems=problems,
        numbers=[r.number for r in data],
        absent=absent,
        warnings=warnings,
    )


def _formula(row: Row, index: int, column: Column | None, formula: Formula) -> Problem:
    name = row.values.get("name")
    where = f"column {letter(index)}"
    return Problem(
        row=row.number,
        facility=str(name) if name is not None else None,
        field=column.name if column else None,
        label_en=column.en if column else None,
        label_zh=column.zh if column else None,
        value=formula.text,
        rule=(
            f"{where} holds a formula; cifer-bot reads values only, and types no formula "
            "into the portal: type the value itself (or copy the column and paste it "
            "as values)"
        ),
        header=row.headers.get(column.name) if column else None,
    )


def _read_header(
    path: Path, number: int, values: list[Any]
) -> tuple[dict[int, Column], set[int], list[Problem]]:
    header: dict[int, Column] = {}
    headed: set[int] = set()
    problems: list[Problem] = []
    for index, value in enumerate(values):
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        headed.add(index)
        if is_password(text):
            raise InputError(
                f"{path}: column {letter(index)} ({text.splitlines()[0]!r}) holds passwords; "
                f"{PASSWORD_ADVICE}"
            )
        column = find_column(text)
        if column is None:
            problems.append(
                Problem(
                    number,
                    None,
                    None,
                    None,
                    None,
                    text,
                    f"column {letter(index)} {_unknown_header(text)}",
                )
            )
        elif column in header.values():
            problems.append(
                Problem(
                    number,
                    None,
                    None,
                    None,
                    None,
                    text,
                    f"column {letter(index)} repeats the column {column.name}; "
                    "only the first is read",
                )
            )
        else:
            header[index] = column
    return header, headed, problems


def _unknown_header(text: str) -> str:
    import difflib

    names = [c.name for c in columns()]
    close = difflib.get_close_matches(
        header_key(text), [header_key(n) for n in names], n=1, cutoff=0.7
    )
    hint = ""
    if close:
        hint = "; did you mean " + next(n for n in names if header_key(n) == close[0]) + "?"
    return (
        f"has an unknown header {text.splitlines()[0]!r}{hint} "
        "(the template lists the columns: cifer-bot template FILE.xlsx)"
    )


def from_items(path: Path, items: list[Any]) -> Sheet:
    data: list[Row] = []
    problems: list[Problem] = []
    # A key's column and its header as written, by the key's text.
    keyed: dict[str, tuple[Column | None, str | None]] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(
                Problem(number, None, None, None, None, None, "expected a mapping of column: value")
            )
            continue
        cells: dict[str, Any] = {}
        headers: dict[str, str] = {}
        for key, value in item.items():
            text = str(key)
            if text not in keyed:  # each key of the file normalised once, not once a row
                if is_password(text):
                    raise InputError(f"{path}: item {number} has a {text!r} key; {PASSWORD_ADVICE}")
                found = find_column(text)
                keyed[text] = (found, _own_header(found, text) if found else None)
            column, own = keyed[text]
            if column is None:
                problems.append(
                    Problem(
                        number,
                        _name_of(item),
                        None,
                        None,
                        None,
                        text,
                        _unknown_header(text).replace("has an unknown header", "unknown column"),
                    )
                )
                continue
            if own is not None:
                headers[column.name] = own
            cell = _cell(value)
            if cell is not None:
                cells[column.name] = cell
        data.append(Row(number, cells, headers))
    return Sheet(
        rows=data,
        problems=problems,
        numbers=list(range(1, len(items) + 1)),
        warnings=[warning for row in data for warning in join_breaks(row)],
    )


def _name_of(item: dict[Any, Any]) -> str | None:
    value = item.get("name")
    return str(value) if value is not None else None
