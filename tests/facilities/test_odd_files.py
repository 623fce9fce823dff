"""Files as clients' spreadsheets really are (issue 11, item 3): addresses that differ
by their numbers, the template saved by German or French Excel, and formula cells."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cifer_bot.facilities import rules
from cifer_bot.facilities.intake import columns, read_facilities
from tests.support.facility_rows import good_row, write_documents, write_yaml


def test_addresses_that_differ_by_their_numbers_are_two_sites(tmp_path: Path) -> None:
    # What broke: both read "unit112harbourroad", and the second site was refused.
    write_documents(tmp_path)
    rows = [
        good_row(1) | {"production_address": "Unit 1, 12 Harbour Road, Hobart TAS 7000"},
        good_row(2) | {"production_address": "Unit 11, 2 Harbour Road, Hobart TAS 7000"},
    ]
    result = read_facilities(write_yaml(tmp_path / "f.yaml", rows))
    assert result.ok, result.lines()
    assert len(result.facilities) == 2


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Unit 1, 12 Harbour Road", "Unit 11, 2 Harbour Road", False),
        ("12-14 Main St", "1214 Main St", False),
        ("12 Main St, Hobart", "12 main st hobart", True),
        ("3 Main Street, Yarra Glen VIC 3775", "3 MAIN STREET YARRA GLEN VIC 3775", True),
        ("北京市 朝阳区 1号", "北京市朝阳区１号", True),
    ],
)
def test_comparable_addresses(one: str, other: str, same: bool) -> None:
    assert (rules.comparable_address(one) == rules.comparable_address(other)) is same


def _template_rows(path: Path, delimiter: str, rows: list[dict[str, Any]]) -> Path:
    """The template's sheet as Excel saves it: two-line headers, the notes row."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow([f"{column.name}\n{column.zh}" for column in columns()])
        writer.writerow(
            ["# " + columns()[0].note] + [column.note for column in list(columns())[1:]]
        )
        for row in rows:
            writer.writerow([row.get(column.name, "") for column in columns()])
    return path


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab"), (",", "comma")])
def test_the_template_saved_with_any_separator_is_read(
    tmp_path: Path, delimiter: str, name: str
) -> None:
    # What broke: the separator was guessed from the header's first text line, which
    # for the template's two-line headers is `"name` alone.
    write_documents(tmp_path)
    rows = [good_row(1), good_row(2) | {"remarks": "a; b, c"}]
    result = read_facilities(_template_rows(tmp_path / f"{name}.csv", delimiter, rows))
    assert result.ok, result.lines()
    assert [f.name for f in result.facilities] == ["site-01", "site-02"]
    assert result.facilities[1].application.remarks == "a; b, c"


def test_a_formula_cell_is_reported_by_row_and_column(tmp_path: Path) -> None:
    # What broke: a formula cell was read as empty (no cached value) and dropped silently.
    write_documents(tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "facilities"
    sheet.append([column.name for column in columns()])
    row = good_row(1) | {"contact_name": "=cmd|' /C calc'!A0"}
    sheet.append([row.get(column.name) for column in columns()])
    sheet.append([good_row(2).get(column.name) for column in columns()])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    result = read_facilities(path)
    letter = get_column_letter([c.name for c in columns()].index("contact_name") + 1)
    assert [(p.row, p.field, p.value) for p in result.problems] == [
        (2, "contact_name", "=cmd|' /C calc'!A0")
    ], result.lines()
    assert result.problems[0].rule.startswith(f"column {letter} holds a formula")
    assert [f.name for f in result.facilities] == ["site-02"]


def test_a_formula_written_into_a_csv_is_reported_too(tmp_path: Path) -> None:
    write_documents(tmp_path)
    rows = [good_row(1) | {"enterprise_name": '=HYPERLINK("http://x.example","y")'}]
    result = read_facilities(_template_rows(tmp_path / "f.csv", ",", rows))
    assert [(p.row, p.field) for p in result.problems] == [(3, "enterprise_name")]
    assert "holds a formula" in result.problems[0].rule
