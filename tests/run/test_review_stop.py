"""The review stop: its screenshot on a full disk (issue 11, item 5), and the headed
wait for a person."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page

from cifer_bot.errors import CiferBotError
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.replica import Replica
from cifer_bot.report import Outcome
from cifer_bot.run.review_stop import wait_for_person, whole_page_screenshot
from cifer_bot.steps import application
from tests.support.limits import file_size_limit
from tests.support.runs import YARRA, log_in_over_http, make_flow, write_facilities

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


def test_a_headed_wait_records_the_number_of_a_person_s_own_submission(
    page: Page, replica: Replica, tmp_path: Path
) -> None:
    # The wait is woken by the pages the person opens and ends when the window closes:
    # the person here presses 提交 and closes the window (a window a script opened may
    # close itself), both well inside the wait. Broke on a busy machine: the window
    # closed 0.1 s after the number showed, before the tool had read it; a person
    # takes longer than that to read a number.
    replica.add_account(YARRA["username"], "Sweet!Cocoa9")
    log_in_over_http(page, replica, YARRA["username"], "Sweet!Cocoa9")
    with page.context.expect_page() as opened:
        page.evaluate("url => window.open(url)", replica.url + "cifer/apply?item=巧克力")
    window = opened.value
    window.context.add_init_script(
        "addEventListener('load', () => { if (/\\d{18}/.test(document.body.innerText))"
        " setTimeout(() => close(), 1500); })"
    )
    flow = make_flow(window, replica.url, tmp_path / "artifacts")
    [facility] = read_facilities(write_facilities(tmp_path, YARRA)).facilities
    application.fill_application(flow, facility.applications[0])
    window.evaluate(
        "() => setTimeout(() => document.querySelector('button[value=submit]').click(), 100)"
    )
    outcome = Outcome(facility.name, "D248-A9-CONF-CHOC", "")
    stream = io.StringIO()
    wait_for_person(flow, outcome, stream=stream, wait_s=600)
    assert window.is_closed()  # it returned for the window closing, not for the deadline
    [submission] = replica.state.snapshot()["submissions"]
    assert outcome.application_no == submission["application_no"]
    assert f"application number {submission['application_no']}" in stream.getvalue()
