"""The selector map's schema: which label on which portal page fills which model field.

`selectors/<version>.yaml` is data only. It names every control the tool touches by the
label a person reads on the page (Chinese, or English where the page shows English),
never by markup; the resolver (`cifer_bot.portal.resolver`) turns a label into the
control. A CSS selector is allowed only for what shows nothing to read (the login
page's hidden password hash).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from cifer_bot.errors import InputError
from cifer_bot.floors import holds_never_click, never_click
from cifer_bot.hosts import PORTAL_HOSTS, check_added_host, fence, on_hosts
from cifer_bot.selector_map.entry import (
    NAME,
    Entry,
    Strict,
)
from cifer_bot.selector_map.guide import Caption, Guide, Title

VERSION_PATTERN = r"^\d{4}-\d{2}-\d{2}(-[a-z0-9]+)*$"


class Identity(Strict):
    """What tells that the browser is on this page: a text a person can read on it."""

    by: Literal["title", "heading", "text"]
    text: str = Field(min_length=1)


class Evidence(Strict):
    """What a person acts on there, which shows a page whatever its title says: entries
    of the page whose controls show, visible (all of them, or `at_least` of them: a form
    split over tabs shows some of its fields at a time)."""

    entries: tuple[str, ...] = Field(min_length=1)
    at_least: int | None = Field(default=None, ge=1)

    @property
    def needed(self) -> int:
        return min(self.at_least or len(self.entries), len(self.entries))


class PageSpec(Strict):
    """One page of the portal and the controls the tool uses on it."""

    name: str = Field(pattern=NAME)
    step: int = Field(ge=1, le=6, description="the guide's step, 1..6")
    identify: Identity
    # The page's controls that show it (a page with none: its `identify` alone).
    evidence: Evidence | None = None
    entries: tuple[Entry, ...] = ()
    # Texts the page may show, by meaning (e.g. bad_captcha: 验证码错误).
    messages: dict[str, str] = Field(default_factory=dict)
    # A page the portal shows only in some cases (a forced password change): when. A walk
    # that does not meet it does not count its entries as missing.
    shown_when: str | None = None
    # For a person who reads no Chinese: what the page is and what to do on it, in one or
    # two sentences of the guide; and its title where it is not its step's (the account
    # form of step 3).
    caption: str = Field(min_length=1)
    title: Title | None = None

    @model_validator(mode="after")
    def _unique(self) -> PageSpec:
        names = Counter(entry.name for entry in self.entries)
        twice = sorted(name for name, count in names.items() if count > 1)
        if twice:
            raise ValueError(f"entry names used more than once: {', '.join(twice)}")
        for entry in self.entries:
            for other in (entry.shown_by, entry.near):
                if other is not None and other not in names:
                    raise ValueError(f"entry {entry.name}: {other!r} names no entry of the page")
        by_name = {entry.name: entry for entry in self.entries}
        for name in self.evidence.entries if self.evidence else ():
            shown = by_name.get(name)
            if shown is None:
                raise ValueError(f"evidence: {name!r} names no entry of the page")
            if shown.label is None or shown.shown_by is not None:
                raise ValueError(
                    f"evidence: {name!r} is no evidence: a person sees it only "
                    + ("by its css" if shown.label is None else f"after {shown.shown_by}")
                )
        return self

    @property
    def step_name(self) -> str:
        """How messages name this page: `step 6 (form)`."""
        return f"step {self.step} ({self.name})"

    def entry(self, name: str) -> Entry:
        for entry in self.entries:
            if entry.name == name:
                return entry
        known = ", ".join(entry.name for entry in self.entries)
        raise InputError(f"page {self.name!r} of the selector map has no entry {name!r} ({known})")


class Portal(Strict):
    """Where the live portal is, and the hosts this portal version adds to the Single
    Window's own (`cifer_bot.hosts.PORTAL_HOSTS`, which no map can take away)."""

    base_url: str
    allowed_hosts: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Portal:
        for host in self.allowed_hosts:
            check_added_host(host)
        if not on_hosts(self.base_url, self.hosts):
            raise ValueError(
                f"base_url {self.base_url!r} must be an https:// URL on the Single Window's "
                f"hosts or on one the map adds (allowed_hosts)"
            )
        return self

    @property
    def added_hosts(self) -> frozenset[str]:
        """The hosts this map adds to the Single Window's own."""
        return frozenset(check_added_host(host) for host in self.allowed_hosts) - PORTAL_HOSTS

    @property
    def hosts(self) -> frozenset[str]:
        """Every host the live portal of this map may use."""
        return fence(self.added_hosts)

    def allows(self, url: str) -> bool:
        """Whether a URL is on one of the live portal's hosts (over https)."""
        return on_hosts(url, self.hosts)


class SelectorMap(Strict):
    """A whole selector map (`selectors/<version>.yaml`)."""

    version: str = Field(pattern=VERSION_PATTERN)
    portal: Portal
    pages: tuple[PageSpec, ...] = Field(min_length=1)
    # Captions this portal version adds to the built-in never-click ones (floors).
    never_click: tuple[str, ...] = ()
    guide: Guide
    _source: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self) -> SelectorMap:
        names = Counter(page.name for page in self.pages)
        twice = sorted(name for name, count in names.items() if count > 1)
        if twice:
            raise ValueError(f"page names used more than once: {', '.join(twice)}")
        unconfirmed = [
            f"{page.name}.{entry.name} ({entry.label or entry.css})"
            for page in self.pages
            for entry in page.entries
            if not entry.confirm
        ]
        if unconfirmed:
            raise ValueError(
                "entries a draft suggested and nobody confirmed yet: "
                + ", ".join(unconfirmed)
                + ". Check each on the portal's page, correct it if need be, and set "
                "`confirm: true` (or remove the line)"
            )
        forbidden = never_click(self.never_click)
        for page in self.pages:
            for entry in page.entries:
                if entry.label is not None and holds_never_click(entry.label, forbidden):
                    raise ValueError(
                        f"entry {page.name}.{entry.name} ({entry.label}) holds a never-click "
                        "caption: the final submission is a person's"
                    )
        return self

    @property
    def source(self) -> Path | None:
        """The file the map was read from, if any."""
        return self._source

    def page(self, name: str) -> PageSpec:
        for page in self.pages:
            if page.name == name:
                return page
        known = ", ".join(page.name for page in self.pages)
        raise InputError(f"selector map {self.version} has no page {name!r} ({known})")

    def caption(self, page_name: str) -> Caption:
        """The step and the guide's words for a page of the map."""
        page = self.page(page_name)
        title = page.title or self.guide.title(page.step)
        return Caption(page.step, title.english, title.chinese, page.caption)

    def field_entries(self) -> dict[str, list[tuple[PageSpec, Entry]]]:
        """Every entry that fills a model field, by field (`account.username`)."""
        found: dict[str, list[tuple[PageSpec, Entry]]] = {}
        for page in self.pages:
            for entry in page.entries:
                if entry.field is not None:
                    found.setdefault(entry.field, []).append((page, entry))
        return found

    def entry_for_field(self, field: str) -> tuple[PageSpec, Entry]:
        """The page and the entry that fill a model field."""
        entries = self.field_entries().get(field, [])
        if len(entries) != 1:
            raise InputError(
                f"selector map {self.version} has {len(entries)} entries for field {field!r}"
            )
        return entries[0]
