"""The review stop's screenshot on a full disk (issue 11, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from cifer_bot.errors import CiferBotError
from cifer_bot.run.review_stop import whole_page_screenshot
from tests.support.limits import file_size_limit

LIMIT = 4096


def _busy_page(page: Page) -> None:
    """A page whose picture is far larger than LIMIT: noise compresses badly."""
    page.set_content(
        "<canvas id=c width=900 height=600></canvas><script>"
        "const x = document.getElementById('c').getContext('2d');"
        "for (let i = 0; i < 20000; i++) {"
        " x.fillStyle = `rgb(${i * 7 % 255},${i * 13 % 255},${i * 31 % 255})`;"
        " x.fillRect(i * 37 % 900, i * 53 % 600, 3, 3); }</script>"
    )


def test_a_screenshot_cut_short_by_a_full_disk_is_removed(page: Page, tmp_path: Path) -> None:
    # What broke: a full disk left a truncated review.png, and a traceback.
    _busy_page(page)
    whole = tmp_path / "whole.png"
    whole_page_screenshot(page, whole)
    assert whole.stat().st_size > 4 * LIMIT
    shot = tmp_path / "review" / "review.png"
    with file_size_limit(LIMIT), pytest.raises(CiferBotError) as failed:
        whole_page_screenshot(page, shot)
    assert failed.value.exit_code == 1
    assert str(failed.value).startswith(f"cannot write {shot}: ")
    assert list(shot.parent.iterdir()) == []
