"""What every step shares: the page, the selector map, the resolver, the one clicker,
the narrator, where the browser is on the portal, and the waits that tell a portal fault
from a changed page. Every wait wakes on the page's own events (`portal.where`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Response

import cifer_bot.portal.where as portal_where
from cifer_bot.portal.guard import Clicker
from cifer_bot.portal.inventory import ENTRY_ATTRIBUTE
from cifer_bot.portal.resolver import DEFAULT_TIMEOUT, Resolution, Resolver
from cifer_bot.portal.settle import Settler
from cifer_bot.portal.where import Place, Sighting, chosen, identify, watch
from cifer_bot.selector_map import PageSpec, SelectorMap
from cifer_bot.steps.faults import PageTimeout, PortalUnavailable, SessionExpired
from cifer_bot.steps.narration import Narrator
from cifer_bot.steps.private import Recording

T = TypeVar("T")
_NAMED = "(el, attribute) => el.setAttribute(attribute, '')"


@dataclass
class Flow:
    """One browser page on its way through the guide's steps, for one application."""

    page: Page
    selectors: SelectorMap
    resolver: Resolver
    clicker: Clicker
    narrator: Narrator
    portal_url: str
    artifacts: Path
    timeout_s: float = 30.0
    http_errors: list[tuple[int, str]] = field(default_factory=list)
    # Pages whose date fields showed no date picker of the map's kind: not tried again.
    no_map_picker: set[str] = field(default_factory=set)
    # Documents loaded so far, and the page the route saw on arriving (at that count): the
    # leg that follows takes it rather than looking again.
    moves: int = 0
    arrived: tuple[Place, int] | None = None
    # A trace being recorded (--trace): paused while a secret is on the page.
    recording: Recording | None = None
    # The walk's parameters of the map's labels (the sub-item it looks for): a page whose
    # evidence names one is known by it.
    params: dict[str, str] = field(default_factory=dict)
    _settler: Settler = field(default_factory=Settler, init=False, repr=False)

    @classmethod
    def build(
        cls,
        page: Page,
        *,
        selectors: SelectorMap,
        narrator: Narrator,
        portal_url: str,
        artifacts: Path,
        timeout_s: float = 30.0,
        label_timeout_s: float | None = None,
    ) -> Flow:
        """A flow on `page`, with its own resolver (saving evidence in `artifacts`) and
        the guarded clicker of the map's never-click captions."""
        return cls(
            page=page,
            selectors=selectors,
            resolver=Resolver.for_map(
                selectors, artifacts, timeout=label_timeout_s or DEFAULT_TIMEOUT
            ),
            clicker=Clicker(selectors.never_click),
            narrator=narrator,
            portal_url=portal_url,
            artifacts=artifacts,
            timeout_s=timeout_s,
        )

    def __post_init__(self) -> None:
        watch(self.page.context)
        self._follow(self.page, on=True)
        # A link that opens a new window (target=_blank) takes the run along with it.
        self.page.context.on("page", self._adopt)

    def _adopt(self, page: Page) -> None:
        self.page = page
        self.moves += 1
        self._follow(page, on=True)
        self.narrator.attach(page)

    def _follow(self, page: Page, *, on: bool) -> None:
        (page.on if on else page.remove_listener)("response", self._watch)
        (page.on if on else page.remove_listener)("framenavigated", self._moved)

    def detach(self) -> None:
        """Stop following the windows: the account's next application takes them over."""
        self.page.context.remove_listener("page", self._adopt)
        for page in self.page.context.pages:
            self._follow(page, on=False)

    def _moved(self, _: Frame) -> None:
        self.moves += 1

    def _watch(self, response: Response) -> None:
        if response.request.resource_type == "document" and response.status >= 500:  # not images
            self.http_errors.append((response.status, response.url))

    # -- the map -----------------------------------------------------------------------
    def spec(self, page_name: str) -> PageSpec:
        return self.selectors.page(page_name)

    def find(
        self,
        page_name: str,
        entry: str,
        *,
        params: dict[str, str] | None = None,
        hidden: bool = False,
        scope: Frame | None = None,
    ) -> Resolution:
        """The control of a map entry, searched in `scope` or in every frame. The control
        is marked as the entry's, so that what the map does not name can be told."""
        found = self.resolver.resolve_entry(
            scope or self.page,
            self.spec(page_name),
            entry,
            params=params,
            include_hidden=hidden,
            all_frames=scope is None,
        )
        if not found.named:  # found by another way than its label: marked here
            with contextlib.suppress(PlaywrightError):
                found.control.evaluate(_NAMED, ENTRY_ATTRIBUTE)
        return found

    def find_now(
        self, page_name: str, entry: str, *, scope: Frame | None = None, hidden: bool = False
    ) -> Resolution | None:
        """The control of an entry if the page shows exactly one now (no wait, no error):
        for a control a page may or may not have."""
        frames = [scope] if scope is not None else [f for f in self.page.frames]
        found = self.resolver.look(
            lambda: [f for f in frames if not f.is_detached()],
            self.spec(page_name),
            self.spec(page_name).entry(entry),
            include_hidden=hidden,
        )
        return found[0] if len(found) == 1 else None

    def click(
        self,
        page_name: str,
        entry: str,
        *,
        params: dict[str, str] | None = None,
        scope: Frame | None = None,
        gloss: str | None = None,
        in_handout: bool = True,
    ) -> Resolution:
        """Resolve and click a map entry, through the guard (shown by `Narrator.act`)."""
        found = self.find(page_name, entry, params=params, scope=scope)
        spec = self.spec(page_name).entry(entry)
        self.narrator.act(
            found.locator, spec, "click", label=found.label, gloss=gloss, in_handout=in_handout
        )
        self.clicker.click(found.control, what=f"{spec.english} ({found.label})")
        return found

    # -- where are we ------------------------------------------------------------------
    @property
    def windows(self) -> list[Page]:
        """The open windows of the run (a link may have opened a new one)."""
        return [page for page in self.page.context.pages if not page.is_closed()]

    def _identify(self, *, settled: bool = False) -> Sighting:
        """What the windows show (the look's change mark goes to the waits)."""
        windows = self.windows
        sighting = identify(windows, self.selectors, settled=settled, params=self.params)
        if windows and windows[-1] is self.page:
            self._settler.noted(sighting.mark)
        # An error page's own record of its status, for when the browser's response
        # event comes after the look that saw the page (or not at all).
        self.http_errors.extend(f for f in sighting.faults if f not in self.http_errors)
        return sighting

    def sighting(self, *, settled: bool = False) -> tuple[Place, ...]:
        """Every page of the map the windows show or hint at, in the route's order."""
        return self._identify(settled=settled).places

    def places(self) -> tuple[Place, ...]:
        """The pages of the map the windows show, in the route's order: those shown by
        what can be acted on there, and those hinted at where nothing shows more."""
        seen = self.sighting()
        best = chosen(seen, self.selectors)
        return tuple(place for place in seen if best is not None and place.level >= best.level)

    def here(self, *, settled: bool = False, leaving: str | None = None) -> Place | None:
        """The page the windows show (the strongest evidence, then the furthest along the
        route; `leaving`: see `where.chosen`); with `settled`, None while a frame is
        still loading its document."""
        sighting = self._identify(settled=settled)
        if settled and sighting.loading:
            return None
        return chosen(sighting.places, self.selectors, leaving=leaving)

    def where(self, page_name: str) -> Frame | None:
        """The frame that shows a page of the map, if any does."""
        return next((place.frame for place in self.places() if place.page == page_name), None)

    def settle(self, check: Callable[[], T | None], *, seconds: float | None = None) -> T | None:
        """Look with `check` until it finds something, waking on each change of the
        page; None when `seconds` (the flow's timeout) pass first."""
        wait_s = self.timeout_s if seconds is None else seconds
        return self._settler.settle(lambda: self.page, check, wait_s)

    def fault(self, step: str, *, expected: tuple[str, ...]) -> None:
        """Raise the fault that keeps the expected pages from showing, if any: an HTTP 5xx
        page (PortalUnavailable), or the login page where a later one was due (SessionExpired)."""
        self.http_fault(step)
        if not {"login", "register"} & set(expected):
            place = self.here()
            if place is not None and place.page == "login":
                raise SessionExpired(
                    f"{step}: the portal showed its login page again: the session expired. "
                    f"Nothing was submitted. {self.save_evidence(step)}"
                )

    def http_fault(self, step: str) -> None:
        """Raise PortalUnavailable if a document of the portal came with an HTTP 5xx."""
        if self.http_errors:
            status, url = self.http_errors[-1]
            self.http_errors.clear()
            raise PortalUnavailable.answered(step, status, url, self.save_evidence(step))

    def wait_for_any(self, page_names: tuple[str, ...], *, step: str) -> str:
        """Wait until one of several pages shows (faults as `wait_for`); the first that does."""
        return self._wait_for_place(page_names, step=step).page

    def wait_for(self, page_name: str, *, step: str) -> Frame:
        """Wait until the page of the map shows, in any frame of any window."""
        return self._wait_for_place((page_name,), step=step).frame

    def _wait_for_place(self, page_names: tuple[str, ...], *, step: str) -> Place:
        arrived, self.arrived = self.arrived, None
        if arrived is not None and arrived[0].page in page_names and arrived[1] == self.moves:
            return arrived[0]  # the route saw it a moment ago, and no document moved since

        def look() -> Place | None:
            shown = self.places()
            self.http_fault(step)  # the status of what was loaded, before its page
            found = next((p for name in page_names for p in shown if p.page == name), None)
            if found is None:
                self.fault(step, expected=page_names)
            return found

        found = self.settle(look)
        if found is None:
            self.fault(step, expected=page_names)
            names = " or ".join(page_names)
            raise PageTimeout(
                f"{step}: the {names} page did not show within {self.timeout_s:g} s "
                f"(at {self.page.url}; {portal_where.described(self.sighting())}). The portal "
                f"may be slow: try --timeout with more seconds. {self.save_evidence(step)}"
            )
        return found

    says = staticmethod(portal_where.says)  # whether a frame shows a text, visibly

    mark_document = staticmethod(portal_where.mark_document)
    has_new_document = staticmethod(portal_where.has_new_document)

    def wait_after(self, frame: Frame, token: str, page_name: str) -> Place | None:
        """After pressing a control on `page_name`: wait until its frame holds a new
        document (or is gone), or another page shows, then until a page of the map
        shows; where the browser is then (None: no page of the map shows in time)."""

        def moved() -> bool | None:
            if self.has_new_document(frame, token):
                return True
            place = self.here(settled=True, leaving=page_name)
            return True if place is not None and place.page != page_name else None

        if self.settle(moved) is None:
            return self.here()
        return self.settle(lambda: self.here(settled=True))

    def save_evidence(self, step: str) -> str:
        """Save a screenshot and every frame's HTML; say where, for messages."""
        saved = self.resolver.save_evidence(self.page, step)
        if not saved:
            return "No screenshot could be saved."
        return "Saved: " + ", ".join(str(path) for path in saved)
