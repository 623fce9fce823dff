"""The overlay of a headed run (`overlay.js`): the step and the guide's sentences in a
caption bar, and the control in use outlined, with its Chinese label and its English
beside it. `fill --headed` and `demo` draw the same one.

It is drawn into the top document in a closed shadow root, so the tool's page scripts
never read it as the portal's text, and it is removed for every screenshot taken for
review. A secret is never handed to it: the caller gives dots.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

_SCRIPT = (files(__package__) / "overlay.js").read_text(encoding="utf-8")
# What the overlay shows for a password or a captcha answer: always the same length, so
# that not even the length of the secret shows.
DOTS = "\u2022" * 8
# A field that takes a secret in plain text (the captcha) shows dots, as a password
# field does, while the tool types into it.
_MASK = "(el) => { el.style.webkitTextSecurity = 'disc'; }"
_CENTRE = "(el) => el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' })"
# How near the window's top (twice that: its bottom, where the bar is) a control may be.
_EDGE = 90


@dataclass(frozen=True)
class Pointed:
    """The control the overlay outlines, and what it says beside it."""

    control: Locator
    label: str
    english: str


class Overlay:
    """The caption bar and the outline, kept across the page's navigations."""

    def __init__(self) -> None:
        self.page: Page | None = None
        self._caption: dict[str, str] = {"heading": "", "text": "", "action": ""}
        self._pointed: Pointed | None = None
        self._next: str | None = None
        self._hidden = False
        # Where the last drawing put each part (the tests check what it covers).
        self.drawn: dict[str, Any] | None = None

    def attach(self, page: Page) -> None:
        self.page = page
        # A new document has no overlay: draw the caption again (the old outline is gone
        # with the control it outlined).
        page.on("load", lambda _: self._on_load())

    def _on_load(self) -> None:
        self._pointed = None
        self._draw()

    def caption(self, heading: str, text: str, action: str = "") -> None:
        """A new caption, with no control outlined yet."""
        self._caption = {"heading": heading, "text": text, "action": action}
        self._pointed = None
        self._draw()

    def point(self, control: Locator, *, label: str, english: str, action: str) -> None:
        """Outline the control about to be used, and say what is done with it."""
        self._caption = {**self._caption, "action": action}
        self._pointed = Pointed(control, label, english)
        self._into_view(control)
        self._draw()

    def _into_view(self, control: Locator) -> None:
        """Scroll the control to the middle of the window where it is near an edge (or
        out of sight), so that the bar and the label beside it have room."""
        view = self.page.viewport_size if self.page is not None else None
        with contextlib.suppress(PlaywrightError):
            box = control.bounding_box(timeout=2000)
            if box is None or view is None:
                return
            if box["y"] < _EDGE or box["y"] + box["height"] > view["height"] - 2 * _EDGE:
                control.evaluate(_CENTRE)

    def say(self, action: str) -> None:
        """What the tool does or found now, under the caption; the outline stays."""
        self._caption = {**self._caption, "action": action}
        self._draw()

    @staticmethod
    def mask(control: Locator) -> None:
        """Dots instead of the text typed into a field that is not a password field."""
        with contextlib.suppress(PlaywrightError):
            control.evaluate(_MASK)

    def waiting(self, button: str | None) -> None:
        """Show the button that ends the trainee's turn (`Next`, `End`), or take it away."""
        self._next = button
        self._draw()

    @contextlib.contextmanager
    def hidden(self) -> Iterator[None]:
        """Take the overlay off the page for the block (a screenshot for review)."""
        self._hidden = True
        self.remove()
        try:
            yield
        finally:
            self._hidden = False
            self._draw()

    def remove(self) -> None:
        if self.page is None or self.page.is_closed():
            return
        with contextlib.suppress(PlaywrightError):
            self.page.evaluate(_SCRIPT, {"op": "remove"})

    def _draw(self) -> None:
        page = self.page
        if page is None or self._hidden or page.is_closed() or not self._caption["heading"]:
            return
        target = None
        if self._pointed is not None:
            with contextlib.suppress(PlaywrightError):
                box = self._pointed.control.bounding_box(timeout=2000)
                if box is not None:
                    target = {
                        **box,
                        "label": self._pointed.label,
                        "english": self._pointed.english,
                    }
        # While the page navigates this fails; its load handler draws it again. Until
        # then nothing is known to be drawn.
        self.drawn = None
        with contextlib.suppress(PlaywrightError):
            self.drawn = page.evaluate(
                _SCRIPT,
                {"op": "draw", "caption": self._caption, "target": target, "next": self._next},
            )
