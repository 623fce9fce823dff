"""Text fields: typed as a person types, read back, and written through the element's
own value setter only where a widget ignored the typing."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.errors import PortalError
from cifer_bot.portal.marked import Marked, MarkGone
from cifer_bot.selector_map import Entry
from cifer_bot.steps.widgets.page import Shown, set_value, shown, shown_each


def type_text(
    control: Marked, value: str, entry: Entry, step: str, *, secret: bool, check: bool = True
) -> None:
    """Put `value` into a text field; the read-back decides whether it took. Without
    `check`, the caller looks whether it took (`ignored`), for several fields at once."""
    try:
        control.fill(value)
        # A widget that ignored the typing shows nothing: write it as the widget would.
        # A page that changed what was typed (cut it at its length) has said something:
        # the read-back reports it, nothing forces it past the page.
        if check and shown(control).text == "" and value:
            set_value(control, value)
    except PlaywrightError as error:
        # Playwright's message could quote what was typed: a secret's says only what failed.
        detail = "" if secret else f": {str(error).splitlines()[0]}"
        raise PortalError(
            f"{step}: could not type into the {entry.english} field{detail}"
        ) from None


def ignored(frame: Frame, typed: list[tuple[Marked, str]]) -> None:
    """`type_text`'s look, for several fields of a frame typed into without it: each
    that shows nothing is written as the widget would (one round trip for the look).
    A field the page has replaced since is left to the read-back."""
    try:
        seen: list[Shown | None] = list(shown_each(frame, [control for control, _ in typed]))
    except MarkGone:
        seen = [_shown_if_there(control) for control, _ in typed]
    for (control, value), now in zip(typed, seen, strict=True):
        if now is not None and now.text == "" and value:
            with contextlib.suppress(PlaywrightError, MarkGone):
                set_value(control, value)


def _shown_if_there(control: Marked) -> Shown | None:
    try:
        return shown(control)
    except (MarkGone, PlaywrightError):
        return None
