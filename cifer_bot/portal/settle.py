"""Looking until a check finds something, waking on each change of the window.

A check looks at the page; between two looks the tool waits for the page to change
(`where.wait_for_change`), never for a fixed time. The change mark the wait starts from
must be read before the look it follows, or a change that comes during the look is
missed: a look at the window reads the mark itself as it begins (`Settler.noted`), and a
check that looked at nothing is made again after the mark is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Page

from cifer_bot.portal.where import changes, wait_for_change

T = TypeVar("T")


class Settler:
    """The waits of one flow: `settle`, and the mark the current check's first look read."""

    def __init__(self) -> None:
        self.mark: str | None = None

    def noted(self, mark: str | None) -> None:
        """A look at the window read `mark` as it began (kept if it is the check's first)."""
        if self.mark is None:
            self.mark = mark

    def settle(
        self, window: Callable[[], Page], check: Callable[[], T | None], seconds: float
    ) -> T | None:
        """Look with `check` until it finds something, waking on each change of the
        window (`window()`: the window now); None when `seconds` pass first."""
        deadline = time.monotonic() + seconds
        while True:
            found, seen = self._checked(check)
            if found is None and seen is None and not window().is_closed():
                seen = changes(window())
                found = check()
            left = deadline - time.monotonic()
            if found is not None or left <= 0 or window().is_closed():
                return found
            wait_for_change(window(), left, seen)

    def _checked(self, check: Callable[[], T | None]) -> tuple[T | None, str | None]:
        """What `check` found, and the mark its first look read (a check made inside
        another's keeps the outer one's mark where that one is older)."""
        outer, self.mark = self.mark, None
        try:
            found = check()
            return found, self.mark
        finally:
            self.mark = outer if outer is not None else self.mark
