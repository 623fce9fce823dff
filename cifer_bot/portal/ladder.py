"""The ways to find the control a map entry names, each one look with no waiting:
the page-side script (`by_label`), the browser's own accessible names (`by_role`), the
picture beside another control (`beside`), a picture's address (`by_source`), and CSS
for what shows nothing to read (`by_css`). `climb` takes an entry down that ladder
(several entries at once: their labels in one evaluation per frame); `Resolver` climbs
and waits."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page

from cifer_bot.labels import name_pattern
from cifer_bot.portal.evidence import main_frame
from cifer_bot.portal.marked import Marked
from cifer_bot.portal.matches import (
    HINTS,
    MATCH_ATTRIBUTE,
    MatchInfo,
    Query,
    find_all_in_frame,
    new_token,
    selector_of,
)
from cifer_bot.selector_map import CLICK_KINDS, Entry, Kind, PageSpec

Frames = Callable[[], list[Frame]]
# The roles whose accessible name the browser computes for a clickable label.
_CLICK_ROLES = ("link", "button", "menuitem", "tab", "treeitem")
_NEARBY = (files(__package__) / "nearby.js").read_text(encoding="utf-8")
# Marks every element of a locator at once (one round trip), numbered from `first`.
_MARK_ALL = """(els, [attribute, token, first]) => {
  els.forEach((el, i) => {
    const mark = token + '-' + (first + i);
    el.setAttribute(attribute, ((el.getAttribute(attribute) || '') + ' ' + mark).trim());
  });
  return els.length;
}"""
_OUTERMOST = """([attribute, token, count]) => {
  const marked = [];
  for (let i = 0; i < count; i++) {
    marked.push(document.querySelector('[' + attribute + '~="' + token + '-' + i + '"]'));
  }
  return marked.map((el, i) => [el, i])
    .filter(([el]) => el && !marked.some((other) => other && other !== el && other.contains(el)))
    .map(([, i]) => i);
}"""


@dataclass(frozen=True)
class Resolution:
    """The one control a label names, and the frame it is in."""

    label: str
    kind: Kind
    frame: Frame
    locator: Locator
    match: MatchInfo | None = None
    # The selector of the mark the resolver set on the control (None: found by CSS or
    # by position, unmarked).
    selector: str | None = None
    # Whether the page marked it as a map entry's as it found it (`by_labels`).
    named: bool = False
    # Found in advance, with the page's other entries (see `Marked.fast`).
    fast: bool = False

    @property
    def strategies(self) -> tuple[str, ...]:
        return tuple(self.match["strategies"]) if self.match else ("css",)

    @property
    def control(self) -> Marked:
        """The control, for page-side functions run on it in one round trip."""
        return Marked(self.frame, self.locator, self.selector, fast=self.fast)


def frames_of(scope: Page | Frame, *, all_frames: bool) -> Frames:
    """The frames a search looks in: a page's every frame, or one frame."""

    def frames() -> list[Frame]:
        if all_frames and isinstance(scope, Page):
            return [frame for frame in scope.frames if not frame.is_detached()]
        return [main_frame(scope)]

    return frames


def by_label(
    frames: Frames, label: str, kind: Kind, *, include_hidden: bool = False, entry: bool = False
) -> list[Resolution]:
    """Every control the page-side script finds for the label (no waiting). Where some
    are named and others only hinted at (placeholder, title), the hints are dropped."""
    return by_labels(frames, [Query(label, kind, include_hidden)], entry=entry)[0]


def by_labels(
    frames: Frames, queries: Sequence[Query], *, entry: bool = False
) -> list[list[Resolution]]:
    """`by_label` for several labels, in one evaluation per frame. With `entry`, a
    control found alone in its frame is marked as a map entry's there and then."""
    found: list[list[Resolution]] = [[] for _ in queries]
    if not queries:
        return found
    for frame in frames():
        try:
            hits = find_all_in_frame(frame, queries, entry=entry)
        except PlaywrightError:
            continue  # a frame that navigates or detaches mid-search: ask again later
        for mine, query, hit in zip(found, queries, hits, strict=True):
            mine += [
                Resolution(
                    query.label,
                    query.kind,
                    frame,
                    hit.one(index),
                    match,
                    hit.selector(index),
                    named=hit.entry_marked,
                )
                for index, match in enumerate(hit.matches)
            ]
    return [_named_over_hinted(mine) for mine in found]


def _named_over_hinted(found: list[Resolution]) -> list[Resolution]:
    named = [r for r in found if r.match and not set(r.match["strategies"]) <= HINTS]
    return named or found


def by_role(frames: Frames, label: str, kind: Kind) -> list[Resolution]:
    """Links and buttons whose accessible name, as the browser computes it, is the label.
    A link inside a menu item of the same name is one control: the outermost counts."""
    pattern = re.compile(name_pattern(label), re.IGNORECASE)
    found: list[Resolution] = []
    for frame in frames():
        token = new_token()
        roles: list[str] = []
        try:
            for role in _CLICK_ROLES:
                located = frame.get_by_role(role, name=pattern)  # type: ignore[arg-type]
                count: int = located.evaluate_all(_MARK_ALL, [MATCH_ATTRIBUTE, token, len(roles)])
                roles += [role] * count
            outermost: list[int] = frame.evaluate(_OUTERMOST, [MATCH_ATTRIBUTE, token, len(roles)])
        except PlaywrightError:
            continue  # a frame that navigates or detaches mid-search
        found += [
            Resolution(
                label,
                kind,
                frame,
                frame.locator(selector_of(f"{token}-{index}")),
                _role_match(roles[index]),
                selector_of(f"{token}-{index}"),
            )
            for index in outermost
        ]
    return found


def _role_match(role: str) -> MatchInfo:
    return MatchInfo(tag=role, id="", name="", type="", text="", visible=True, strategies=["name"])


def beside(control: Resolution, label: str, kind: Kind) -> list[Resolution]:
    """The one picture beside a control (a captcha image no label names)."""
    token = new_token()
    try:
        marked = control.control.evaluate(_NEARBY, {"token": token, "attribute": MATCH_ATTRIBUTE})
    except PlaywrightError:
        return []
    if not marked:
        return []
    match = MatchInfo(
        tag="img", id="", name="", type="", text="", visible=True, strategies=["near"]
    )
    selector = selector_of(token)
    return [
        Resolution(label, kind, control.frame, control.frame.locator(selector), match, selector)
    ]


def by_source(frames: Frames, source: str, kind: Kind) -> list[Resolution]:
    """Pictures whose address holds `source` (the captcha's, when nothing else names it)."""
    found: list[Resolution] = []
    for frame in frames():
        located = frame.locator("img, input[type=image]").filter(visible=True)
        try:
            sources = located.evaluate_all("(els) => els.map((el) => el.src || '')")
        except PlaywrightError:
            continue
        match = MatchInfo(
            tag="img", id="", name="", type="", text="", visible=True, strategies=["src"]
        )
        found += [
            Resolution(f"src {source}", kind, frame, located.nth(index), match)
            for index, address in enumerate(sources)
            if source in address
        ]
    return found


def by_css(frames: Frames, css: str, kind: Kind) -> list[Resolution]:
    """Elements of a CSS selector: only for what shows nothing to read."""
    found: list[Resolution] = []
    for frame in frames():
        located = frame.locator(css)
        try:
            count = located.count()
        except PlaywrightError:
            continue
        found += [
            Resolution(f"css {css}", kind, frame, located.nth(index)) for index in range(count)
        ]
    return found


def climb(
    frames: Frames,
    page_spec: PageSpec,
    entries: Sequence[Entry],
    params: dict[str, str] | None = None,
    *,
    include_hidden: bool = False,
    mark: bool = False,
) -> list[list[Resolution]]:
    """Each entry's controls, down its ladder: its label (all the entries' labels in one
    evaluation per frame), the browser's name, the picture beside `near`, the address
    `src`, or (for what shows nothing) css. With `mark`, a control its label alone finds
    is marked as the entry's."""
    labelled = [e for e in entries if e.css is None and e.label is not None]
    queries = [Query(e.label_for(params), e.kind, include_hidden) for e in labelled]
    by_entry = dict(
        zip((id(e) for e in labelled), by_labels(frames, queries, entry=mark), strict=True)
    )
    return [
        _down_the_ladder(frames, page_spec, e, params, by_entry.get(id(e), [])) for e in entries
    ]


def _down_the_ladder(
    frames: Frames,
    page_spec: PageSpec,
    entry: Entry,
    params: dict[str, str] | None,
    found: list[Resolution],
) -> list[Resolution]:
    """The rest of an entry's ladder, after its label found `found`."""
    if entry.css is not None:
        return by_css(frames, entry.css, entry.kind)
    if not found and entry.label is not None and entry.kind in CLICK_KINDS:
        found = by_role(frames, entry.label_for(params), entry.kind)
    if not found and entry.near is not None:
        [anchors] = climb(frames, page_spec, [page_spec.entry(entry.near)], params)
        if len(anchors) == 1:
            found = beside(anchors[0], entry.label or entry.near, entry.kind)
    if not found and entry.src is not None:
        found = by_source(frames, entry.src, entry.kind)
    return found
