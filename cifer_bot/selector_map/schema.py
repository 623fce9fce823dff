"""The selector map's schema: which label on which portal page fills which model field.

`selectors/<version>.yaml` is data only. It names every control the tool touches by the
label a person reads on the page (Chinese, or English where the page shows English),
never by markup; the resolver (`cifer_bot.portal.resolver`) turns a label into the
control. A CSS selector is allowed only for what shows nothing to read (the login
page's hidden password hash).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from cifer_bot.errors import InputError
from cifer_bot.floors import holds_never_click, never_click
from cifer_bot.hosts import PORTAL_HOSTS, check_added_host, fence, on_hosts
from cifer_bot.labels import label_key
from cifer_bot.selector_map.guide import Caption, Guide, Title

Kind = Literal[
    "text",
    "password",
    "textarea",
    "select",
    "date",
    "file",
    "link",
    "button",
    "hover_menu",
    "captcha_image",
    "captcha_input",
]

# Kinds whose control takes a value; only these (and `file`) may carry a model field.
FILL_KINDS: frozenset[str] = frozenset(
    {"text", "password", "textarea", "select", "date", "captcha_input"}
)
CLICK_KINDS: frozenset[str] = frozenset({"link", "button", "hover_menu"})
FIELD_KINDS: frozenset[str] = FILL_KINDS | {"file"}
# Kinds whose control takes typed text, and so may have a `max_length`.
TEXT_KINDS: frozenset[str] = frozenset({"text", "password", "textarea"})

VERSION_PATTERN = r"^\d{4}-\d{2}-\d{2}(-[a-z0-9]+)*$"
_NAME = r"^[a-z][a-z0-9_]*$"
_FIELD = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"


def _placeholders(text: str) -> tuple[str, ...]:
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not re.fullmatch(_NAME, name) or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name such as {{sub_item}}")
        names.append(name)
    return tuple(names)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    """One control of a page, named by the label a person reads beside or on it."""

    name: str = Field(pattern=_NAME)
    # The label without `*`, colon or English gloss; `{name}` marks a parameter (the
    # food sub-item, a day of the date picker). None only for an entry with `css`.
    label: str | None = None
    english: str = Field(min_length=1)
    kind: Kind
    # `<model>.<field>` this control fills, e.g. `application.enterprise_name`.
    field: str | None = Field(default=None, pattern=_FIELD)
    # Only for an element with nothing to read (a hidden input).
    css: str | None = None
    # The entry of the same page whose hover (a hover menu) or click shows this control
    # (a menu's link, a date picker's parts): `selectors check` opens it first.
    shown_by: str | None = Field(default=None, pattern=_NAME)
    # For a captcha image that nothing may name: the entry of the same page whose control
    # it sits beside (`near`), and a part of its address (`src`), tried in that order.
    near: str | None = Field(default=None, pattern=_NAME)
    src: str | None = Field(default=None, min_length=1)
    # A fixed value to type, for a field the portal added that no facility field fills
    # (the same for every facility: a declaration, a constant).
    value: str | None = None
    # False in a draft written by `selectors check --write-draft`: a suggestion a person
    # has not checked on the page yet. A map with one is refused until it is confirmed.
    confirm: bool = True
    # The most characters the control takes: the tool refuses longer text before a
    # browser opens, and the replica refuses it as the portal would.
    max_length: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _check(self) -> Entry:
        if (self.label is None) == (self.css is None):
            raise ValueError("give exactly one of `label` and `css` (css only for hidden elements)")
        if self.label is not None:
            params = _placeholders(self.label)
            sample = self.label.format_map({name: "x" for name in params})
            if not label_key(sample):
                raise ValueError(f"label {self.label!r} is empty once normalised")
        if self.field is not None and self.kind not in FIELD_KINDS:
            raise ValueError(f"a {self.kind} does not fill a field; set `field: null`")
        if (self.near or self.src) and self.kind != "captcha_image":
            raise ValueError("`near` and `src` are for a captcha_image")
        if self.value is not None and (self.field is not None or self.kind not in FILL_KINDS):
            raise ValueError("`value` is for a control that no facility field fills")
        if self.max_length is not None and self.kind not in TEXT_KINDS:
            raise ValueError(f"a {self.kind} takes no typed text; `max_length` is for text")
        return self

    @property
    def params(self) -> tuple[str, ...]:
        """The names of the label's `{placeholders}`."""
        return _placeholders(self.label) if self.label else ()

    def label_for(self, params: Mapping[str, str] | None = None) -> str:
        """The label with its placeholders filled in."""
        if self.label is None:
            raise InputError(f"entry {self.name!r} has no label (it is found by css)")
        missing = [name for name in self.params if not params or name not in params]
        if missing:
            raise InputError(
                f"entry {self.name!r} needs a value for {', '.join(missing)} "
                f"to make its label {self.label!r}"
            )
        return self.label.format_map(dict(params or {}))


class Identity(_Strict):
    """What tells that the browser is on this page: a text a person can read on it."""

    by: Literal["title", "heading", "text"]
    text: str = Field(min_length=1)


class PageSpec(_Strict):
    """One page of the portal and the controls the tool uses on it."""

    name: str = Field(pattern=_NAME)
    step: int = Field(ge=1, le=6, description="the guide's step, 1..6")
    identify: Identity
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


class Portal(_Strict):
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


class SelectorMap(_Strict):
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
