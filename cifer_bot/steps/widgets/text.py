"""Text fields: typed as a person types, read back, and written through the element's
own value setter only where a widget ignored the typing."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError

from cifer_bot.errors import PortalError
from cifer_bot.portal.marked import Marked
from cifer_bot.selector_map import Entry
from cifer_bot.steps.widgets.page import set_value, shown


def type_text(control: Marked, value: str, entry: Entry, step: str, *, secret: bool) -> None:
    """Put `value` into a text field; the read-back decides whether it took."""
    try:
        control.locator.fill(value)
        # A widget that ignored the typing shows nothing: write it as the widget would.
        # A page that changed what was typed (cut it at its length) has said something:
        # the read-back reports it, nothing forces it past the page.
        if shown(control).text == "" and value:
            set_value(control, value)
    except PlaywrightError as error:
        # Playwright's message could quote what was typed: a secret's says only what failed.
        detail = "" if secret else f": {str(error).splitlines()[0]}"
        raise PortalError(
            f"{step}: could not type into the {entry.english} field{detail}"
        ) from None
