"""The columns of a facility file, and which header names which column.

The columns are data (`cifer_bot/data/facility-columns.yaml`); the labels of the
portal forms' fields come from the selector map (`cifer_bot.facilities.fields`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from cifer_bot.facilities.fields import is_multi_line, label_en, label_zh
from cifer_bot.facilities.models import (
    AbroadAccount,
    AccountDetails,
    ApplicationDetails,
    Facility,
)
from cifer_bot.resources import data_dir, read_yaml

PASSWORD_ADVICE = (
    "passwords do not go in a facility file: remove the column and keep each account's "
    "password in the environment or in .env (run `cifer-bot password new USERNAME`)"
)

_FORMS: dict[str, type[BaseModel]] = {
    "facility": Facility,
    "account": AccountDetails,
    "application": ApplicationDetails,
}


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
    # Whether every field it fills takes several lines on the portal (a textarea).
    multi_line: bool = False


@cache
def columns() -> tuple[Column, ...]:
    """The facility file's columns, in the template's order."""
    raw = read_yaml(data_dir() / "facility-columns.yaml")
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
                multi_line=all(is_multi_line(f, n) for f, n in targets),
            )
        )
    return tuple(result)


def header_key(header: str) -> str:
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
                index.setdefault(header_key(name), column)
    return index


def find_column(header: str) -> Column | None:
    """The column a header names: English name or label, Chinese label, or both on
    two lines as the template writes them."""
    index = _column_index()
    if header_key(header) in index:
        return index[header_key(header)]
    found = {index[header_key(part)] for part in header.splitlines() if header_key(part) in index}
    return found.pop() if len(found) == 1 else None


@cache
def _password_words() -> tuple[str, ...]:
    """What marks a password header: the registration form's own password labels."""
    labels = {"password", "passwd", "pwd"}
    for name in ("password", "confirm_password"):
        labels |= {label_zh(AbroadAccount, name), label_en(AbroadAccount, name)}
    return tuple(header_key(label) for label in labels)


def is_password(header: str) -> bool:
    key = header_key(header)
    return any(word in key for word in _password_words())


def column_for(form: str, field_name: str) -> Column | None:
    for column in columns():
        if (form, field_name) in column.targets:
            return column
    return None


def letter(index: int) -> str:
    """A spreadsheet's column letter (0 -> A)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
