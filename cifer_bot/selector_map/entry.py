"""One control of a selector map's page, named by the label a person reads beside or on it."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cifer_bot.errors import InputError
from cifer_bot.labels import label_key

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
    "choice",
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

# The kinds of control an entry may be found as, in the order they are tried: an item a
# link names is as well offered by a radio button or check box, an option, a tree node.
OFFERED_AS: Mapping[str, tuple[str, ...]] = {"link": ("link", "choice")}

NAME = r"^[a-z][a-z0-9_]*$"
FIELD = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"


def _placeholders(text: str) -> tuple[str, ...]:
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not re.fullmatch(NAME, name) or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name such as {{sub_item}}")
        names.append(name)
    return tuple(names)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Strict):
    """One control of a page, named by the label a person reads beside or on it."""

    name: str = Field(pattern=NAME)
    # The label without `*`, colon or English gloss; `{name}` marks a parameter (the
    # food sub-item, a day of the date picker). None only for an entry with `css`.
    label: str | None = None
    english: str = Field(min_length=1)
    kind: Kind
    # `<model>.<field>` this control fills, e.g. `application.enterprise_name`.
    field: str | None = Field(default=None, pattern=FIELD)
    # Only for an element with nothing to read (a hidden input).
    css: str | None = None
    # The entry of the same page whose hover (a hover menu) or click shows this control
    # (a menu's link, a date picker's parts): `selectors check` opens it first.
    shown_by: str | None = Field(default=None, pattern=NAME)
    # For a captcha image that nothing may name: the entry of the same page whose control
    # it sits beside (`near`), and a part of its address (`src`), tried in that order.
    near: str | None = Field(default=None, pattern=NAME)
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

    def ways(self) -> tuple[Entry, ...]:
        """The entry as each kind of control it may be found as (`OFFERED_AS`), itself first."""
        kinds = OFFERED_AS.get(self.kind, (self.kind,))
        return tuple(
            self if kind == self.kind else self.model_copy(update={"kind": kind}) for kind in kinds
        )
