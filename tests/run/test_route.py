"""The route follows the page: a run may start at any step's address, and a page that
no entry of the map describes stops the application with its title and a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica import Replica
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, options_for, run_fill, write_facilities

pytestmark = pytest.mark.usefixtures("nothing_submitted")
PASSWORD = "Cocoa!Secret77"


def test_a_run_started_at_the_login_page_fills_the_form(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    # Users reach the registration system's own login page directly: --portal-url may be
    # that page, and the run starts at step 3.
    replica.add_account("yarrachoc01", PASSWORD)
    run = run_fill(
        browser,
        options_for(
            write_facilities(tmp_path, YARRA),
            tmp_path / "out",
            dry_run=False,
            portal_url=replica.url + "cas/login?service=%2Fcifer%2F",
            captcha="replica",
            save_draft=True,
        ),
        passwords={"yarrachoc01": PASSWORD},
    )
    assert run.application("yarra-choc")["status"] == "review", run.stream
    assert "[1/6]" not in run.stream and "[2/6]" not in run.stream
    assert "[3/6] Log in" in run.stream
    assert_drafts_whole(replica.state.snapshot(), [YARRA], tmp_path)


def test_a_page_the_map_does_not_describe_stops_with_its_title_and_a_screenshot(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    run = run_fill(
        browser,
        options_for(
            write_facilities(tmp_path, YARRA),
            tmp_path / "out",
            dry_run=False,
            portal_url=replica.url + "somewhere/else",
            captcha="replica",
            timeout_s=2.0,
            retries=0,
        ),
        passwords={"yarrachoc01": PASSWORD},
    )
    yarra = run.application("yarra-choc")
    assert (yarra["status"], run.code) == ("failed", 1)
    message = yarra["message"]
    assert "no page of selector map 2021-11-26 describes" in message
    assert "title «系统提示 - 中国国际贸易单一窗口»" in message
    shots = [Path(p) for p in yarra["artifacts"] if p.endswith(".png")]
    assert shots and all(p.stat().st_size > 0 for p in shots)
