"""Text the portal can take (issue 11, item 2): no control characters, one line where
the field has one, and no longer than the field, as the selector map assumes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cifer_bot.facilities.fields import FormModel
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.facilities.models import AccountDetails, ApplicationDetails
from cifer_bot.resources import selectors_dir
from tests.support.facility_rows import good_row, write_csv, write_documents, write_yaml

FORMS: dict[str, type[FormModel]] = {"account": AccountDetails, "application": ApplicationDetails}
PHONES = {"tel", "fax", "mobile", "legal_rep_tel", "contact_tel"}


def _read(tmp_path: Path, kind: str, **cells: Any) -> Any:
    write_documents(tmp_path)
    rows = [good_row(1) | cells]
    if kind == "csv":
        return read_facilities(write_csv(tmp_path / "f.csv", rows))
    return read_facilities(write_yaml(tmp_path / "f.yaml", rows))


@pytest.mark.parametrize("kind", ["csv", "yaml"])
@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("enterprise_name", "Acme\x00 Foods", "holds NUL (U+0000) at character 5"),
        ("contact_name", "Mei\x1b[2J Chen", "holds ESC (U+001B) at character 4"),
        ("legal_rep_name", "Thomas\rHart", "holds a carriage return (U+000D)"),
        ("approval_authority", "Dept\tof Agriculture", "holds a tab (U+0009)"),
        ("name", "site\u202eexe.txt", "holds the control character U+202E"),
        ("remarks", "ok\x07", "holds the control character U+0007"),
    ],
)
def test_control_characters_are_refused(
    tmp_path: Path, kind: str, column: str, value: str, words: str
) -> None:
    # What broke: NUL, escape sequences and carriage returns were typed into the portal.
    result = _read(tmp_path, kind, **{column: value})
    assert [p.field for p in result.problems] == [column], result.lines()
    assert words in result.problems[0].rule
    assert result.facilities == []


def test_a_line_break_in_a_one_line_field_becomes_a_comma_with_a_warning(tmp_path: Path) -> None:
    # Excel's Alt+Enter leaves a line break in the cell: the portal's field has one line.
    result = _read(
        tmp_path,
        "csv",
        production_address="Unit 1,\r\n12 Harbour Road\nHobart TAS 7000",
        enterprise_name="Harbour Foods\nPty Ltd",
    )
    assert result.ok, result.lines()
    [facility] = result.facilities
    assert facility.application.production_address == "Unit 1, 12 Harbour Road, Hobart TAS 7000"
    assert facility.account.enterprise_name == "Harbour Foods, Pty Ltd"
    assert [w.field for w in result.warnings] == ["enterprise_name", "production_address"]
    assert "its line breaks became ', '" in result.warnings[1].rule
    assert result.warning_lines()[1].startswith('warning: row 2, "site-01": production_address')
    assert result.summary().endswith("all 1 valid (1 application). 2 warnings to check.")


def test_the_multi_line_field_keeps_its_lines_and_tabs(tmp_path: Path) -> None:
    result = _read(tmp_path, "yaml", remarks="First line\r\nSecond\tline")
    assert result.ok, result.lines()
    assert result.facilities[0].application.remarks == "First line\nSecond\tline"
    assert result.warnings == []


def _limits() -> list[tuple[str, str, int]]:
    raw = yaml.safe_load((selectors_dir() / "2021-11-26.yaml").read_text(encoding="utf-8"))
    return [
        (*entry["field"].split(".", 1), entry["max_length"])
        for page in raw["pages"]
        for entry in page.get("entries", [])
        if entry.get("max_length") is not None
    ]


def test_the_map_gives_every_text_field_of_both_forms_a_limit() -> None:
    limited = {(form, field) for form, field, _ in _limits()}
    assert len(limited) == 25
    assert ("application", "production_address") in limited
    assert ("application", "remarks") in limited


def _long_email(length: int) -> str:
    """A well-formed address of exactly `length` characters (labels of at most 63)."""
    local, tail = "a" * 60 + "@", ".com"
    left, labels = length - len(local) - len(tail), []
    while left > 62:
        labels.append("b" * 50)
        left -= 51
    return local + ".".join([*labels, "b" * left]) + tail


@pytest.mark.parametrize(
    ("form", "field", "limit"),
    # A valid telephone number is shorter than any limit: its own rule refuses a longer.
    [case for case in _limits() if case[1] not in PHONES],
)
def test_each_field_takes_the_map_s_limit_and_no_more(form: str, field: str, limit: int) -> None:
    # What broke: a 10,000-character address and remarks were accepted.
    model = FORMS[form]
    valid = _valid(form)
    others = {name: getattr(valid, name) for name in model.model_fields if name != field}

    def text(length: int) -> str:
        return _long_email(length) if field.endswith("email") else "x" * length

    assert len(text(limit)) == limit and len(text(limit + 1)) == limit + 1
    assert getattr(model.model_validate({**others, field: text(limit)}), field) == text(limit)
    with pytest.raises(ValueError, match=f"takes at most {limit:,}"):
        model.model_validate({**others, field: text(limit + 1)})


def _valid(form: str) -> Any:
    path = Path(__file__).resolve().parents[2] / "examples" / "facilities.yaml"
    facility = read_facilities(path).facilities[0]
    return facility.account if form == "account" else facility.application


def test_a_ten_thousand_character_address_and_remarks_are_refused(tmp_path: Path) -> None:
    result = _read(tmp_path, "yaml", production_address="x" * 10_000, remarks="y" * 10_000)
    assert [p.field for p in result.problems] == ["production_address", "remarks"]
    assert "has 10,000 characters, and the portal's field takes at most 200" in (
        result.problems[0].rule
    )
    assert "takes at most 500" in result.problems[1].rule


def test_a_column_that_fills_two_forms_is_told_its_tighter_limit_once(tmp_path: Path) -> None:
    result = _read(tmp_path, "yaml", approval_no="A" * 150)
    assert [(p.field, "at most 100" in p.rule) for p in result.problems] == [("approval_no", True)]
