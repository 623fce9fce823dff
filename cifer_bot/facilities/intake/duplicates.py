"""One registration per physical site: rows that repeat an earlier row's site."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cifer_bot.facilities import rules
from cifer_bot.facilities.catalog import CATEGORY_SEPARATORS, Catalog, UnknownCategory
from cifer_bot.facilities.intake.columns import columns
from cifer_bot.facilities.intake.problems import Problem, Row, as_text, facility_name
from cifer_bot.files import folder_name


def category_codes(value: Any, catalog: Catalog) -> set[str]:
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
    folder: str | None  # the name of its review files' folder, without regard to case
    address: str | None
    approval_no: str | None
    categories: frozenset[str]
    username: str | None


def _site_keys(row: Row, catalog: Catalog) -> _SiteKeys:
    approval_no = _fold_key(row.values.get("approval_no"))
    name = _fold_key(row.values.get("name"))
    return _SiteKeys(
        name=name,
        folder=None if name is None else folder_name(name).casefold(),
        address=_fold_key(row.values.get("production_address"), rules.comparable_address),
        approval_no=approval_no,
        categories=(
            frozenset(category_codes(row.values.get("category"), catalog))
            if approval_no is not None
            else frozenset()
        ),
        username=_fold_key(row.values.get("username")),
    )


def find_duplicates(rows: list[Row], catalog: Catalog) -> list[Problem]:
    """One registration per physical site, and one short name (and folder) per row.

    A later row that repeats an earlier row's site (production address, portal
    username, or Approval NO with a category in common) is a problem naming both rows,
    reported once, against the first such row, with every way in which it repeats it;
    the earlier row stays. A short name that repeats an earlier row's, on a different
    site, is a problem of its own: rename one; so is a short name that makes the folder
    name of an earlier row's (`a/b` and `A-b`: their review files would share one
    folder). Each row's keys are worked out once and
    the first row of each key is kept, so the check is linear in the number of rows.
    """
    problems: list[Problem] = []
    keys = [_site_keys(row, catalog) for row in rows]
    first_name: dict[str, int] = {}
    first_folder: dict[str, int] = {}
    first_address: dict[str, int] = {}
    first_username: dict[str, int] = {}
    first_approval: dict[tuple[str, str], int] = {}  # (approval_no, category code)
    for index, mine in enumerate(keys):
        hits: list[int] = []
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
        named = first_name.get(mine.name) if mine.name is not None else None
        folder = first_folder.get(mine.folder) if mine.folder is not None else None
        if mine.name is not None and mine.folder is not None:
            first_name.setdefault(mine.name, index)
            first_folder.setdefault(mine.folder, index)
        if mine.address is not None:
            first_address.setdefault(mine.address, index)
        if mine.username is not None:
            first_username.setdefault(mine.username, index)
        # The first row it repeats, as the earlier rows were read in order.
        site = min(hits) if hits else None
        if site is not None:
            problems.append(_same_site(rows[index], mine, rows[site], keys[site], catalog))
        if named is not None and (site is None or keys[site].name != mine.name):
            problems.append(_same_name(rows[index], rows[named]))
        elif named is None and folder is not None and site is None:
            problems.append(_same_folder(rows[index], rows[folder], mine.folder or ""))
    return problems


def _same_site(
    later: Row, mine: _SiteKeys, earlier: Row, theirs: _SiteKeys, catalog: Catalog
) -> Problem:
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
    return _problem(
        later,
        reasons[0][0],
        f"repeats row {earlier.number}{_named(earlier)}: {', '.join(r for _, r in reasons)}. "
        "A physical site registers once, under one account: give each site one row and "
        "list all its categories in that row, separated by ;",
    )


def _same_name(later: Row, earlier: Row) -> Problem:
    return _problem(
        later,
        "name",
        f"row {earlier.number}{_named(earlier)} has this short name too, but is another "
        "site: rename one of the two, as each row needs a short name of its own",
    )


def _same_folder(later: Row, earlier: Row, folder: str) -> Problem:
    return _problem(
        later,
        "name",
        f"makes the same folder for its review files as row {earlier.number}"
        f"{_named(earlier)}: both become {folder!r} (the folder keeps letters and digits "
        "and ignores case), so one's review files would overwrite the other's. Rename one "
        "of the two",
    )


def _named(row: Row) -> str:
    name = facility_name(row)
    return f' ("{name}")' if name else ""


def _problem(row: Row, field: str, rule: str) -> Problem:
    column = next(c for c in columns() if c.name == field)
    return Problem(
        row=row.number,
        facility=facility_name(row),
        field=column.name,
        label_en=column.en,
        label_zh=column.zh,
        value=as_text(row.values.get(column.name)),
        rule=rule,
        header=row.headers.get(column.name),
    )
