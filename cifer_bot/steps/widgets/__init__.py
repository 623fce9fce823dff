"""Putting a value into a form control, whatever widget it is, and reading it back.

Each kind of control has a ladder of ways to set it (`text`, `choice`, `dates`,
`upload`), tried in order; a way counts only when reading the control back gives the
value meant (`same`), compared as what it means: dates as dates, a country by the
country it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.facilities.countries import country_in_text
from cifer_bot.portal.marked import Marked, MarkGone
from cifer_bot.portal.resolver import Resolution
from cifer_bot.selector_map import Entry
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Doing
from cifer_bot.steps.widgets import choice, dates, text, upload
from cifer_bot.steps.widgets.page import shown, shown_each

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


def fill(
    flow: Flow,
    page_name: str,
    entry: Entry,
    frame: Frame,
    value: Value,
    step: str,
    found: Resolution | None = None,
) -> Marked | None:
    """Put `value` into the control of `entry` on the page shown in `frame`.

    `found`: its control, found in advance with the page's others (`prepare`); a text
    field typed into that way is returned, unchecked, for `text.ignored` to look at
    with the others. A control the page has replaced since is found again."""
    if entry.kind == "file":
        if isinstance(value, Path):
            upload.attach(flow, page_name, entry, frame, value, step)
        return None
    if found is not None:
        try:
            return _fill(flow, page_name, entry, frame, value, step, found.control, check=False)
        except MarkGone:
            pass  # replaced by the page since: found again below
    control = flow.find(page_name, entry.name, scope=frame).control
    _fill(flow, page_name, entry, frame, value, step, control, check=True)
    return None


def _fill(
    flow: Flow,
    page_name: str,
    entry: Entry,
    frame: Frame,
    value: Value,
    step: str,
    control: Marked,
    *,
    check: bool,
) -> Marked | None:
    secret = entry.kind == "password" or isinstance(value, SecretStr)
    doing = _DOING.get(entry.kind, "type")
    flow.narrator.act(control.locator, entry, doing, value=as_text(value), secret=secret)
    if entry.kind == "select":
        choice.choose(flow, frame, control, entry, as_text(value), step)
    elif entry.kind == "date":
        day = value if isinstance(value, date) else None
        dates.enter(flow, page_name, frame, control, day, step)
    else:
        text.type_text(control, as_text(value), entry, step, secret=secret, check=check)
        return None if check else control
    return None


def prepare(
    flow: Flow, page_name: str, entries: Sequence[Entry], frame: Frame
) -> dict[str, Resolution]:
    """The controls of the page's entries in `frame` that its labels name, each exactly
    one, found in one evaluation and marked there as the entries'; by entry name."""
    fields = [entry for entry in entries if entry.kind != "file"]
    found = flow.resolver.look_all(
        lambda: [] if frame.is_detached() else [frame], flow.spec(page_name), fields, mark=True
    )
    return {
        entry.name: replace(hits[0], fast=True)
        for entry, hits in zip(fields, found, strict=True)
        if len(hits) == 1 and hits[0].named
    }


def read(flow: Flow, page_name: str, entry: Entry, frame: Frame, expected: str = "") -> str:
    """The value the page holds for `entry`, as a person would read it back."""
    if entry.kind == "file":
        return upload.uploaded_name(flow, frame, expected)
    control = flow.find(page_name, entry.name, scope=frame).control
    if entry.kind == "select":
        return choice.read(control, entry, expected)
    return shown(control).text


def read_all(
    flow: Flow, page_name: str, wanted: Sequence[tuple[Entry, str]], frame: Frame
) -> list[str]:
    """`read` for several entries of the page in `frame`: their controls found in one
    evaluation and what they show read in another. An entry that does not name exactly
    one control then is read on its own (which waits for it, or says what is wrong)."""
    fields = [entry for entry, _ in wanted if entry.kind != "file"]
    # The controls of a pane or tab the form no longer shows are read too: they keep the
    # values filled there (a control that shows wins over a hidden twin).
    found = flow.resolver.look_all(
        lambda: [] if frame.is_detached() else [frame],
        flow.spec(page_name),
        fields,
        include_hidden=True,
        mark=True,
    )
    controls = {e.name: hits[0] for e, hits in zip(fields, found, strict=True) if len(hits) == 1}
    values = dict(
        zip(controls, shown_each(frame, [r.control for r in controls.values()]), strict=True)
    )
    read_back: list[str] = []
    for entry, expected in wanted:
        now = values.get(entry.name)
        if now is None:
            read_back.append(read(flow, page_name, entry, frame, expected))
        else:
            read_back.append(
                choice.read_shown(now, entry, expected) if entry.kind == "select" else now.text
            )
    return read_back


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
