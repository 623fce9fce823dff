"""The Excel template: bilingual headers, a notes row, drop-downs, and a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake import columns, read_facilities
from cifer_bot.facilities.template import FIRST_DATA_ROW, LISTS_SHEET, write_template
from tests.support.facility_rows import batch, good_row, write_documents, write_yaml


def _sheet(path: Path) -> Worksheet:
    workbook = load_workbook(path)
    sheet = workbook["facilities"]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_headers_are_bilingual_and_a_notes_row_follows(tmp_path: Path) -> None:
    sheet = _sheet(write_template(path=tmp_path / "t.xlsx"))
    headers = [cell.value for cell in sheet[1]]
    assert headers == [f"{c.name}\n{c.zh}" for c in columns()]
    assert "name\n简称" in headers and "founded_date\n建厂时间" in headers
    notes = [str(cell.value) for cell in sheet[2]]
    assert notes[0].startswith("# ")
    assert any("separated by ;" in note for note in notes)
    assert any("cifer-bot password new USERNAME" in note for note in notes)
    assert sheet.freeze_panes == f"B{FIRST_DATA_ROW}"


def test_country_and_category_have_drop_downs(tmp_path: Path) -> None:
    path = write_template(path=tmp_path / "t.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["facilities"]
    assert isinstance(sheet, Worksheet)
    lists = workbook[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    letters = {c.name: get_column_letter(i) for i, c in enumerate(columns(), start=1)}
    validated = {
        str(ref).split(":")[0].rstrip("0123456789"): validation
        for validation in sheet.data_validations.dataValidation
        for ref in validation.sqref.ranges
    }
    for name in ("country", "category", "role", "account_exists", "account_origin"):
        assert letters[name] in validated, name
        assert validated[letters[name]].type == "list"
    lists_values = {
        str(lists.cell(row=1, column=col).value): [
            lists.cell(row=r, column=col).value for r in range(2, lists.max_row + 1)
        ]
        for col in range(1, lists.max_column + 1)
    }
    assert "Australia" in lists_values["country"]
    assert "Chocolate | 巧克力" in lists_values["category"]
    assert "brand_owner" not in lists_values["role"]


def test_the_template_round_trips(tmp_path: Path) -> None:
    path = write_template(path=tmp_path / "t.xlsx")
    write_documents(tmp_path)
    rows, mistakes = batch()
    workbook = load_workbook(path)
    sheet = workbook["facilities"]
    assert isinstance(sheet, Worksheet)
    names = [c.name for c in columns()]
    for offset, row in enumerate(rows):
        for index, name in enumerate(names, start=1):
            value = row.get(name)
            if name == "category" and value == "Frozen fruit":
                value = "Frozen fruit | 冷冻水果"  # as the drop-down offers it
            sheet.cell(row=FIRST_DATA_ROW + offset, column=index, value=value)
    workbook.save(path)

    from_template = read_facilities(path)
    from_yaml = read_facilities(write_yaml(tmp_path / "same.yaml", rows))
    assert [f.model_dump(mode="json") for f in from_template.facilities] == [
        f.model_dump(mode="json") for f in from_yaml.facilities
    ]
    assert len(from_template.problems) == len(mistakes)
    # The first data row is spreadsheet row 3, under the header and the notes.
    assert from_template.facility_rows[0] == FIRST_DATA_ROW
    assert sorted(p.row - FIRST_DATA_ROW + 1 for p in from_template.problems) == [
        m.row for m in mistakes
    ]


def test_a_single_good_row_in_the_template_is_valid(tmp_path: Path) -> None:
    path = write_template(path=tmp_path / "t.xlsx")
    write_documents(tmp_path)
    workbook = load_workbook(path)
    sheet = workbook["facilities"]
    assert isinstance(sheet, Worksheet)
    for index, column in enumerate(columns(), start=1):
        sheet.cell(row=FIRST_DATA_ROW, column=index, value=good_row(4).get(column.name))
    workbook.save(path)
    result = read_facilities(path)
    assert result.ok, result.lines()
    assert result.rows == 1


def test_the_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = write_template(path=tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="--force"):
        write_template(path=path)
    assert write_template(path=path, force=True) == path


def test_the_template_is_an_xlsx_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.xlsx"):
        write_template(path=tmp_path / "t.csv")
