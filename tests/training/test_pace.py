"""The trainee's pace: what ends a wait (Enter, Next, the window closing), and what
does not (a press before the wait, a navigation while a step waits)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from cifer_bot.training.overlay import Overlay
from cifer_bot.training.pace import Pace

_NEXT = "() => window.__ciferBotOverlay.root.querySelector('.next').click()"


@pytest.fixture
def shown(page: Page) -> Overlay:
    page.set_content("<p>a page of the portal</p>")
    overlay = Overlay()
    overlay.attach(page)
    overlay.caption("Step 1 of 6: Landing page (中国国际贸易单一窗口)", "Click the orange tab.")
    overlay.waiting("Next")
    return overlay


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    yield read, write
    os.close(write)


def test_next_on_the_page_ends_the_wait(page: Page, shown: Overlay) -> None:
    pace = Pace(autoplay=False)
    pace.attach(page)
    try:
        assert pace.wait(page, told=lambda: page.evaluate(_NEXT)) == "next"
    finally:
        pace.close()


def test_enter_in_the_terminal_ends_the_wait(
    page: Page, shown: Overlay, pipe: tuple[int, int]
) -> None:
    read, write = pipe
    pace = Pace(autoplay=False, stdin=os.fdopen(read, "r"))
    pace.attach(page)
    try:
        assert pace.wait(page, told=lambda: os.write(write, b"\n")) == "next"
    finally:
        pace.close()


def test_the_window_closing_ends_the_wait(page: Page, shown: Overlay) -> None:
    pace = Pace(autoplay=False)
    pace.attach(page)
    other = page.context.new_page()
    try:
        assert pace.wait(page, told=lambda: page.close()) == "closed"
    finally:
        pace.close()
        other.close()


def test_a_navigation_ends_only_the_wait_that_asked_for_it(page: Page, shown: Overlay) -> None:
    pace = Pace(autoplay=False)
    pace.attach(page)

    def navigate_then_next() -> None:
        page.set_content("<p>the next page</p>")  # not a reason to go on at a step
        page.evaluate("() => window.ciferBotNext()")

    try:
        assert pace.wait(page, told=navigate_then_next) == "next"
        assert pace.wait(page, navigation=True, told=lambda: page.reload()) == "navigated"
    finally:
        pace.close()


def test_autoplay_never_waits(page: Page) -> None:
    pace = Pace(autoplay=True)
    pace.attach(page)
    assert pace.wait(page, told=lambda: pytest.fail("autoplay told the trainee")) == "next"
