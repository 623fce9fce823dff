"""A control the resolver found, and page-side functions run on it in one round trip.

The resolver marks what it finds (`data-cifer-match`), so a control is named by a CSS
selector of its own in its frame. `Locator.evaluate` resolves the locator into an
element handle, evaluates on it and disposes of it: three round trips to the browser.
A marked control is evaluated in one, by its frame: the frame finds the element by its
mark and calls the function with it. Where the mark is gone (the page replaced the
element) or the frame is between documents, the locator's own evaluation runs instead,
with its waits and errors, as if the shortcut were not there.

A control found in advance (`fast`: several of a page at once, before any was filled)
may have been replaced by the page since: its mark gone raises `MarkGone` at once, and
the caller finds it again, rather than waiting for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# What the page answers when the mark names no element: the locator's path takes over.
_MISSING = "__ciferBotMissing"
_composed: dict[str, str] = {}
# How long a control found in advance may take to be typed into before it is found
# again: long enough for a busy machine, short beside the timeout of a page.
_FAST_MS = 3000


class MarkGone(Exception):
    """A control found in advance is no longer the page's: find it again."""


def _on_marked(script: str) -> str:
    """`script` (a function of the element and an argument) run on the element a
    selector names, in the frame."""
    found = _composed.get(script)
    if found is None:
        found = (
            "([selector, arg]) => {\n"
            "  const el = document.querySelector(selector);\n"
            f"  if (!el) return {{ {_MISSING}: true }};\n"
            f"  return ({script})(el, arg);\n"
            "}"
        )
        _composed[script] = found
    return found


def _missing(result: Any) -> bool:
    return isinstance(result, dict) and result.get(_MISSING) is True


@dataclass(frozen=True)
class Marked:
    """A control in a frame: its locator, and its mark's selector where it has one."""

    frame: Frame
    locator: Locator
    selector: str | None = None
    # Found in advance: a mark gone raises MarkGone instead of waiting (see above).
    fast: bool = False

    def evaluate(self, script: str, arg: Any = None) -> Any:
        """`script(element, arg)` on the control, as `Locator.evaluate` runs it."""
        if self.selector is not None:
            try:
                result = self.frame.evaluate(_on_marked(script), [self.selector, arg])
            except PlaywrightError:
                result = {_MISSING: True}  # between documents: the locator waits
            if not _missing(result):
                return result
            if self.fast:
                raise MarkGone(self.selector)
        return self.locator.evaluate(script, arg)

    def fill(self, value: str) -> None:
        """`Locator.fill`; for a control found in advance, within `_FAST_MS`."""
        if not self.fast:
            self.locator.fill(value)
            return
        try:
            self.locator.fill(value, timeout=_FAST_MS)
        except PlaywrightTimeout:
            raise MarkGone(self.selector or "") from None


def marked(frame: Frame, selector: str) -> Marked:
    """The control a mark's selector names in `frame`."""
    return Marked(frame, frame.locator(selector), selector)


def evaluate_each(
    frame: Frame, controls: Sequence[Marked], script: str, arg: Any = None
) -> list[Any]:
    """`script(element, arg)` on each of several controls of one frame, in one round trip
    where all are marked; a control whose mark is gone is evaluated on its own."""
    if not controls:
        return []
    if any(control.selector is None or control.frame != frame for control in controls):
        return [control.evaluate(script, arg) for control in controls]
    try:
        results: list[Any] = frame.evaluate(
            _each(script), [[control.selector for control in controls], arg]
        )
    except PlaywrightError:
        results = [{_MISSING: True}] * len(controls)
    return [
        control.evaluate(script, arg) if _missing(result) else result
        for control, result in zip(controls, results, strict=True)
    ]


def _each(script: str) -> str:
    key = "each:" + script
    found = _composed.get(key)
    if found is None:
        found = (
            "([selectors, arg]) => selectors.map((selector) => {\n"
            "  const el = document.querySelector(selector);\n"
            f"  return el ? ({script})(el, arg) : {{ {_MISSING}: true }};\n"
            "})"
        )
        _composed[key] = found
    return found
