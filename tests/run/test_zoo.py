"""The drift zoo: every page set, filled end to end by `fill` with the one shipped map.

Each page set keeps the guide's labels and changes everything else: markup, widget
libraries, containers, frames and windows. The judge is what the replica received:
the saved draft's 20 posted fields and the upload's SHA-256 (`tests.support.zoo`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, options_for, run_fill, write_facilities
from tests.support.zoo import assert_fills_whole, page_sets

pytestmark = pytest.mark.usefixtures("nothing_submitted")
PASSWORD = "Cocoa!Secret77"


@pytest.mark.parametrize("page_set", ["base", *page_sets()])
def test_fill_saves_every_field_on_the_page_set(
    browser: Browser, tmp_path: Path, page_set: str
) -> None:
    faults = () if page_set == "base" else (f"drift:{page_set}",)
    assert_fills_whole(browser, tmp_path, faults)


# Portals written by other people with the guide's labels (each broke the tool): a
# single-page app whose title never changes with a login card titled by a div, a menu
# opened by a click, categories chosen by radio and 下一步, a file riding with the form,
# a form in wizard panes.
OTHERS_MARKUP = ("spa", "clickmenu", "radio", "multipart", "wizard")


@pytest.mark.parametrize("page_set", OTHERS_MARKUP)
def test_fill_from_the_login_page_s_address_saves_every_field(
    browser: Browser, tmp_path: Path, page_set: str
) -> None:
    # Users reach the registration system's login page directly: the run starts there.
    with Replica(faults=[parse_fault(f"drift:{page_set}")]) as replica:
        replica.add_account(str(YARRA["username"]), PASSWORD)
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
            passwords={str(YARRA["username"]): PASSWORD},
        )
        state = replica.state.snapshot()
    yarra = run.application("yarra-choc")
    assert (yarra["status"], run.code) == ("review", 0), yarra["message"]
    assert "[1/6]" not in run.stream and "[3/6] Log in" in run.stream
    assert_drafts_whole(state, [YARRA], tmp_path)


def test_a_window_an_earlier_walk_opened_does_not_stand_for_the_next_walk_s_page(
    browser: Browser, tmp_path: Path
) -> None:
    # Broke: on a portal whose CIFER link opens the login in a new window (jqueryui),
    # the window the link was opened from still showed the menu page when the account's
    # next walk began in the other: the route took that stale window for step 2 and
    # looked for the menu in the landing page. Each walk now starts with one window.
    two = {**YARRA, "category": "巧克力; 糖果"}
    run = run_fill(
        browser,
        options_for(
            write_facilities(tmp_path, two),
            tmp_path / "out",
            save_draft=True,
            faults=("drift:jqueryui",),
        ),
    )
    assert [a["status"] for a in run.report["applications"]] == ["review", "review"], run.stream
    assert_drafts_whole(run.state, [two], tmp_path)
