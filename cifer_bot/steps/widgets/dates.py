"""Dates, compared as dates: a page may show `2004-05-17`, `2004/05/17` or `2004年05月17日`.

The ladder, each way judged by reading the field back: a native `<input type=date>` takes
the ISO date; an editable field is typed into, in the format its placeholder suggests,
then the usual others; a read-only one is given to the date picker the selector map
describes, if it appears; else the date is written through the element's own value
setter with the events a picker fires, as a picker would leave it.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.errors import CiferBotError
from cifer_bot.portal.marked import Marked
from cifer_bot.portal.resolver import Resolution
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.widgets.page import describe, describe_each, set_value, shown

_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")
_DATE = re.compile(r"(\d{4})\D{1,3}?(\d{1,2})\D{1,3}?(\d{1,2})")
# How long the map's date picker may take to show once its field is clicked.
_PICKER_S = 2.0


def parse(text: str) -> date | None:
    """The date a field shows, in any of the ways pages write one; None if none."""
    found = _DATE.search(text or "")
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def formats(placeholder: str) -> list[str]:
    """The formats to try, the one the placeholder shows first (`yyyy/MM/dd`)."""
    hinted = placeholder.lower().replace("yyyy", "%Y").replace("mm", "%m").replace("dd", "%d")
    hinted = hinted.strip()
    first = [hinted] if "%Y" in hinted and "%m" in hinted and "%d" in hinted else []
    return list(dict.fromkeys([*first, *_FORMATS]))


def _holds(control: Marked, day: date | None) -> bool:
    return parse(shown(control).text) == day


def enter(
    flow: Flow, page_name: str, frame: Frame, control: Marked, day: date | None, step: str
) -> None:
    """Put `day` into a date field (None: leave it empty); the read-back is the judge."""
    info = describe(control)
    if day is None:
        if info.shown.text:
            set_value(control, "")
        return
    if parse(info.shown.text) == day:
        return
    tries = formats(info.placeholder)
    if info.type == "date":
        control.locator.fill(day.isoformat())
        if _holds(control, day):
            return
    if info.editable:
        for pattern in tries:
            if _typed(control, day.strftime(pattern)) and _holds(control, day):
                return
    elif _with_map_picker(flow, page_name, frame, control, day) and _holds(control, day):
        return
    for pattern in tries:
        set_value(control, day.strftime(pattern))
        if _holds(control, day):
            return


def _typed(control: Marked, text: str) -> bool:
    """Type a date and leave the field (Tab, never Enter: Enter submits a form)."""
    try:
        control.locator.fill(text)
        control.locator.press("Tab")
        control.locator.press("Escape")
    except PlaywrightError:
        return False
    return True


def _with_map_picker(flow: Flow, page_name: str, frame: Frame, control: Marked, day: date) -> bool:
    """Drive the date picker the selector map describes (year and month selects, day
    links), if clicking the field shows it; False when the page has another."""
    spec = flow.spec(page_name)
    names = {entry.name for entry in spec.entries}
    if not {"picker_year", "picker_month", "picker_day"} <= names:
        return False
    if page_name in flow.no_map_picker:
        return False
    try:
        flow.clicker.click(control, what="a date field")
        picker = flow.settle(lambda: _picker_now(flow, page_name), seconds=_PICKER_S)
        year, month = picker if picker is not None else (None, None)
        if year is None or month is None or not _native_selects(year, month):
            flow.no_map_picker.add(page_name)
            return _dismiss(frame, control)
        year.locator.select_option(str(day.year))
        month.locator.select_option(str(day.month))
        # The date field's own row in a handout says which date: not the picker's parts.
        day_of_month = {"day": str(day.day)}
        flow.click(page_name, "picker_day", params=day_of_month, scope=year.frame, in_handout=False)
    except (CiferBotError, PlaywrightError):
        flow.no_map_picker.add(page_name)
        return _dismiss(frame, control)
    return True


def _picker_now(flow: Flow, page_name: str) -> tuple[Resolution, Resolution | None] | None:
    """The picker's year select, once it shows, and its month select if it shows too
    (both looked for in one evaluation per frame)."""
    spec = flow.spec(page_name)
    frames = list(flow.page.frames)
    year, month = (
        found[0] if len(found) == 1 else None
        for found in flow.resolver.look_all(
            lambda: [f for f in frames if not f.is_detached()],
            spec,
            [spec.entry("picker_year"), spec.entry("picker_month")],
        )
    )
    return None if year is None else (year, month)


def _native_selects(year: Resolution, month: Resolution) -> bool:
    if year.frame != month.frame:
        return describe(year.control).native_select and describe(month.control).native_select
    return all(c.native_select for c in describe_each(year.frame, [year.control, month.control]))


# A pointer press on the page's body: what closes a picker that a click outside closes,
# with no click on anything that could act (a link, a button).
_PRESS_OUTSIDE = """() => {
  for (const type of ["mousedown", "mouseup", "click"]) {
    document.body.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
  }
}"""


def _dismiss(frame: Frame, control: Marked) -> bool:
    """Close a date picker the click opened and the tool does not drive."""
    with contextlib.suppress(PlaywrightError):
        control.locator.press("Escape")
        frame.evaluate(_PRESS_OUTSIDE)
    return False
