"""Opening a menu, as an intent judged by its result: hover, then click, then focus and
Enter, each waiting for the menu's item (which may be added to the page only when the
menu opens); a page that moves on instead ends the ladder."""

from __future__ import annotations

from collections.abc import Callable

from cifer_bot.errors import PortalError
from cifer_bot.portal.resolver import Resolution
from cifer_bot.selector_map import Entry
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.intents import RUNG_S, Moved


def open_menu(flow: Flow, page_name: str, menu: str, item: str, *, step: str) -> None:
    """Open the menu of entry `menu` and click its `item` (see `reveal`)."""
    shown = reveal(flow, page_name, menu, item)
    if isinstance(shown, Resolution):
        flow.click(page_name, item)
        return
    if shown:
        return  # the tab itself led on: the route looks where the browser is
    entry, wanted = flow.spec(page_name).entry(menu), flow.spec(page_name).entry(item)
    raise PortalError(
        f"{step}: the menu {entry.label} ({entry.english}) showed no {wanted.label} "
        f"({wanted.english}) after a hover, a click, and Enter. {flow.save_evidence(step)}"
    )


def reveal(flow: Flow, page_name: str, menu: str, item: str) -> Resolution | bool:
    """Open the menu of entry `menu` until its `item` shows: hover, then click, then
    focus and Enter, each waiting for the item (which may be added only when the menu
    opens). The item's control; True if the page moved on instead; False: it never showed."""
    tab = flow.find(page_name, menu)
    entry = flow.spec(page_name).entry(menu)
    moved = Moved(flow, page_name, tab.frame)
    rungs: tuple[tuple[str, Callable[[], None]], ...] = (
        ("hover", tab.locator.hover),
        ("click", lambda: flow.clicker.click(tab.control, what=f"{entry.english}, to open it")),
        ("press Enter on", lambda: _enter(flow, tab, entry)),
    )
    shown: list[Resolution] = []

    def look() -> bool | None:
        found = flow.find_now(page_name, item)
        shown.extend([found] if found is not None else [])
        return True if found is not None or moved() else None

    for index, (verb, rung) in enumerate(rungs):
        if index > 0 and moved():  # the rung before led on after all
            return True
        flow.narrator.act(tab.locator, entry, "hover" if verb == "hover" else "click")
        rung()
        if flow.settle(look, seconds=RUNG_S):
            return shown[-1] if shown else True
    return False


def _enter(flow: Flow, tab: Resolution, entry: Entry) -> None:
    tab.locator.focus()
    flow.clicker.click(tab.control, what=f"{entry.english}, to open it", key="Enter")
