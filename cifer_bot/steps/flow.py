"""What every step shares: the page, the selector map, the resolver, the one clicker,
the narrator, and the checks that tell a portal fault from a changed page."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Response

from cifer_bot.errors import PortalError
from cifer_bot.portal.guard import Clicker
from cifer_bot.portal.resolver import DEFAULT_TIMEOUT, Resolution, Resolver
from cifer_bot.selector_map import Identity, PageSpec, SelectorMap
from cifer_bot.steps.narration import Narrator

_POLL_S = 0.2


def wait_for_new_document(frame: Frame, token: str, timeout_ms: float) -> None:
    """Wait until the frame holds a document other than the one marked with `token`."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        try:
            current = frame.evaluate("() => window.__ciferBotDocument || ''")
            ready = frame.evaluate("() => document.readyState")
        except PlaywrightError:
            current, ready = token, ""  # navigating: the old document is going away
        if current != token and ready in {"interactive", "complete"}:
            return
        frame.page.wait_for_timeout(_POLL_S * 1000)
    raise PageTimeout(f"no new page came within {timeout_ms / 1000:g} s")


class RetryablePortalError(PortalError):
    """A fault of the portal that a fresh attempt may not meet: nothing was submitted."""


class PortalUnavailable(RetryablePortalError):
    """The portal answered a page with an HTTP error (5xx)."""


class SessionExpired(RetryablePortalError):
    """The portal forgot the login part-way (its login page came back)."""


class PageTimeout(RetryablePortalError):
    """A page did not show within the time allowed."""


class LoginRefused(PortalError):
    """The portal refused the username or password."""


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
        self.page.on("response", self._watch)
        # A link that opens a new window (target=_blank) takes the run along with it.
        self.page.context.on("page", self._adopt)

    def _adopt(self, page: Page) -> None:
        self.page = page
        page.on("response", self._watch)
        self.narrator.attach(page)

    def _watch(self, response: Response) -> None:
        # Only documents (pages and frames): a failed image is not a failed step.
        if response.request.resource_type == "document" and response.status >= 500:
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
        """The control of a map entry, searched in `scope` or in every frame."""
        return self.resolver.resolve_entry(
            scope or self.page,
            self.spec(page_name),
            entry,
            params=params,
            include_hidden=hidden,
            all_frames=scope is None,
        )

    def click(
        self,
        page_name: str,
        entry: str,
        *,
        params: dict[str, str] | None = None,
        scope: Frame | None = None,
    ) -> Resolution:
        """Resolve and click a map entry, through the guard."""
        found = self.find(page_name, entry, params=params, scope=scope)
        english = self.spec(page_name).entry(entry).english
        self.clicker.click(found.locator, what=f"{english} ({found.label})")
        return found

    # -- where are we ------------------------------------------------------------------
    def shows(self, frame: Frame, identity: Identity) -> bool:
        """Whether a frame shows a page's identifying text, visibly."""
        try:
            if identity.by == "title":
                return identity.text in frame.title()
            if identity.by == "heading":
                located = frame.get_by_role("heading", name=identity.text)
            else:
                located = frame.get_by_text(identity.text)
            return any(located.nth(i).is_visible() for i in range(min(located.count(), 5)))
        except PlaywrightError:
            return False  # the frame navigated or detached while being read

    def where(self, page_name: str) -> Frame | None:
        identity = self.spec(page_name).identify
        return next((f for f in self.page.frames if self.shows(f, identity)), None)

    def wait_for(self, page_name: str, *, step: str) -> Frame:
        """Wait until the page of the map shows, in any frame; tell faults apart.

        Raises PortalUnavailable after an HTTP 5xx page, SessionExpired when the login
        page shows instead, and PageTimeout when nothing shows in time.
        """
        deadline = time.monotonic() + self.timeout_s
        while True:
            frame = self.where(page_name)
            if frame is not None:
                return frame
            if self.http_errors:
                status, url = self.http_errors[-1]
                self.http_errors.clear()
                raise PortalUnavailable(
                    f"{step}: the portal answered HTTP {status} for {url} (its error page says "
                    f"it is busy); nothing was submitted. {self.save_evidence(step)}"
                )
            if page_name not in {"login", "register"} and self.where("login") is not None:
                raise SessionExpired(
                    f"{step}: the portal showed its login page again: the session expired. "
                    f"Nothing was submitted. {self.save_evidence(step)}"
                )
            if time.monotonic() >= deadline:
                raise PageTimeout(
                    f"{step}: the {page_name} page did not show within {self.timeout_s:g} s "
                    f"(at {self.page.url}). The portal may be slow: try --timeout with more "
                    f"seconds. {self.save_evidence(step)}"
                )
            self.page.wait_for_timeout(_POLL_S * 1000)

    def wait_for_any(self, page_names: tuple[str, ...], *, step: str) -> str:
        """Wait until one of several pages shows; the name of the first that does."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            for name in page_names:
                if self.where(name) is not None:
                    return name
            if self.http_errors or time.monotonic() >= deadline:
                self.wait_for(page_names[0], step=step)  # raises the right error
            self.page.wait_for_timeout(_POLL_S * 1000)

    def mark_document(self, frame: Frame) -> str:
        """Mark the frame's current document, to tell later when a new one has loaded."""
        token = secrets.token_hex(8)
        frame.evaluate("(token) => { window.__ciferBotDocument = token; }", token)
        return token

    def save_evidence(self, step: str) -> str:
        """Save a screenshot and every frame's HTML; say where, for messages."""
        saved = self.resolver.save_evidence(self.page, step)
        if not saved:
            return "No screenshot could be saved."
        return "Saved: " + ", ".join(str(path) for path in saved)
