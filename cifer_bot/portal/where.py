"""Where the browser is on the portal, and waiting for it to move on.

`identify` asks every frame of the open windows which pages of the selector map it
shows, in one evaluation per frame, the way a person knows a page: by what can be acted
on there (the controls of the page's `evidence` entries, found as the resolver finds
them), with the map's `identify` (a title, a heading or a text) as one more clue. A page
with no evidence (the query page, the result) is known by its clue. `chosen` takes the
page with the strongest evidence, the one furthest along the route where several are
as strong; a visible login form means the browser is not signed in, whatever a title
says. `wait_for_change` waits until a document loads or the DOM of any frame changes: a
script installed in every frame (`watch.js`) tells the top frame, so the tool wakes on
the page's own events instead of sleeping.
"""

from __future__ import annotations

import json
import secrets
import weakref
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from playwright.sync_api import BrowserContext, Frame, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.labels import JS_NORMALIZE
from cifer_bot.portal.matches import SCRIPT as FIND_CONTROLS
from cifer_bot.selector_map import PageSpec, SelectorMap

_MARK = "/* cifer-bot: label normalisation */"
_FIND_MARK = "/* cifer-bot: find controls */ null"
_IDENTIFY = (files(__package__) / "identify.js").read_text(encoding="utf-8")
_IDENTIFY = _IDENTIFY.replace(_MARK, JS_NORMALIZE).replace(_FIND_MARK, FIND_CONTROLS.strip())
# The look is asked many times of one document: it is kept in the document under a name
# of this process's (not writable, not listed), so that each later look sends a call of
# a few bytes instead of the whole script to compile again; a new document gets it anew.
_KEPT = f"__ciferBotIdentify{secrets.token_hex(6)}"
# The look's question goes as one JSON text: Playwright sends a structured argument as a
# tree of typed values, which cost about 5 ms a look for the map's pages.
_CALL = f"(text) => typeof window.{_KEPT} === 'function' ? window.{_KEPT}(JSON.parse(text)) : null"
_KEEP_AND_CALL = (
    f"(text) => {{ const look = {_IDENTIFY.strip()};\n"
    f"  Object.defineProperty(window, '{_KEPT}', {{ value: look }});\n"
    "  return look(JSON.parse(text)); }"
)
# Kept in every document as it is created, with the change watch: the first look at a
# new page is then one short call too (the call above is for a document made otherwise).
_KEEP = f"Object.defineProperty(window, '{_KEPT}', {{ value: {_IDENTIFY.strip()} }});"
WATCH_SCRIPT = (files(__package__) / "watch.js").read_text(encoding="utf-8")
_CHANGES = "() => window.__ciferBotChanges || ''"
_CHANGED = "(seen) => (window.__ciferBotChanges || '') !== seen"
_DOCUMENT = (
    "() => [window.__ciferBotDocument || '', document.readyState, window.__ciferBotChanges || '']"
)
_MARK = (
    "([token, top]) => { window.__ciferBotDocument = token;"
    " return top ? window.__ciferBotChanges || '' : null; }"
)
# The longest one wait for a change lasts before the caller looks again: a new window,
# which no script of the old one can announce, is seen within this time.
_LONGEST_WAIT_S = 1.0
# How strongly a frame shows a page: by the controls a person acts on there (or, for a
# page with none, by its clue), or only hinted at by its clue (a title every route shares).
SHOWN, HINTED = 2, 1

_watched: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


@dataclass(frozen=True)
class Place:
    """A page of the map, the frame that shows it, and the evidence: how strongly (SHOWN
    or HINTED), whether the map's clue (`identify`) holds, the evidence entries found."""

    page: str
    frame: Frame
    level: int = SHOWN
    clue: bool = True
    evidence: tuple[str, ...] = ()

    def describe(self) -> str:
        """The evidence for a person: `login (Username, Password, captcha; no title)`."""
        seen = ", ".join(self.evidence)
        parts = [f"controls {seen}" if seen else "", "its clue" if self.clue else ""]
        said = " and ".join(part for part in parts if part) or "nothing"
        return f"{self.page} ({'shown' if self.level == SHOWN else 'hinted at'} by {said})"


def described(places: tuple[Place, ...]) -> str:
    """What the windows show, for a message: each page of the map and its evidence."""
    if not places:
        return "no page of the map shows or is hinted at"
    return "the pages seen: " + "; ".join(place.describe() for place in places)


def watch(context: BrowserContext) -> None:
    """Install the change watch in every frame the context will load (once)."""
    if context not in _watched:
        context.add_init_script(WATCH_SCRIPT)
        _watched.add(context)


@dataclass(frozen=True)
class Sighting:
    """What the windows show: the map's pages in the route's order, whether a frame is
    still loading (then what shows may be half of a page on its way), and the newest
    window's change mark as its look began (for `wait_for_change`; None: not read)."""

    places: tuple[Place, ...]
    loading: bool
    mark: str | None = None
    # (status, address) of each frame whose document came with an HTTP 5xx, as the
    # document records it: known from the page, even before the browser's event says so.
    faults: tuple[tuple[int, str], ...] = ()


def _asked(page: PageSpec, params: dict[str, str]) -> dict[str, Any]:
    """A page as the page-side look asks for it: its clue and its evidence entries (an
    entry whose label needs a parameter the walk does not know counts for nothing)."""
    evidence = []
    for name in page.evidence.entries if page.evidence else ():
        entry = page.entry(name)
        if all(param in params for param in entry.params):
            label, kinds = entry.label_for(params), [way.kind for way in entry.ways()]
            evidence.append({"name": name, "label": label, "kinds": kinds})
    needed = min(page.evidence.needed, len(evidence)) if page.evidence else 0
    return {
        "name": page.name,
        "by": page.identify.by,
        "text": page.identify.text,
        "evidence": evidence,
        "needed": needed,
    }


def shown_in(
    frame: Frame, selectors: SelectorMap, params: dict[str, str] | None = None
) -> tuple[list[Place], bool, str | None, int]:
    """The pages of the map one frame shows or hints at, whether it is loading, its
    window's change mark as the look began (None: the look failed) and the HTTP status
    its document came with (0: not known)."""
    asked = json.dumps({"pages": [_asked(page, params or {}) for page in selectors.pages]})
    try:
        found = frame.evaluate(_CALL, asked)
        if found is None:
            found = frame.evaluate(_KEEP_AND_CALL, asked)
    except PlaywrightError:
        return [], True, None, 0  # navigating or detached; or not an HTML document
    places = [
        Place(seen["name"], frame, int(seen["level"]), bool(seen["clue"]), tuple(seen["evidence"]))
        for seen in found["pages"]
    ]
    return places, bool(found["loading"]), str(found["mark"]), int(found.get("status") or 0)


def identify(
    windows: list[Page],
    selectors: SelectorMap,
    *,
    settled: bool = False,
    params: dict[str, str] | None = None,
) -> Sighting:
    """Every page of the map shown or hinted at in any frame of the windows (the newest
    window's frame where two show the same page; the stronger where one frame shows it
    and another hints at it), in the map's order of pages. With `settled`, the look ends
    at the first frame still loading (the caller waits for it anyway). `params` are the
    walk's (the sub-item it looks for)."""
    shown: dict[str, Place] = {}
    loading = False
    mark: str | None = None
    faults: list[tuple[int, str]] = []
    for window in reversed(windows):
        if window.is_closed():
            continue
        for frame in window.frames:
            places, busy, frame_mark, status = shown_in(frame, selectors, params)
            if window is windows[-1] and frame is window.main_frame:
                mark = frame_mark  # looked at first: what changes later wakes a wait
            if status >= 500:
                faults.append((status, frame.url))
            loading = loading or busy
            if loading and settled:
                return Sighting((), True, mark, tuple(faults))
            for place in places:
                if place.page not in shown or place.level > shown[place.page].level:
                    shown[place.page] = place
    ordered = tuple(shown[page.name] for page in selectors.pages if page.name in shown)
    return Sighting(ordered, loading, mark, tuple(faults))


def says(frame: Frame, text: str) -> bool:
    """Whether the frame shows the text, visibly (a message of the portal)."""
    try:
        return frame.get_by_text(text).filter(visible=True).count() > 0
    except PlaywrightError:
        return False


def chosen(
    places: tuple[Place, ...], selectors: SelectorMap, *, leaving: str | None = None
) -> Place | None:
    """The page the browser is on: the strongest evidence wins, the page furthest along
    the route breaks a tie (a system home whose frame shows the form is on the form). A
    login form shown means not signed in: no page behind the login counts then.

    `leaving`: the page a step has just acted on. While it still shows or is hinted at,
    only a page after it on the route (the map's order: by step, then as listed) is
    where the step led, shown or hinted at (the query page the home's sidebar opens, the
    category view it frames); a page before it is not (an application's shell, whose
    sidebar always shows: leaving the query page for the categories, the home beside it
    is no arrival, though both are step 4)."""
    if not places:
        return None
    login = selectors.page("login").step if any(p.name == "login" for p in selectors.pages) else 0
    if any(place.page == "login" and place.level == SHOWN for place in places):
        places = tuple(p for p in places if selectors.page(p.page).step <= login)
    still = next((place for place in places if place.page == leaving), None)
    if still is not None:
        along = {page.name: (page.step, index) for index, page in enumerate(selectors.pages)}
        further = [p for p in places if along[p.page] > along[still.page]]
        return max(further, key=lambda p: p.level) if further else still
    strongest = max(place.level for place in places)
    return [place for place in places if place.level == strongest][-1]


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


def mark_document(frame: Frame) -> str:
    """Mark the frame's current document, to tell later when a new one has loaded."""
    return mark_and_changes(frame)[0]


def mark_and_changes(frame: Frame) -> tuple[str, str | None]:
    """Mark the frame's document (`mark_document`) and, where the frame is its window's
    top one, read the window's change mark (`changes`; None: not read), in one call."""
    token = secrets.token_hex(8)
    try:
        seen = frame.evaluate(_MARK, [token, frame.parent_frame is None])
    except PlaywrightError:
        if frame.parent_frame is None:
            return token, None  # navigating: the old document is going away
        raise
    return token, seen


def has_new_document(frame: Frame, token: str) -> bool:
    """Whether the frame left the marked document (a new one, or the frame is gone)."""
    return left_and_changes(frame, token)[0]


def left_and_changes(frame: Frame, token: str) -> tuple[bool, str | None]:
    """Whether the frame left the marked document (`has_new_document`), and, where the
    frame is its window's top one, the window's change mark (None: not read)."""
    if frame.is_detached():
        return True, None
    try:
        mark, ready, seen = frame.evaluate(_DOCUMENT)
    except PlaywrightError:
        return False, None  # navigating: the old document is going away
    top = frame.parent_frame is None
    return bool(mark != token and ready != "loading"), (seen if top else None)
