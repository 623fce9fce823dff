"""Putting a value into a form control, whatever widget it is, and reading it back.

Each kind of control has a ladder of ways to set it (`text`, `choice`, `dates`,
`upload`), tried in order; a way counts only when reading the control back gives the
value meant (`same`), compared as what it means: dates as dates, a country by the
country it names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.facilities.countries import country_in_text
from cifer_bot.selector_map import Entry
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Doing
from cifer_bot.steps.widgets import choice, dates, text, upload
from cifer_bot.steps.widgets.page import shown

Value = str | date | Path | SecretStr | None
# What the overlay of a headed run says is done with a control of each kind (`type`).
_DOING: dict[str, Doing] = {"select": "choose", "date": "date"}


def as_text(value: Value) -> str:
    """How a value reads in a form and in the review table."""
    if value is None:
        return ""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.name
    return str(value)


def fill(flow: Flow, page_name: str, entry: Entry, frame: Frame, value: Value, step: str) -> None:
    """Put `value` into the control of `entry` on the page shown in `frame`."""
    if entry.kind == "file":
        if isinstance(value, Path):
            upload.attach(flow, page_name, entry, frame, value, step)
        return
    control = flow.find(page_name, entry.name, scope=frame).locator
    secret = entry.kind == "password" or isinstance(value, SecretStr)
    doing = _DOING.get(entry.kind, "type")
    flow.narrator.act(control, entry, doing, value=as_text(value), secret=secret)
    if entry.kind == "select":
        choice.choose(flow, frame, control, entry, as_text(value), step)
    elif entry.kind == "date":
        day = value if isinstance(value, date) else None
        dates.enter(flow, page_name, frame, control, day, step)
    else:
        text.type_text(control, as_text(value), entry, step, secret=secret)


def read(flow: Flow, page_name: str, entry: Entry, frame: Frame, expected: str = "") -> str:
    """The value the page holds for `entry`, as a person would read it back."""
    if entry.kind == "file":
        return upload.uploaded_name(flow, frame, expected)
    control = flow.find(page_name, entry.name, scope=frame).locator
    if entry.kind == "select":
        return choice.read(control, entry, expected)
    return shown(control).text


def same(entry: Entry, expected: str, actual: str) -> bool:
    """Whether what the page shows is the value meant, as the value means it."""
    if not expected or not actual:
        return expected.strip() == actual.strip()
    if entry.kind == "date":
        return dates.parse(actual) == dates.parse(expected)
    if entry.kind == "select" and entry.field is not None and entry.field.endswith(".country"):
        return country_in_text(actual) == expected
    if entry.kind == "select":
        return choice.matcher(entry, expected)(actual)
    return expected == actual
