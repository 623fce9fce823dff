"""The page-side half of the widgets (`control.js`, `options.js`), called from Python.

Each function takes the control as the resolver marked it (`Marked`), so that it runs
in one round trip to the browser."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from playwright.sync_api import Frame

from cifer_bot.portal.marked import Marked, evaluate_each, marked
from cifer_bot.portal.matches import MATCH_ATTRIBUTE, new_token, selector_of

_CONTROL = (files(__package__) / "control.js").read_text(encoding="utf-8")
_OPTIONS = (files(__package__) / "options.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Shown:
    """What a control shows: a select's chosen option (value and text), or its text."""

    value: str
    text: str


@dataclass(frozen=True)
class Control:
    """What the control found for a label is."""

    tag: str
    type: str
    role: str
    editable: bool
    readonly: bool
    placeholder: str
    shown: Shown

    @property
    def native_select(self) -> bool:
        return self.tag == "select"


def describe(control: Marked) -> Control:
    return _control(control.evaluate(_CONTROL, {"op": "describe"}))


def describe_each(frame: Frame, controls: list[Marked]) -> list[Control]:
    """What each of several controls of a frame is, read in one round trip."""
    found: list[dict[str, Any]] = evaluate_each(frame, controls, _CONTROL, {"op": "describe"})
    return [_control(data) for data in found]


def _control(data: dict[str, Any]) -> Control:
    return Control(
        tag=data["tag"],
        type=data["type"],
        role=data["role"],
        editable=bool(data["editable"]),
        readonly=bool(data["readonly"]),
        placeholder=data["placeholder"],
        shown=Shown(**data["shown"]),
    )


def shown(control: Marked) -> Shown:
    data: dict[str, str] = control.evaluate(_CONTROL, {"op": "shown"})
    return Shown(**data)


def shown_each(frame: Frame, controls: list[Marked]) -> list[Shown]:
    """What each of several controls of a frame shows, read in one round trip."""
    found: list[dict[str, str]] = evaluate_each(frame, controls, _CONTROL, {"op": "shown"})
    return [Shown(**data) for data in found]


def set_value(control: Marked, value: str) -> str:
    """Write through the element's own value setter and fire input, change and blur."""
    written: str = control.evaluate(_CONTROL, {"op": "set", "value": value})
    return written


def native_select(frame: Frame, control: Marked) -> Marked | None:
    """The <select> behind a script's drop-down (or the control, if it is one)."""
    if describe(control).native_select:
        return control
    token = new_token()
    found = control.evaluate(
        _CONTROL, {"op": "select", "token": token, "attribute": MATCH_ATTRIBUTE}
    )
    return marked(frame, selector_of(token)) if found else None


def file_input(frame: Frame, control: Marked) -> Marked | None:
    """The <input type=file> of an upload control (itself, or the one beside it)."""
    token = new_token()
    found = control.evaluate(_CONTROL, {"op": "file", "token": token, "attribute": MATCH_ATTRIBUTE})
    return marked(frame, selector_of(token)) if found else None


def open_options(frame: Frame) -> list[tuple[Marked, str]]:
    """The choices a drop-down shows now, each with its text, in page order."""
    token = new_token()
    texts: list[str] = frame.evaluate(
        _OPTIONS,
        {"token": token, "attribute": MATCH_ATTRIBUTE, "except": "select"},
    )
    return [
        (marked(frame, selector_of(f"{token}-{index}")), text) for index, text in enumerate(texts)
    ]
