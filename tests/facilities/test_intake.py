"""Facility files in all four formats: the same facilities, the same problems."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cifer_bot.errors import InputError
from cifer_bot.facilities import rules
from cifer_bot.facilities.catalog import Catalog, load_catalog
from cifer_bot.facilities.intake import (
    Problem,
    Row,
    columns,
    find_column,
    read_facilities,
    read_sheet,
)
from cifer_bot.facilities.intake.duplicates import category_codes, find_duplicates
from cifer_bot.facilities.intake.problems import as_text, facility_name
from cifer_bot.facilities.intake.sheets import document_items
from cifer_bot.files import folder_name
from tests.support.facility_rows import (
    ROWS,
    Mistake,
    batch,
    good_row,
    item_number,
    write_all,
    write_csv,
    write_documents,
    write_json,
    write_xlsx,
    write_yaml,
)

FORMATS = ("xlsx", "csv", "yaml", "json")


@pytest.fixture(scope="module")
def batch_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    rows, _ = batch()
    return write_all(tmp_path_factory.mktemp("batch"), rows)


@pytest.fixture(scope="module")
def mistakes() -> list[Mistake]:
    return batch()[1]


def _found(kind: str, problems: list[Problem]) -> list[tuple[int, str | None, str]]:
    return [(item_number(kind, p.row), p.field, p.rule) for p in problems]


@pytest.mark.parametrize("kind", FORMATS)
def test_each_mistake_is_reported_exactly_once(
    kind: str, batch_files: dict[str, Path], mistakes: list[Mistake]
) -> None:
    result = read_facilities(batch_files[kind])
    found = _found(kind, result.problems)
    assert len(found) == len(mistakes), "\n".join(result.lines())
    for mistake in mistakes:
        matching = [f for f in found if f[0] == mistake.row]
        assert len(matching) == 1, (mistake, matching)
        assert matching[0][1] == mistake.field
        assert mistake.rule in matching[0][2]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_good_rows_are_kept(
    kind: str, batch_files: dict[str, Path], mistakes: list[Mistake]
) -> None:
    result = read_facilities(batch_files[kind])
    bad = {m.row for m in mistakes}
    assert result.rows == ROWS
    assert result.bad_rows == len(bad)
    assert [item_number(kind, n) for n in result.facility_rows] == [
        n for n in range(1, ROWS + 1) if n not in bad
    ]
    assert [f.name for f in result.facilities] == [
        f"site-{n:02d}" for n in range(1, ROWS + 1) if n not in bad
    ]


def test_all_formats_yield_the_same_facilities_and_problems(
    batch_files: dict[str, Path],
) -> None:
    results = {kind: read_facilities(path) for kind, path in batch_files.items()}
    dumps = {
        kind: [f.model_dump(mode="json") for f in result.facilities]
        for kind, result in results.items()
    }
    problems = {
        kind: [
            (item_number(kind, p.row), p.facility, p.field, p.label_zh, p.value, p.rule)
            for p in result.problems
        ]
        for kind, result in results.items()
    }
    for kind in FORMATS[1:]:
        assert dumps[kind] == dumps["xlsx"], kind
        # Rows are named by their own file's numbering; "repeats row N" too.
        assert _renumbered(problems[kind], kind) == _renumbered(problems["xlsx"], "xlsx")


def _renumbered(problems: list[tuple[Any, ...]], kind: str) -> list[tuple[Any, ...]]:
    offset = 1 if kind in ("xlsx", "csv") else 0
    out = []
    for item in problems:
        rule = str(item[-1])
        for n in range(ROWS + 1, 0, -1):
            rule = rule.replace(f"repeats row {n}", f"repeats item {n - offset}")
        out.append((*item[:-1], rule))
    return out


def test_problems_name_the_row_facility_field_value_and_rule(
    batch_files: dict[str, Path],
) -> None:
    result = read_facilities(batch_files["xlsx"])
    lines = result.lines()
    assert (
        "row 9, \"site-08\": contact_email (联系人邮箱) = 'foo@': not a valid e-mail address"
        in "\n".join(lines)
    )
    duplicate = next(p for p in result.problems if p.field == "production_address")
    assert 'repeats row 4 ("site-03")' in duplicate.rule
    assert duplicate.row == 39


def test_the_summary_counts_rows_and_problems(batch_files: dict[str, Path]) -> None:
    result = read_facilities(batch_files["yaml"])
    assert "40 rows, 20 valid" in result.summary()
    assert "20 with problems; 20 problems" in result.summary()
    data = result.as_dict()
    assert data["ok"] is False and len(data["problems"]) == 20
    json.dumps(data, ensure_ascii=False)  # serialisable as it stands


def test_a_shared_column_is_reported_once_for_both_forms(tmp_path: Path) -> None:
    # country fills the account and the application; its mistake is one mistake.
    write_documents(tmp_path)
    row = good_row(1) | {"country": "Atlantis", "enterprise_name": " "}
    result = read_facilities(write_yaml(tmp_path / "f.yaml", [row]))
    assert [(p.field, p.rule.split(":")[0]) for p in result.problems] == [
        ("country", "'Atlantis' is not a country"),
        ("enterprise_name", "required"),
    ]


def test_csv_reads_english_or_chinese_headers_with_or_without_bom(tmp_path: Path) -> None:
    write_documents(tmp_path)
    rows = [good_row(1), good_row(4)]
    dumps = []
    for chinese in (False, True):
        for bom in (False, True):
            path = write_csv(tmp_path / f"f-{chinese}-{bom}.csv", rows, chinese=chinese, bom=bom)
            result = read_facilities(path)
            assert result.ok, result.lines()
            dumps.append([f.model_dump(mode="json") for f in result.facilities])
    assert all(dump == dumps[0] for dump in dumps)


def test_csv_with_semicolons_between_cells(tmp_path: Path) -> None:
    write_documents(tmp_path)
    row = good_row(4)  # its category cell holds a ';' too
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["# a title, with a comma"])
        writer.writerow([c.name for c in columns()])
        writer.writerow([row.get(c.name, "") for c in columns()])
    result = read_facilities(path)
    assert result.ok, result.lines()
    assert [i.name_zh for i in result.facilities[0].categories] == ["巧克力", "糖果"]


def test_headers_may_carry_the_portal_marks_and_the_template_form() -> None:
    assert find_column("*企业名称：") is find_column("enterprise_name")
    assert find_column("所在国家（地区）:") is find_column("country")
    assert find_column("Contact e-mail") is find_column("contact_email")
    assert find_column("remarks\n备注") is find_column("remarks")
    assert find_column("账号备注") is find_column("account_remarks")
    assert find_column("no such thing") is None


@pytest.mark.parametrize("header", ["password", "Password", "密码", "确认密码", "confirm_password"])
@pytest.mark.parametrize("kind", ["xlsx", "csv", "yaml"])
def test_a_password_column_is_refused_and_not_repeated(
    tmp_path: Path, kind: str, header: str
) -> None:
    secret = "Sup3r$ecret!"
    row = good_row(1) | {header: secret}
    if kind == "yaml":
        path = write_yaml(tmp_path / "f.yaml", [row])
    else:
        # The writers take the known columns only: add the password column by hand.
        path = tmp_path / f"f.{kind}"
        header_row = [*(c.name for c in columns()), header]
        values = [*(row.get(c.name) for c in columns()), secret]
        if kind == "csv":
            with path.open("w", encoding="utf-8", newline="") as file:
                csv.writer(file).writerows([header_row, values])
        else:
            workbook = Workbook()
            sheet = workbook.active
            assert sheet is not None
            sheet.append(header_row)
            sheet.append(values)
            workbook.save(path)
    with pytest.raises(InputError) as raised:
        read_facilities(path)
    message = str(raised.value)
    assert secret not in message
    assert "cifer-bot password new USERNAME" in message
    assert ".env" in message


def test_an_unknown_column_is_one_problem_and_the_rows_are_still_read(tmp_path: Path) -> None:
    write_documents(tmp_path)
    path = tmp_path / "f.csv"
    rows = [good_row(1), good_row(2)]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*(c.name for c in columns()), "emial"])
        for row in rows:
            writer.writerow([*(row.get(c.name, "") for c in columns()), "x"])
    result = read_facilities(path)
    assert len(result.problems) == 1
    assert result.problems[0].row == 1
    assert "unknown header 'emial'; did you mean email?" in result.problems[0].rule
    assert len(result.facilities) == 2


def test_a_missing_required_column_is_reported_once_not_per_row(tmp_path: Path) -> None:
    write_documents(tmp_path)
    names = [c.name for c in columns() if c.name != "legal_rep_email"]
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(names)
        for n in range(1, 6):
            writer.writerow([good_row(n).get(name, "") for name in names])
    result = read_facilities(path)
    assert [(p.row, p.field, p.rule) for p in result.problems] == [
        (1, "legal_rep_email", "column missing: every row needs it")
    ]
    assert result.facilities == []


def test_values_in_a_column_without_header_are_reported(tmp_path: Path) -> None:
    write_documents(tmp_path)
    path = tmp_path / "f.csv"
    row = good_row(1)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*(c.name for c in columns()), ""])
        writer.writerow([*(row.get(c.name, "") for c in columns()), "stray"])
    result = read_facilities(path)
    assert len(result.problems) == 1
    assert "has no header but holds values (first at row 2)" in result.problems[0].rule


def test_comment_and_blank_rows_are_skipped_but_rows_keep_their_numbers(tmp_path: Path) -> None:
    write_documents(tmp_path)
    path = tmp_path / "f.csv"
    bad = good_row(2) | {"email": "nope"}
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["# a title row"])
        writer.writerow([c.name for c in columns()])
        writer.writerow(["# notes"])
        writer.writerow([good_row(1).get(c.name, "") for c in columns()])
        writer.writerow([])
        writer.writerow([bad.get(c.name, "") for c in columns()])
    result = read_facilities(path)
    assert [(p.row, p.field) for p in result.problems] == [(6, "email")]
    assert result.facility_rows == [4]


def test_excel_numbers_and_dates_become_text_and_dates(tmp_path: Path) -> None:
    write_documents(tmp_path)
    row = good_row(1) | {"approval_no": 123456.0, "founded_date": "2004-05-17"}
    result = read_facilities(write_xlsx(tmp_path / "f.xlsx", [row]))
    assert result.ok, result.lines()
    facility = result.facilities[0]
    assert facility.account.approval_no == "123456"
    assert facility.application.founded_date.isoformat() == "2004-05-17"


def test_relative_document_paths_are_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "batch"
    write_documents(folder)
    write_json(folder / "f.json", [good_row(1)])
    monkeypatch.chdir(tmp_path)  # not the file's folder
    result = read_facilities(Path("batch/f.json"))
    assert result.ok, result.lines()
    assert result.facilities[0].application.identity_document == folder / "documents/id.pdf"


def test_yaml_items_that_are_not_mappings_are_problems(tmp_path: Path) -> None:
    write_documents(tmp_path)
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump([good_row(1), "oops"]), encoding="utf-8")
    result = read_facilities(path)
    assert result.rows == 2
    assert [(p.row, p.rule) for p in result.problems] == [
        (2, "expected a mapping of column: value")
    ]


def test_yaml_lists_of_categories_and_unknown_keys(tmp_path: Path) -> None:
    write_documents(tmp_path)
    row = good_row(1) | {"category": ["巧克力", "D248-A9-CONF-CANDY"], "colour": "red"}
    result = read_facilities(write_yaml(tmp_path / "f.yaml", [row]))
    assert [(p.row, p.value) for p in result.problems] == [(1, "colour")]
    assert "unknown column" in result.problems[0].rule


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.xls", b"", "save it as .xlsx"),
        ("f.txt", b"", "a facility file is .xlsx, .csv, .yaml or .json"),
        ("f.csv", "名称".encode("gb18030"), "not UTF-8"),
        ("f.yaml", b"facilities: [", "not valid YAML"),
        ("f.json", b"{", "not valid JSON"),
        ("f.yaml", b"just: a mapping", "expected a list of facilities"),
        ("f.xlsx", b"not a zip", "not a readable .xlsx workbook"),
        ("f.csv", b"# only a comment\n", "no header row"),
        ("f.csv", b"name,username\n", "no facility rows"),
    ],
)
def test_unreadable_files_are_input_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_facilities(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_sheet(tmp_path / "nope.yaml")


def test_the_example_facility_file_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "facilities.yaml"
    result = read_facilities(example)
    assert result.ok, result.lines()
    assert len(result.facilities) >= 2
    assert any(len(f.categories) > 1 for f in result.facilities)
    assert {f.account_exists for f in result.facilities} == {True, False}


# --- the duplicate check -------------------------------------------------------------

# What broke: the duplicate check (`intake.duplicates`) was quadratic. It compared every
# row with every earlier row and normalised both values again for each pair, the
# production address through rules.comparable_address: 2,000 rows took 16.5 s of a
# 19.7 s read (benchmarks/RESULTS.md). It now works out each row's keys once. These
# tests pin that it still reports exactly what the pairwise check did.

_REMEDY = (
    ". A physical site registers once, under one account: give each site one row and "
    "list all its categories in that row, separated by ;"
)


def _rows_of(values: list[dict[str, Any]]) -> list[Row]:
    return [Row(number, dict(row)) for number, row in enumerate(values, start=1)]


def test_duplicates_among_two_thousand_sites_quadratic_check_regression(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Regression: quadratic duplicate check. Correctness only, no timing: 2,000 sites of
    # their own with a few repeats, and each address normalised once per row, not per pair.
    values = [good_row(n) for n in range(1, 2001)]

    def change(n: int, **cells: Any) -> None:
        values[n - 1].update(cells)

    # The same site as row 3, written otherwise (case, no commas).
    change(1500, production_address=values[2]["production_address"].upper().replace(",", ""))
    # The same Approval NO as row 5 and a category in common: 冷冻水果.
    change(1999, approval_no=values[4]["approval_no"].lower(), category="Frozen fruit; 糖果")
    # The same Approval NO as row 8 but no category in common: a different application.
    change(600, approval_no=values[7]["approval_no"], category="Frozen fruit")
    # The name of row 1200 and the username of row 10: the site is reported against
    # row 10, with only what it repeats of that row; the name, another site's, apart.
    change(1700, name=values[1199]["name"].upper(), username=values[9]["username"])
    # Two kinds against one row: both named, the first column's field reported.
    change(1800, name=values[41]["name"], username=" " + values[41]["username"].upper())
    # Repeats row 3 too, not row 1500 (itself a repeat of row 3).
    change(1900, production_address=values[2]["production_address"] + ".")
    # Repeats the repeat's own username: row 1500 is named.
    change(1950, username=values[1499]["username"])

    calls = 0
    comparable_address = rules.comparable_address

    def counted(address: str) -> str:
        nonlocal calls
        calls += 1
        return comparable_address(address)

    monkeypatch.setattr(rules, "comparable_address", counted)
    problems = find_duplicates(_rows_of(values), load_catalog())
    assert calls == len(values)

    def site(n: int) -> str:
        return f'repeats row {n} ("{values[n - 1]["name"]}"): '

    assert [(p.row, p.facility, p.field, p.value, p.rule) for p in problems] == [
        (
            1500,
            "site-1500",
            "production_address",
            "3 MAIN STREET YARRA GLEN VIC 3775",
            site(3) + "the same production site address" + _REMEDY,
        ),
        (
            1700,
            "SITE-1200",
            "username",
            "site10user",
            site(10) + "the same portal username" + _REMEDY,
        ),
        (
            1700,
            "SITE-1200",
            "name",
            "SITE-1200",
            'row 1200 ("site-1200") has this short name too, but is another site: rename '
            "one of the two, as each row needs a short name of its own",
        ),
        (
            1800,
            "site-42",
            "name",
            "site-42",
            site(42) + "the same short name, the same portal username" + _REMEDY,
        ),
        (
            1900,
            "site-1900",
            "production_address",
            "3 Main Street, Yarra Glen VIC 3775.",
            site(3) + "the same production site address" + _REMEDY,
        ),
        (
            1950,
            "site-1950",
            "username",
            "site1500user",
            site(1500) + "the same portal username" + _REMEDY,
        ),
        (
            1999,
            "site-1999",
            "approval_no",
            "au-vic-1005",
            site(5) + "the same Approval NO and category 冷冻水果" + _REMEDY,
        ),
    ]
    assert all(p.label_zh and p.label_en for p in problems)


def _pairwise_duplicates(rows: list[Row], catalog: Catalog) -> list[Problem]:
    """The oracle: the quadratic check as it was before it was made linear, with a
    short name that repeats another site's told apart (rename one)."""

    def same(a: Any, b: Any, fold: Any = str.casefold) -> bool:
        return a is not None and b is not None and fold(str(a).strip()) == fold(str(b).strip())

    problems: list[Problem] = []
    by_column = {c.name: c for c in columns()}
    for later_index, later in enumerate(rows):
        site: Row | None = None
        for earlier in rows[:later_index]:
            reasons: list[tuple[str, str]] = []
            if same(later.values.get("name"), earlier.values.get("name")):
                reasons.append(("name", "the same short name"))
            if same(
                later.values.get("production_address"),
                earlier.values.get("production_address"),
                rules.comparable_address,
            ):
                reasons.append(("production_address", "the same production site address"))
            if same(later.values.get("approval_no"), earlier.values.get("approval_no")):
                shared = category_codes(later.values.get("category"), catalog) & category_codes(
                    earlier.values.get("category"), catalog
                )
                if shared:
                    names = ", ".join(i.name_zh for i in catalog.items if i.code in shared)
                    reasons.append(("approval_no", f"the same Approval NO and category {names}"))
            if same(later.values.get("username"), earlier.values.get("username")):
                reasons.append(("username", "the same portal username"))
            if not [r for r in reasons if r[0] != "name"]:
                continue
            site = earlier
            column = by_column[reasons[0][0]]
            earlier_name = facility_name(earlier)
            problems.append(
                Problem(
                    row=later.number,
                    facility=facility_name(later),
                    field=column.name,
                    label_en=column.en,
                    label_zh=column.zh,
                    value=as_text(later.values.get(column.name)),
                    rule=(
                        f"repeats row {earlier.number}"
                        + (f' ("{earlier_name}")' if earlier_name else "")
                        + f": {', '.join(r for _, r in reasons)}"
                        + _REMEDY
                    ),
                )
            )
            break
        if site is not None and same(later.values.get("name"), site.values.get("name")):
            continue
        named = next(
            (e for e in rows[:later_index] if same(later.values.get("name"), e.values.get("name"))),
            None,
        )
        if named is not None:
            problems.append(_renamed(later, named))
        elif site is None and later.values.get("name") is not None:
            folder = next(
                (e for e in rows[:later_index] if _folder(e) == _folder(later)),
                None,
            )
            if folder is not None:
                problems.append(_refoldered(later, folder))
    return problems


def _folder(row: Row) -> str | None:
    """The folder a row's review files go to, case aside (None: no short name)."""
    name = row.values.get("name")
    return None if name is None else folder_name(str(name).strip()).casefold()


def _refoldered(later: Row, earlier: Row) -> Problem:
    return _about_name(
        later,
        f"makes the same folder for its review files as row {earlier.number}"
        f"{_quoted(earlier)}: both become {_folder(later)!r} (the folder keeps letters and "
        "digits and ignores case), so one's review files would overwrite the other's. "
        "Rename one of the two",
    )


def _renamed(later: Row, earlier: Row) -> Problem:
    return _about_name(
        later,
        f"row {earlier.number}{_quoted(earlier)} has this short name too, but is another "
        "site: rename one of the two, as each row needs a short name of its own",
    )


def _quoted(row: Row) -> str:
    name = facility_name(row)
    return f' ("{name}")' if name else ""


def _about_name(later: Row, rule: str) -> Problem:
    column = next(c for c in columns() if c.name == "name")
    return Problem(
        row=later.number,
        facility=facility_name(later),
        field="name",
        label_en=column.en,
        label_zh=column.zh,
        value=as_text(later.values.get("name")),
        rule=rule,
    )


# Few values per column, so that rows collide often and in several ways at once.
_CELLS: dict[str, list[Any]] = {
    "name": [None, "a", "A", "a ", "b", "ｂ", 7, "7", "a/b", "A-B", "a b"],
    "production_address": [None, "1 Main St", "1 main st.", "1 MAIN ST, ", "2 Main St", "--", "."],
    "username": [None, "user01", "USER01", "user02", "ｕｓｅｒ01"],
    "approval_no": [None, "X-1", "x-1", "X-2", 12, "12"],
    "category": [
        None,
        "巧克力",
        "Chocolate",
        "巧克力; 糖果",
        "糖果；冷冻水果",
        "Frozen fruit",
        "Chocolat",
        ["冷冻水果", "Chocolate | 巧克力"],
        "Confectionery and chocolate",
        "",
    ],
}


@st.composite
def _batches(draw: st.DrawFn) -> list[Row]:
    size = draw(st.integers(min_value=0, max_value=14))
    values = []
    for _ in range(size):
        row = {
            column: value
            for column, choices in _CELLS.items()
            if (value := draw(st.sampled_from(choices))) is not None
        }
        values.append(row)
    return _rows_of(values)


@settings(max_examples=400, deadline=None)
@given(_batches())
def test_duplicates_match_the_pairwise_check(rows: list[Row]) -> None:
    catalog = load_catalog()
    assert find_duplicates(rows, catalog) == _pairwise_duplicates(rows, catalog)


def test_duplicates_match_the_pairwise_check_on_a_long_random_batch() -> None:
    generator = random.Random(20261124)
    values = [
        {
            column: value
            for column, choices in _CELLS.items()
            if (value := generator.choice(choices)) is not None
        }
        for _ in range(300)
    ]
    rows = _rows_of(values)
    # Row numbers as a spreadsheet counts them: not the list's positions.
    for row in rows:
        row.number += 1
    catalog = load_catalog()
    expected = _pairwise_duplicates(rows, catalog)
    assert len(expected) > 200
    assert find_duplicates(rows, catalog) == expected


def test_invalid_yaml_is_reported_as_the_pure_python_parser_words_it(tmp_path: Path) -> None:
    # Where libyaml parses, its error messages differ: the message stays as it was.
    text = "facilities:\n  - name: a\n    username: b: c\n"
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as parsed:
        yaml.safe_load(text)
    with pytest.raises(InputError) as read:
        read_facilities(path)
    assert str(read.value) == f"{path}: not valid YAML: {parsed.value}"
    assert "^" in str(read.value)


def test_yaml_values_are_text_as_written(tmp_path: Path) -> None:
    # What broke: YAML 1.1 read `country: NO` (Norway) as false, `ON` as true and the
    # code 012 as the number 10. Only true/false and an empty value are not text.
    text = (
        "facilities:\n"
        "  - {name: a, founded_date: 2004-05-17, at: 2001-12-14 21:59:43.10,\n"
        "     yes_: yes, no_: No, on_: on, off_: OFF, none: ~, octal: 012, hex: 0x1F,\n"
        "     under: 1_000, sexagesimal: 1:20, real: .5, e: 1e3, text: '012',\n"
        "     country: NO, approval_no: ON, code: YES, t: true, f: False, empty:,\n"
        "     category: [巧克力, 糖果]}\n"
    )
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    assert document_items(path, "yaml") == [
        {
            "name": "a",
            "founded_date": "2004-05-17",
            "at": "2001-12-14 21:59:43.10",
            "yes_": "yes",
            "no_": "No",
            "on_": "on",
            "off_": "OFF",
            "none": None,
            "octal": "012",
            "hex": "0x1F",
            "under": "1_000",
            "sexagesimal": "1:20",
            "real": ".5",
            "e": "1e3",
            "text": "012",
            "country": "NO",
            "approval_no": "ON",
            "code": "YES",
            "t": True,
            "f": False,
            "empty": None,
            "category": ["巧克力", "糖果"],
        }
    ]
