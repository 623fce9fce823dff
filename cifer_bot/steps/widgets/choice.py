"""Drop-downs: a native <select>, or a script's (layui, Element, jQuery UI, an ARIA
combobox), opened and chosen from as a person would; the <select> behind a script's
list is the last resort. Options are matched by what they name, never by prefix: a
country by its code and its Chinese and English names (`AUS`, `AUS-澳大利亚`,
`澳大利亚(AUS)`, `Australia`), never `澳门` or `奥地利` for `澳大利亚`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.errors import PortalError
from cifer_bot.facilities.countries import country_in_text
from cifer_bot.labels import label_key
from cifer_bot.portal.marked import Marked
from cifer_bot.selector_map import Entry
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.widgets.page import Shown, describe, native_select, open_options, shown

_OPTIONS = "(s) => Array.from(s.options).map((o) => [o.value, (o.text || '').trim()])"
# How long a script's list may take to show its options once clicked.
_OPEN_S = 5.0


def matcher(entry: Entry, wanted: str) -> Callable[[str], bool]:
    """What counts as the option meant: a country by what it names, else by its text."""
    if entry.field is not None and entry.field.endswith(".country"):
        return lambda text: bool(text) and country_in_text(text) == wanted
    key = label_key(wanted)
    return lambda text: text.strip() == wanted or (bool(key) and label_key(text) == key)


def choose(flow: Flow, frame: Frame, control: Marked, entry: Entry, wanted: str, step: str) -> None:
    """Choose the option meant; the read-back decides which way worked."""
    if not wanted:
        return
    meant = matcher(entry, wanted)
    if describe(control).native_select:
        if not _choose_native(control, meant, force=False):
            raise _no_option(control, entry, wanted, step)
        return
    if _pick(flow, frame, control, entry, meant) and _shows(control, meant):
        return
    behind = native_select(frame, control)
    if behind is None or not _choose_native(behind, meant, force=True):
        raise PortalError(
            f"{step}: the {entry.english} drop-down offers no option for {wanted!r}. "
            f"{flow.save_evidence(step)}"
        )


def read(control: Marked, entry: Entry, expected: str) -> str:
    """What the drop-down shows: the chosen option's value where that is what was
    meant (a code), else its text."""
    return read_shown(shown(control), entry, expected)


def read_shown(now: Shown, entry: Entry, expected: str) -> str:
    """`read`, of what the drop-down was seen to show."""
    return now.value if now.value and matcher(entry, expected)(now.value) else now.text


def _shows(control: Marked, meant: Callable[[str], bool]) -> bool:
    now = shown(control)
    return meant(now.value) or meant(now.text)


def _choose_native(select: Marked, meant: Callable[[str], bool], *, force: bool) -> bool:
    options: list[list[str]] = select.evaluate(_OPTIONS)
    for value, text in options:
        if value and (meant(value) or meant(text)):
            select.locator.select_option(value=value, force=force)
            return True
    return False


def _pick(
    flow: Flow, frame: Frame, control: Marked, entry: Entry, meant: Callable[[str], bool]
) -> bool:
    """Open a script's drop-down and click the option meant; False when none shows."""
    try:
        flow.clicker.click(control, what=f"the {entry.english} drop-down")
    except PlaywrightError:
        return False

    def option() -> Marked | None:
        return next((located for located, text in open_options(frame) if meant(text)), None)

    found = flow.settle(option, seconds=min(flow.timeout_s, _OPEN_S))
    if found is None:
        with contextlib.suppress(PlaywrightError):
            control.locator.press("Escape")
        return False
    flow.clicker.click(found, what=f"an option of the {entry.english} drop-down")
    return True


def _no_option(control: Marked, entry: Entry, wanted: str, step: str) -> PortalError:
    count = len(control.evaluate(_OPTIONS))
    return PortalError(
        f"{step}: the {entry.english} list has no option {wanted!r} ({count} options on the page)"
    )
