"""Progress in English: a line per step on the terminal, and, in a headed run, a banner
on the page itself, so that staff who read no Chinese can follow (the demo mode)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

_BANNER_SCRIPT = """(text) => {
  let box = document.getElementById('cifer-bot-banner');
  if (!box) {
    box = document.createElement('div');
    box.id = 'cifer-bot-banner';
    box.setAttribute('aria-hidden', 'true');
    box.style.cssText = 'position:fixed;left:12px;bottom:12px;max-width:560px;z-index:2147483647;'
      + 'background:#1f2d3d;color:#fff;font:14px/1.45 sans-serif;padding:10px 14px;'
      + 'border-left:6px solid #f60;border-radius:4px;box-shadow:0 2px 10px rgba(0,0,0,.35);'
      + 'pointer-events:none;white-space:pre-line';
    document.documentElement.appendChild(box);
  }
  box.textContent = text;
}"""

_REMOVE_SCRIPT = "() => document.getElementById('cifer-bot-banner')?.remove()"


@dataclass
class Narrator:
    """Says what the tool is doing and why; shows it on the page when a person watches."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    banner: bool = False
    prefix: str = ""
    # Told each line too (the run's progress display and console).
    listener: Callable[[str], None] | None = None
    _page: Page | None = None
    _last: str = ""

    def attach(self, page: Page) -> None:
        self._page = page
        if self.banner:
            # Keep the banner across navigations: every new document gets it again.
            page.on("load", lambda _: self._show(self._last))

    def step(self, number: int, title: str, explanation: str) -> None:
        """A new step of the guide: `[3/6] Log in` and what it means."""
        self._say(f"[{number}/6] {title}: {explanation}")

    def note(self, text: str) -> None:
        self._say(f"      {text}")

    def _say(self, text: str) -> None:
        line = f"{self.prefix}{text}" if self.prefix else text
        self.stream.write(line + "\n")
        self.stream.flush()
        self._last = text.strip()
        if self.listener is not None:
            self.listener(self._last)
        self._show(self._last)

    def _show(self, text: str) -> None:
        if not (self.banner and self._page and text):
            return
        # While the page navigates this fails; the load handler shows it again.
        with contextlib.suppress(PlaywrightError):
            self._page.evaluate(_BANNER_SCRIPT, f"cifer-bot\n{text}")

    def hide_banner(self) -> None:
        """Remove the banner, before a screenshot for review."""
        if self._page is None:
            return
        with contextlib.suppress(PlaywrightError):
            self._page.evaluate(_REMOVE_SCRIPT)
