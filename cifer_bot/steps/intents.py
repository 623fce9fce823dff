"""Steps as intents: each tried in the ways portals build it, and judged by its result.

A portal someone else wrote opens its menu on a hover or on a click, offers a choice as
links, radio buttons, tree nodes, a cascader or a drop-down, and moves on by itself or with a
下一步. Each intent here is a ladder of such ways, tried in order until its result
shows (the choice taken, another page): `choose` here, `menus.open_menu` beside it.
Before each next rung the page is looked at again: a page that has already moved on is
not pressed again. A press that moves a page on goes through the guard's `moving_on`
check, at most once per page visit.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.errors import PortalError
from cifer_bot.labels import JS_NORMALIZE, label_key
from cifer_bot.portal.marked import marked
from cifer_bot.portal.matches import MATCH_ATTRIBUTE, new_token, selector_of
from cifer_bot.portal.resolver import Resolution
from cifer_bot.portal.where import changes, left_and_changes, mark_and_changes
from cifer_bot.selector_map import Entry
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Doing

# How long each rung of a menu's ladder waits for the menu's item to show, and a choice
# for its page to move on by itself, before the next rung.
RUNG_S = 2.0
# The captions of the buttons that move a page on once a choice is made (the page's own
# 下一步 / 确定 / Next), in the order they are looked for.
MOVE_ON = (
    Entry(name="next", label="下一步", english="Next", kind="button"),
    Entry(name="ok", label="确定", english="OK", kind="button"),
    Entry(name="next_en", label="Next", english="Next", kind="button"),
)
# Whether a choice is taken: its radio or check box (a label's: its control's), or the
# state an ARIA widget says.
_CHECKED = """(el) => {
  const input = el.localName === "label" && el.control ? el.control : el;
  return input.checked === true || el.getAttribute("aria-checked") === "true"
    || el.getAttribute("aria-selected") === "true"
    || el.querySelector("input:checked, [aria-checked=true]") !== null;
}"""
# The page's drop-downs that offer an item: [select's index, option's index] for each.
_SELECTS = (
    "(key) => {"
    + JS_NORMALIZE
    + """
  const hits = [];
  document.querySelectorAll("select").forEach((select, index) => {
    if (select.disabled) return;
    const at = Array.from(select.options).findIndex((o) => labelKey(o.text) === key);
    if (at >= 0) hits.push([index, at]);
  });
  return hits;
}"""
)


# The closed choosers a page shows: a read-only text field (a cascader's, a picker's), a
# combobox or a control that opens a pop-up, not open; each marked token-index.
_CHOOSERS = r"""([token, attribute]) => {
  const found = Array.from(document.querySelectorAll(
    "input[readonly]:not([type=hidden]), [role=combobox]:not([aria-expanded=true]), "
    + "[aria-haspopup]:not([aria-expanded=true]):not(a)"
  )).filter((el) => el.checkVisibility() && el.getBoundingClientRect().width > 0);
  found.forEach((el, index) => el.setAttribute(attribute, token + "-" + index));
  return found.length;
}"""


@dataclass
class Moved:
    """Whether the browser left a page of the map since the mark: a new document in its
    frame, or another page of the map shown (a single-page app's route). Where nothing
    of the window changed since the mark, no page is looked for."""

    flow: Flow
    page_name: str
    frame: Frame
    token: str = ""
    seen: str | None = None

    def __post_init__(self) -> None:
        self.token, self.seen = mark_and_changes(self.frame)
        if self.seen is None or self.frame.page != self.flow.page:
            self.seen = changes(self.flow.page)

    def __call__(self) -> bool:
        flow = self.flow
        if flow.page.is_closed():
            return True
        left, now = left_and_changes(self.frame, self.token)
        if left:
            return True
        if now is None or self.frame.page != flow.page:
            now = changes(flow.page)
        if self.seen and now == self.seen:  # ('': no change watch there)
            return False
        place = flow.here(settled=True, leaving=self.page_name)
        return place is not None and place.page != self.page_name


@dataclass(frozen=True)
class Offer:
    """How the page offers a choice: a link (or tile), a radio button, check box, option
    or tree node, or an option of a drop-down."""

    way: str  # "link", "choice" or "select"
    control: Resolution | None = None
    select: tuple[int, int] = (-1, -1)  # the drop-down's index and its option's


def choose(
    flow: Flow,
    page_name: str,
    entry_name: str,
    *,
    params: dict[str, str],
    frame: Frame,
    gloss: str,
    parents: tuple[str, ...] = (),
    step: str,
) -> None:
    """Choose the item the entry's label names: a link; a radio button, check box,
    option or tree node, then the page's 下一步 / 确定 / Next if it does not move on by
    itself; an option of a drop-down, then the same. Where nothing offers it, the
    `parents` (a category, a tree's branch, a cascader's first column) are opened first."""
    spec = flow.spec(page_name)
    entry = spec.entry(entry_name)
    label = entry.label_for(params)
    offer = flow.settle(lambda: _offer(flow, page_name, entry, params, frame), seconds=RUNG_S)
    opened = (
        _open_parents(flow, page_name, entry, params, frame, parents, gloss) if not offer else []
    )
    if offer is None and not opened and _open_chooser(flow, frame):
        # a chooser that shows nothing until it is opened (a cascader): open, then look
        offer = flow.settle(lambda: _offer(flow, page_name, entry, params, frame), seconds=RUNG_S)
        if offer is None:
            opened = _open_parents(flow, page_name, entry, params, frame, parents, gloss)
    if offer is None:
        offer = flow.settle(lambda: _offer(flow, page_name, entry, params, frame))
    if offer is None:
        tried = f"; opened {', '.join(opened)} first" if opened else ""
        raise PortalError(
            f"{step}: no link, radio button, check box, option or drop-down on the page "
            f"offers {label} ({gloss}){tried}. {flow.save_evidence(step)}"
        )
    moved = Moved(flow, page_name, frame)
    _take(flow, offer, entry, label, gloss=gloss, frame=frame)
    # Judged by its result: a radio button checked, a node selected (or the page gone on).
    choice = offer.control if offer.way == "choice" else None
    if choice is not None and not moved() and not _taken(choice):
        raise PortalError(
            f"{step}: {label} ({gloss}) did not take the choice. {flow.save_evidence(step)}"
        )
    # A link leads on by itself; a tile, a choice or a drop-down may only mark the
    # choice: the page's 下一步 leads on then. Where none shows, the page may yet move on.
    if offer.way == "link":
        if flow.settle(lambda: moved() or None, seconds=RUNG_S) is None:
            move_on(flow, page_name, frame)  # else the route says where the browser stayed
        return
    if moved() or move_on(flow, page_name, frame):
        return
    if flow.settle(lambda: moved() or None, seconds=RUNG_S) is None:
        captions = ", ".join(str(entry.label) for entry in MOVE_ON)
        raise PortalError(
            f"{step}: chose {label} ({gloss}); the page did not move on by itself, and "
            f"shows none of {captions} to move on with. {flow.save_evidence(step)}"
        )


def _open_parents(
    flow: Flow,
    page_name: str,
    entry: Entry,
    params: dict[str, str],
    frame: Frame,
    parents: tuple[str, ...],
    gloss: str,
) -> list[str]:
    """Open each parent the page offers (a category, a branch, a first column)."""
    opened = []
    for parent in parents:
        parent_offer = _offer(flow, page_name, entry, {**params, **_as(entry, parent)}, frame)
        if parent_offer is not None:
            _take(flow, parent_offer, entry, parent, gloss=f"the group of {gloss}", frame=frame)
            opened.append(parent)
    return opened


def _open_chooser(flow: Flow, frame: Frame) -> bool:
    """Open the page's one closed chooser (a read-only field or a control that says it
    opens a list), if it shows exactly one; whether it did."""
    token = new_token()
    try:
        count: int = frame.evaluate(_CHOOSERS, [token, MATCH_ATTRIBUTE])
    except PlaywrightError:
        return False
    if count != 1:
        return False
    chooser = marked(frame, selector_of(f"{token}-0"))
    flow.narrator.note("opening the page's chooser to see what it offers")
    flow.clicker.click(chooser, what="the page's chooser, to open it")
    return True


def _take(flow: Flow, offer: Offer, entry: Entry, label: str, *, gloss: str, frame: Frame) -> None:
    """Click the offer's link or choice, or select its drop-down's option (narrated)."""
    if offer.control is not None:
        doing: Doing = "click" if offer.way == "link" else "choose"
        flow.narrator.act(offer.control.locator, entry, doing, label=label, gloss=gloss)
        flow.clicker.click(offer.control.control, what=f"{entry.english} ({label})")
        return
    which, option = offer.select
    select = frame.locator("select").nth(which)
    flow.narrator.act(select, entry, "choose", label=label, gloss=gloss, value=label)
    select.select_option(index=option)


def _as(entry: Entry, parent: str) -> dict[str, str]:
    return {name: parent for name in entry.params}


def _offer(
    flow: Flow, page_name: str, entry: Entry, params: dict[str, str], frame: Frame
) -> Offer | None:
    """How the page offers the entry's item now, if it does: exactly one control."""
    spec = flow.spec(page_name)

    def frames() -> list[Frame]:
        return [] if frame.is_detached() else [frame]

    for variant in entry.model_copy(update={"kind": "link"}).ways():
        found = flow.resolver.look(frames, spec, variant, params)
        if len(found) == 1:
            return Offer(variant.kind, found[0])
        if len(found) > 1:  # said with its evidence by the resolver
            flow.resolver.resolve_entry(frame, spec, variant, params=params, all_frames=False)
    try:
        hits: list[list[int]] = frame.evaluate(_SELECTS, label_key(entry.label_for(params)))
    except PlaywrightError:
        return None
    return Offer("select", select=(hits[0][0], hits[0][1])) if len(hits) == 1 else None


def _taken(control: Resolution) -> bool:
    try:
        return bool(control.control.evaluate(_CHECKED))
    except PlaywrightError:
        return True  # gone with the page it was on


def move_on(flow: Flow, page_name: str, frame: Frame) -> bool:
    """Press the page's 下一步 / 确定 / Next (the first that shows exactly once), through
    the guard's `moving_on` check; False when none shows."""
    shown = shown_once(flow, page_name, frame, MOVE_ON)
    if shown is None:
        return False
    entry, found = shown
    flow.narrator.act(found.locator, entry, "click")
    flow.clicker.click(found.control, what=f"{entry.english} ({entry.label})", moving_on=True)
    return True


def shown_once(
    flow: Flow, page_name: str, frame: Frame, entries: tuple[Entry, ...]
) -> tuple[Entry, Resolution] | None:
    """The first of `entries` whose control the frame shows exactly once, and that control."""
    spec = flow.spec(page_name)
    for entry in entries:
        found = flow.resolver.look(lambda: [] if frame.is_detached() else [frame], spec, entry)
        if len(found) == 1:
            return entry, found[0]
    return None
