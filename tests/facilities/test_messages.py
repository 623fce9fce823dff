"""Each message points at the real cause (issue 11, item 6)."""

from __future__ import annotations

import csv
from pathlib import Path

from cifer_bot.facilities.intake import columns, read_facilities
from tests.support.facility_rows import good_row, write_documents, write_yaml


def test_a_short_name_used_for_two_sites_asks_to_rename_one(tmp_path: Path) -> None:
    # What broke: it said the site registers once and to merge the rows, for two sites.
    write_documents(tmp_path)
    rows = [good_row(1), good_row(2) | {"name": "site-01"}]
    result = read_facilities(write_yaml(tmp_path / "f.yaml", rows))
    [problem] = result.problems
    assert (problem.row, problem.field) == (2, "name")
    assert problem.rule.startswith('row 1 ("site-01") has this short name too, but is another')
    assert "rename one of the two" in problem.rule
    assert "registers once" not in problem.rule


def test_the_same_site_under_the_same_name_is_still_one_site(tmp_path: Path) -> None:
    write_documents(tmp_path)
    rows = [good_row(1), good_row(1) | {"category": "巧克力"}]
    [problem] = read_facilities(write_yaml(tmp_path / "f.yaml", rows)).problems
    assert "the same short name, the same production site address" in problem.rule
    assert "registers once" in problem.rule


def test_a_missing_short_name_is_not_said_to_be_the_portal_s(tmp_path: Path) -> None:
    # What broke: "required: the portal marks it mandatory", for a name the portal never sees.
    write_documents(tmp_path)
    row = good_row(1)
    del row["name"]
    [problem] = read_facilities(write_yaml(tmp_path / "f.yaml", [row])).problems
    assert problem.field == "name"
    assert "portal marks it" not in problem.rule
    assert "a short name of your own for the site, unique in the file" in problem.rule


def test_a_field_is_named_by_the_header_the_file_used(tmp_path: Path) -> None:
    # What broke: under the header 企业名称 the message named 工作单位, the account
    # form's label, which the file does not show.
    write_documents(tmp_path)
    header = ["企业名称" if column.name == "enterprise_name" else column.zh for column in columns()]
    row = good_row(1)
    del row["enterprise_name"]
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerow([row.get(column.name, "") for column in columns()])
    [problem] = read_facilities(path).problems
    assert str(problem) == (
        'row 2, "site-01": 企业名称 (enterprise_name): required: the portal marks it mandatory'
    )


def test_an_english_header_is_shown_with_the_chinese_label(tmp_path: Path) -> None:
    write_documents(tmp_path)
    row = good_row(1)
    row["E-mail address"] = "export@"
    del row["email"]
    [problem] = read_facilities(write_yaml(tmp_path / "f.yaml", [row])).problems
    assert str(problem).startswith(
        "row 1, \"site-01\": E-mail address (email, 联系邮箱) = 'export@': not a valid e-mail"
    )


def test_a_telephone_number_a_digit_short_is_said_to_be_too_short(tmp_path: Path) -> None:
    # What broke: "+61 3 5550 100" was "not valid: write it in international form", as it was.
    write_documents(tmp_path)
    rows = [good_row(1) | {"contact_tel": "+61 3 5550 100"}]
    [problem] = read_facilities(write_yaml(tmp_path / "f.yaml", rows)).problems
    assert problem.field == "contact_tel"
    assert problem.rule.startswith(
        "has only 8 digits after the country code +61, too few for a whole telephone "
        "number of Australia"
    )


def test_two_short_names_that_make_one_folder_name_both_rows(tmp_path: Path) -> None:
    # What broke: `a/b` and `a-b` wrote one review.md and one review.png: the second
    # application's overwrote the first's, and the report linked both to one screenshot.
    write_documents(tmp_path)
    rows = [good_row(1) | {"name": "Yarra/Choc"}, good_row(2) | {"name": "yarra-choc"}]
    result = read_facilities(write_yaml(tmp_path / "f.yaml", rows))
    [problem] = result.problems
    assert (problem.row, problem.field, problem.label_zh) == (2, "name", "简称")
    assert problem.rule.startswith(
        'makes the same folder for its review files as row 1 ("Yarra/Choc"): both become '
        "'yarra-choc' (the folder keeps letters and digits and ignores case)"
    )
    assert "Rename one of the two" in problem.rule
    assert len(result.facilities) == 1  # the first row stays
