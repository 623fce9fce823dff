"""Where the browser is on the portal, and waiting for it to move on.

`identify` asks every frame of the open windows which pages of the selector map it
shows (the map's `identify` of each page: a title, a heading or a text), in one
evaluation per frame. `wait_for_change` waits until a document loads or the DOM of any
frame changes: a script installed in every frame (`watch.js`) tells the top frame, so
the tool wakes on the page's own events instead of sleeping.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from importlib.resources import files

from playwright.sync_api import BrowserContext, Frame, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.labels import JS_NORMALIZE
from cifer_bot.selector_map import SelectorMap

_MARK = "/* cifer-bot: label normalisation */"
_IDENTIFY = (files(__package__) / "identify.js").read_text(encoding="utf-8")
_IDENTIFY = _IDENTIFY.replace(_MARK, JS_NORMALIZE)
WATCH_SCRIPT = (files(__package__) / "watch.js").read_text(encoding="utf-8")
_CHANGES = "() => window.__ciferBotChanges || ''"
_CHANGED = "(seen) => (window.__ciferBotChanges || '') !== seen"
# The longest one wait for a change lasts before the caller looks again: a new window,
# which no script of the old one can announce, is seen within this time.
_LONGEST_WAIT_S = 1.0

_watched: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


@dataclass(frozen=True)
class Place:
    """A page of the map, and the frame that shows it."""

    page: str
    frame: Frame


def watch(context: BrowserContext) -> None:
    """Install the change watch in every frame the context will load (once)."""
    if context not in _watched:
        context.add_init_script(WATCH_SCRIPT)
        _watched.add(context)


@dataclass(frozen=True)
class Sighting:
    """What the windows show: the map's pages in the route's order, and whether a frame
    is still loading (then what shows may be half of a page on its way)."""

    places: tuple[Place, ...]
    loading: bool


def shown_in(frame: Frame, selectors: SelectorMap) -> tuple[list[str], bool]:
    """The pages of the map one frame shows, and whether it is loading."""
    pages = [
        {"name": page.name, "by": page.identify.by, "text": page.identify.text}
        for page in selectors.pages
    ]
    try:
        found = frame.evaluate(_IDENTIFY, {"pages": pages})
    except PlaywrightError:
        return [], True  # navigating or detached; or not an HTML document
    return list(found["pages"]), bool(found["loading"])


def identify(windows: list[Page], selectors: SelectorMap, *, settled: bool = False) -> Sighting:
    """Every page of the map shown in any frame of the windows (the newest window's
    frame where two show the same page), in the map's order of pages. With `settled`,
    the look ends at the first frame still loading (the caller waits for it anyway)."""
    shown: dict[str, Frame] = {}
    loading = False
    for window in reversed(windows):
        if window.is_closed():
            continue
        for frame in window.frames:
            names, busy = shown_in(frame, selectors)
            loading = loading or busy
            if loading and settled:
                return Sighting((), True)
            for name in names:
                shown.setdefault(name, frame)
    places = tuple(
        Place(page.name, shown[page.name]) for page in selectors.pages if page.name in shown
    )
    return Sighting(places, loading)


def says(frame: Frame, text: str) -> bool:
    """Whether the frame shows the text, visibly (a message of the portal)."""
    try:
        return frame.get_by_text(text).filter(visible=True).count() > 0
    except PlaywrightError:
        return False


def furthest(places: tuple[Place, ...]) -> Place | None:
    """The page furthest along the route: a system home whose frame shows the form is on
    the form."""
    return places[-1] if places else None


def changes(window: Page) -> str | None:
    """The window's change mark now: read before looking, and given to `wait_for_change`,
    a change that comes while the caller looks is not missed (None: between documents)."""
    try:
        return str(window.main_frame.evaluate(_CHANGES))
    except PlaywrightError:
        return None


def wait_for_change(window: Page, timeout_s: float, seen: str | None = None) -> None:
    """Return when a frame of the window changes after `seen` (its mark from `changes`,
    read before the caller looked; now, if None), or after `timeout_s` (at most a second).

    A navigation of the top document ends the wait too: the caller looks again.
    """
    wait_s = min(timeout_s, _LONGEST_WAIT_S)
    if wait_s <= 0:
        return
    try:
        if seen is None:
            seen = window.main_frame.evaluate(_CHANGES)
        window.main_frame.wait_for_function(
            _CHANGED, arg=seen, timeout=wait_s * 1000, polling="raf"
        )
    except (PlaywrightTimeout, PlaywrightError):
        return
