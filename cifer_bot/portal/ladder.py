"""The ways to find the control a map entry names, each one look with no waiting:
the page-side script (`by_label`), the browser's own accessible names (`by_role`), the
picture beside another control (`beside`), a picture's address (`by_source`), and CSS
for what shows nothing to read (`by_css`). `Resolver` climbs them and waits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page

from cifer_bot.labels import name_pattern
from cifer_bot.portal.evidence import main_frame
from cifer_bot.portal.matches import (
    HINTS,
    MATCH_ATTRIBUTE,
    MatchInfo,
    find_in_frame,
    new_token,
    selector_of,
)
from cifer_bot.selector_map import Kind

Frames = Callable[[], list[Frame]]
# The roles whose accessible name the browser computes for a clickable label.
_CLICK_ROLES = ("link", "button", "menuitem", "tab", "treeitem")
_NEARBY = (files(__package__) / "nearby.js").read_text(encoding="utf-8")
_MARK = """(el, [attribute, mark]) => {
  el.setAttribute(attribute, ((el.getAttribute(attribute) || '') + ' ' + mark).trim());
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

    @property
    def strategies(self) -> tuple[str, ...]:
        return tuple(self.match["strategies"]) if self.match else ("css",)


def frames_of(scope: Page | Frame, *, all_frames: bool) -> Frames:
    """The frames a search looks in: a page's every frame, or one frame."""

    def frames() -> list[Frame]:
        if all_frames and isinstance(scope, Page):
            return [frame for frame in scope.frames if not frame.is_detached()]
        return [main_frame(scope)]

    return frames


def by_label(
    frames: Frames, label: str, kind: Kind, *, include_hidden: bool = False
) -> list[Resolution]:
    """Every control the page-side script finds for the label (no waiting). Where some
    are named and others only hinted at (placeholder, title), the hints are dropped."""
    found: list[Resolution] = []
    for frame in frames():
        try:
            hit = find_in_frame(frame, label, kind=kind, include_hidden=include_hidden)
        except PlaywrightError:
            continue  # a frame that navigates or detaches mid-search: ask again later
        found += [
            Resolution(label, kind, frame, hit.one(index), match)
            for index, match in enumerate(hit.matches)
        ]
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
                for index in range(located.count()):
                    located.nth(index).evaluate(_MARK, [MATCH_ATTRIBUTE, f"{token}-{len(roles)}"])
                    roles.append(role)
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
        marked = control.locator.evaluate(_NEARBY, {"token": token, "attribute": MATCH_ATTRIBUTE})
    except PlaywrightError:
        return []
    if not marked:
        return []
    match = MatchInfo(
        tag="img", id="", name="", type="", text="", visible=True, strategies=["near"]
    )
    return [
        Resolution(label, kind, control.frame, control.frame.locator(selector_of(token)), match)
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
