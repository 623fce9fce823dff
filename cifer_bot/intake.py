"""Facility files in, facilities and problems out.

A facility file (.xlsx, .csv, .yaml/.yml, .json) holds one row per physical site, with
the columns of `cifer_bot/data/facility-columns.yaml`. Every row is checked; a bad row
yields problems and never stops the others. Passwords are refused: they live in the
environment or `.env` (see `cifer_bot.credentials`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from cifer_bot import rules
from cifer_bot.catalog import CATEGORY_SEPARATORS, Catalog, UnknownCategory, load_catalog
from cifer_bot.errors import InputError
from cifer_bot.models import (
    AbroadAccount,
    AccountDetails,
    ApplicationDetails,
    Facility,
    label_en,
    label_zh,
)
from cifer_bot.resources import data_dir

FORMATS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
SHEET_NAME = "facilities"
PASSWORD_ADVICE = (
    "passwords do not go in a facility file: remove the column and keep each account's "
    "password in the environment or in .env (run `cifer-bot password new USERNAME`)"
)

_FORMS: dict[str, type[BaseModel]] = {
    "facility": Facility,
    "account": AccountDetails,
    "application": ApplicationDetails,
}


# --- columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a facility file and the model fields it fills."""

    name: str
    targets: tuple[tuple[str, str], ...]
    zh: str
    en: str
    aliases: tuple[str, ...]
    note: str
    required: bool


@cache
def columns() -> tuple[Column, ...]:
    """The facility file's columns, in the template's order."""
    raw = yaml.safe_load((data_dir() / "facility-columns.yaml").read_text(encoding="utf-8"))
    result = []
    for entry in raw["columns"]:
        pairs = [str(target).split(".", 1) for target in entry["to"]]
        targets = tuple((form, name) for form, name in pairs)
        form, name = targets[0]
        model = _FORMS[form]
        result.append(
            Column(
                name=entry["column"],
                targets=targets,
                zh=entry.get("zh") or label_zh(model, name),
                en=label_en(model, name),
                aliases=tuple(entry.get("also", ())),
                note=entry["note"],
                required=any(_FORMS[f].model_fields[n].is_required() for f, n in targets),
            )
        )
    return tuple(result)


def _key(header: str) -> str:
    """A header reduced to letters and digits: `*企业名称：`, `Enterprise name` and
    `enterprise_name` compare as their words only."""
    text = unicodedata.normalize("NFKC", header).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@cache
def _column_index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    # Column names first, then Chinese headers, then other names: `remarks` is the
    # application's column although the account's remarks are in English "Remarks" too.
    for tier in range(4):
        for column in columns():
            names = ([column.name], [column.zh], list(column.aliases), [column.en])[tier]
            for name in names:
                index.setdefault(_key(name), column)
    return index


def find_column(header: str) -> Column | None:
    """The column a header names: English name or label, Chinese label, or both on
    two lines as the template writes them."""
    index = _column_index()
    if _key(header) in index:
        return index[_key(header)]
    found = {index[_key(part)] for part in header.splitlines() if _key(part) in index}
    return found.pop() if len(found) == 1 else None


@cache
def _password_words() -> tuple[str, ...]:
    """What marks a password header: the registration form's own password labels."""
    labels = {"password", "passwd", "pwd"}
    for name in ("password", "confirm_password"):
        labels |= {label_zh(AbroadAccount, name), label_en(AbroadAccount, name)}
    return tuple(_key(label) for label in labels)


def _is_password(header: str) -> bool:
    key = _key(header)
    return any(word in key for word in _password_words())


def _column_for(form: str, field_name: str) -> Column | None:
    for column in columns():
        if (form, field_name) in column.targets:
            return column
    return None


# --- problems ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One mistake in one row, told so that a person who reads no Chinese can fix it."""

    row: int
    facility: str | None
    field: str | None
    label_en: str | None
    label_zh: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f', "{self.facility}"' if self.facility else "")
        what = ""
        if self.field:
            what = f"{self.field} ({self.label_zh})" if self.label_zh else self.field
            if self.value is not None:
                what += f" = {_shown(self.value)!r}"
            what += ": "
        return f"{where}: {what}{self.rule}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass
class IntakeResult:
    """The facilities of the rows that passed every check, and every problem found."""

    source: Path
    rows: int
    facilities: list[Facility] = field(default_factory=list)
    facility_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def summary(self) -> str:
        applications = sum(len(f.categories) for f in self.facilities)
        valid = (
            f"{len(self.facilities)} valid ({applications} application"
            f"{'' if applications == 1 else 's'})"
        )
        if self.ok:
            return f"{self.source}: {self.rows} row{'' if self.rows == 1 else 's'}, all {valid}."
        return (
            f"{self.source}: {self.rows} rows, {valid}, {self.bad_rows} with problems; "
            f"{len(self.problems)} problem{'' if len(self.problems) == 1 else 's'} to fix."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.source),
            "ok": self.ok,
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "valid_rows": self.facility_rows,
            "facilities": [f.name for f in self.facilities],
            "problems": [p.as_dict() for p in self.problems],
        }


# --- reading files -------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its number as the user counts it, and its cells by column name."""

    number: int
    values: dict[str, Any]


@dataclass
class Sheet:
    """What a file holds before validation."""

    rows: list[Row]
    problems: list[Problem]
    # Every data row's number, including items that are not mappings at all.
    numbers: list[int]
    # Columns absent from a header row: reported once, not once per row.
    absent: set[str] = field(default_factory=set)


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
        return _from_table(path, _xlsx_rows(path))
    if kind == "csv":
        return _from_table(path, _csv_rows(path))
    return _from_items(path, _document_items(path, kind))


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


def _document_items(path: Path, kind: str) -> list[Any]:
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


def _from_table(path: Path, rows: Iterable[tuple[int, list[Any]]]) -> Sheet:
    header: dict[int, Column] = {}
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
            continue
        cells: dict[str, Any] = {}
        for index, value in enumerate(values):
            cell = _cell(value)
            if cell is None:
                continue
            if index in header:
                cells[header[index].name] = cell
            elif index not in headed:
                unnamed.setdefault(index, number)
        data.append(Row(number, cells))
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
                f"column {_letter(index)} has no header but holds values "
                f"(first at row {first}); give it a header or delete it",
            )
        )
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
    return Sheet(rows=data, problems=problems, numbers=[r.number for r in data], absent=absent)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


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
        if _is_password(text):
            raise InputError(
                f"{path}: column {_letter(index)} ({text.splitlines()[0]!r}) holds passwords; "
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
                    f"column {_letter(index)} {_unknown_header(text)}",
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
                    f"column {_letter(index)} repeats the column {column.name}; "
                    "only the first is read",
                )
            )
        else:
            header[index] = column
    return header, headed, problems


def _unknown_header(text: str) -> str:
    import difflib

    names = [c.name for c in columns()]
    close = difflib.get_close_matches(_key(text), [_key(n) for n in names], n=1, cutoff=0.7)
    hint = ""
    if close:
        hint = "; did you mean " + next(n for n in names if _key(n) == close[0]) + "?"
    return (
        f"has an unknown header {text.splitlines()[0]!r}{hint} "
        "(the template lists the columns: cifer-bot template FILE.xlsx)"
    )


def _from_items(path: Path, items: list[Any]) -> Sheet:
    data: list[Row] = []
    problems: list[Problem] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(
                Problem(number, None, None, None, None, None, "expected a mapping of column: value")
            )
            continue
        cells: dict[str, Any] = {}
        for key, value in item.items():
            text = str(key)
            if _is_password(text):
                raise InputError(f"{path}: item {number} has a {text!r} key; {PASSWORD_ADVICE}")
            column = find_column(text)
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
            cell = _cell(value)
            if cell is not None:
                cells[column.name] = cell
        data.append(Row(number, cells))
    return Sheet(rows=data, problems=problems, numbers=list(range(1, len(items) + 1)))


def _name_of(item: dict[Any, Any]) -> str | None:
    value = item.get("name")
    return str(value) if value is not None else None


# --- rows to facilities --------------------------------------------------------------


def _nested(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {"account": {}, "application": {}}
    for name, value in row.values.items():
        column = next(c for c in columns() if c.name == name)
        for form, field_name in column.targets:
            if form == "facility":
                data[field_name] = value
            else:
                data[form][field_name] = value
    return data


def _problems_of(row: Row, error: ValidationError, absent: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    facility = _facility_name(row)
    for item in error.errors(include_url=False, include_input=False):
        loc = item["loc"]
        if loc and loc[0] in ("account", "application") and len(loc) > 1:
            form, field_name = str(loc[0]), str(loc[1])
        else:
            form, field_name = "facility", str(loc[0]) if loc else ""
        column = _column_for(form, field_name)
        if column is None:  # not reachable from a file; kept for programmatic input
            problems.append(
                Problem(
                    row.number, facility, field_name or None, None, None, None, _rule(item, None)
                )
            )
            continue
        if column.name in absent:
            continue
        value = row.values.get(column.name)
        problems.append(
            Problem(
                row=row.number,
                facility=facility,
                field=column.name,
                label_en=column.en,
                label_zh=column.zh,
                value=_as_text(value),
                rule=_rule(item, column),
            )
        )
    return problems


def _rule(item: Any, column: Column | None) -> str:
    kind = item["type"]
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind in ("missing", "string_too_short") or (
        kind == "too_short" and column is not None and column.name == "category"
    ):
        if column is not None and column.name == "approval_no":
            return "required: the guide says the registration system cannot be used without it"
        if column is not None and column.name == "category":
            return "required: name at least one food category (cifer-bot categories)"
        return "required: the portal marks it mandatory"
    if kind == "literal_error" and column is not None:
        return f"not one of the allowed values: {item['ctx']['expected']}"
    return str(item["msg"])


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _facility_name(row: Row) -> str | None:
    value = row.values.get("name")
    return str(value) if value is not None else None


def _categories(value: Any, catalog: Catalog) -> set[str]:
    parts = value if isinstance(value, list) else [value] if value is not None else []
    codes: set[str] = set()
    for part in parts:
        text = str(part)
        for separator in CATEGORY_SEPARATORS[1:]:
            text = text.replace(separator, CATEGORY_SEPARATORS[0])
        for name in text.split(CATEGORY_SEPARATORS[0]):
            if name.strip():
                # An unknown name is reported by the row's own validation.
                with contextlib.suppress(UnknownCategory):
                    codes.add(catalog.lookup(name).code)
    return codes


def _fold_key(value: Any, fold: Callable[[str], str] = str.casefold) -> str | None:
    """What `value` is compared by when rows are checked for the same site; None when
    the cell is empty, which matches nothing."""
    return None if value is None else fold(str(value).strip())


@dataclass(frozen=True)
class _SiteKeys:
    """One row's values as the duplicate check compares them, worked out once."""

    name: str | None
    address: str | None
    approval_no: str | None
    categories: frozenset[str]
    username: str | None


def _site_keys(row: Row, catalog: Catalog) -> _SiteKeys:
    approval_no = _fold_key(row.values.get("approval_no"))
    return _SiteKeys(
        name=_fold_key(row.values.get("name")),
        address=_fold_key(row.values.get("production_address"), rules.comparable_address),
        approval_no=approval_no,
        categories=(
            frozenset(_categories(row.values.get("category"), catalog))
            if approval_no is not None
            else frozenset()
        ),
        username=_fold_key(row.values.get("username")),
    )


def _duplicates(rows: list[Row], catalog: Catalog) -> list[Problem]:
    """One registration per physical site: a later row that repeats an earlier row's
    site is a problem naming both rows; the earlier row stays.

    A later row is reported once, against the first earlier row it repeats in any way
    (short name, production address, portal username, or Approval NO with a category
    in common), with every way in which it repeats that row. Each row's keys are
    worked out once and the first row of each key is kept, so the check is linear in
    the number of rows.
    """
    problems: list[Problem] = []
    by_column = {c.name: c for c in columns()}
    keys = [_site_keys(row, catalog) for row in rows]
    first_name: dict[str, int] = {}
    first_address: dict[str, int] = {}
    first_username: dict[str, int] = {}
    first_approval: dict[tuple[str, str], int] = {}  # (approval_no, category code)
    for index, (later, mine) in enumerate(zip(rows, keys, strict=True)):
        hits: list[int] = []
        if mine.name is not None and mine.name in first_name:
            hits.append(first_name[mine.name])
        if mine.address is not None and mine.address in first_address:
            hits.append(first_address[mine.address])
        if mine.username is not None and mine.username in first_username:
            hits.append(first_username[mine.username])
        if mine.approval_no is not None:
            for code in mine.categories:
                pair = (mine.approval_no, code)
                if pair in first_approval:
                    hits.append(first_approval[pair])
                else:
                    first_approval[pair] = index
        if mine.name is not None:
            first_name.setdefault(mine.name, index)
        if mine.address is not None:
            first_address.setdefault(mine.address, index)
        if mine.username is not None:
            first_username.setdefault(mine.username, index)
        if not hits:
            continue
        # The first row it repeats, as the earlier rows were read in order.
        earlier, theirs = rows[min(hits)], keys[min(hits)]
        reasons: list[tuple[str, str]] = []
        if mine.name is not None and mine.name == theirs.name:
            reasons.append(("name", "the same short name"))
        if mine.address is not None and mine.address == theirs.address:
            reasons.append(("production_address", "the same production site address"))
        if mine.approval_no is not None and mine.approval_no == theirs.approval_no:
            shared = mine.categories & theirs.categories
            if shared:
                names = ", ".join(i.name_zh for i in catalog.items if i.code in shared)
                reasons.append(("approval_no", f"the same Approval NO and category {names}"))
        if mine.username is not None and mine.username == theirs.username:
            reasons.append(("username", "the same portal username"))
        column = by_column[reasons[0][0]]
        earlier_name = _facility_name(earlier)
        problems.append(
            Problem(
                row=later.number,
                facility=_facility_name(later),
                field=column.name,
                label_en=column.en,
                label_zh=column.zh,
                value=_as_text(later.values.get(column.name)),
                rule=(
                    f"repeats row {earlier.number}"
                    + (f' ("{earlier_name}")' if earlier_name else "")
                    + f": {', '.join(r for _, r in reasons)}. A physical site registers "
                    "once, under one account: give each site one row and list all its "
                    "categories in that row, separated by ;"
                ),
            )
        )
    return problems


def check_rows(
    sheet: Sheet, *, base_dir: Path, catalog: Catalog | None = None
) -> tuple[list[tuple[int, Facility]], list[Problem]]:
    """Validate every row: the facilities of the good rows, and all problems found."""
    catalog = catalog or load_catalog()
    context = {"base_dir": base_dir, "catalog": catalog}
    problems = list(sheet.problems)
    built: dict[int, Facility] = {}
    for row in sheet.rows:
        try:
            built[row.number] = Facility.model_validate(_nested(row), context=context)
        except ValidationError as error:
            problems.extend(_problems_of(row, error, sheet.absent))
    problems.extend(_duplicates(sheet.rows, catalog))
    problems = _unique(problems)
    order = {c.name: i for i, c in enumerate(columns())}
    problems.sort(key=lambda p: (p.row, order.get(p.field or "", -1)))
    bad = {p.row for p in problems}
    good = [(number, facility) for number, facility in built.items() if number not in bad]
    return good, problems


def _unique(problems: list[Problem]) -> list[Problem]:
    """A column that fills two forms (country, approval_no, enterprise_name) is checked
    by both: report its mistake once."""
    seen: set[tuple[int, str | None, str]] = set()
    result = []
    for problem in problems:
        key = (problem.row, problem.field, problem.rule)
        if key not in seen:
            seen.add(key)
            result.append(problem)
    return result


def read_facilities(path: Path, *, catalog: Catalog | None = None) -> IntakeResult:
    """Read and check a facility file; relative paths in it are relative to its folder."""
    sheet = read_sheet(path)
    if not sheet.numbers:
        raise InputError(f"{path}: no facility rows under the header; nothing to check")
    good, problems = check_rows(sheet, base_dir=path.resolve().parent, catalog=catalog)
    return IntakeResult(
        source=path,
        rows=len(sheet.numbers),
        bad_rows=len({p.row for p in problems} & set(sheet.numbers)),
        facilities=[facility for _, facility in good],
        facility_rows=[number for number, _ in good],
        problems=problems,
    )


def validate_file(*, path: Path) -> IntakeResult:
    """What `cifer-bot validate FILE` does."""
    return read_facilities(path)
