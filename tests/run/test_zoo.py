"""The drift zoo: every page set, filled end to end by `fill` with the one shipped map.

Each page set keeps the guide's labels and changes everything else: markup, widget
libraries, containers, frames and windows. The judge is what the replica received:
the saved draft's 20 posted fields and the upload's SHA-256 (`tests.support.zoo`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, options_for, run_fill, write_facilities
from tests.support.zoo import page_sets

pytestmark = pytest.mark.usefixtures("nothing_submitted")


@pytest.mark.parametrize("page_set", ["base", *page_sets()])
def test_fill_saves_every_field_on_the_page_set(
    browser: Browser, tmp_path: Path, page_set: str
) -> None:
    faults = () if page_set == "base" else (f"drift:{page_set}",)
    run = run_fill(
        browser,
        options_for(
            write_facilities(tmp_path, YARRA), tmp_path / "out", save_draft=True, faults=faults
        ),
    )
    yarra = run.application("yarra-choc")
    assert (yarra["status"], run.code) == ("review", 0), yarra["message"]
    assert_drafts_whole(run.state, [YARRA], tmp_path)


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
