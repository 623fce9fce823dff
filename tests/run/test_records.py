"""The record of a batch: the report of the whole list after a resumed or `--only` run,
`status` as the journal has it, `sync` from the portal's 综合查询, and report.html as
a person opens it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page

from cifer_bot.journal import open_journal
from cifer_bot.replica import Replica
from cifer_bot.run.status import StatusOptions, status
from cifer_bot.run.sync import sync
from tests.support.runs import (
    BAROSSA,
    YARRA,
    Run,
    log_in_over_http,
    options_for,
    run_fill,
    write_facilities,
)

DRY = "dry run (offline replica)"
PASSWORD = "Sweet!Cocoa9"


@pytest.fixture(scope="module")
def resumed(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    """Three runs of one list on one --out: `--only` the first site, then the whole list
    (the second site), then the first site again (done: nothing to do)."""
    folder = tmp_path_factory.mktemp("records")
    facilities = write_facilities(folder, YARRA, BAROSSA)
    out = folder / "out"
    return [
        run_fill(browser, options_for(facilities, out, save_draft=True, only=("yarra-choc",))),
        run_fill(browser, options_for(facilities, out, save_draft=True)),
        run_fill(browser, options_for(facilities, out, save_draft=True, only=("yarra-choc",))),
    ]


def _states(run: Run) -> list[tuple[str, str]]:
    return [(a["facility"], a["state"]) for a in run.report["applications"]]


def test_an_only_run_and_a_resumed_run_report_every_application_of_the_list(
    resumed: list[Run],
) -> None:
    # Broke: each run replaced report.json with its own applications only.
    only, whole, done = resumed
    assert _states(only) == [("yarra-choc", "review"), ("barossa-wines", "not_started")]
    assert _states(whole) == [("yarra-choc", "review"), ("barossa-wines", "account_form")]
    assert "yarra-choc: skipped, reached the review stop" in whole.stream
    assert _states(done) == _states(whole)


def test_a_run_with_everything_done_signs_in_nowhere_and_posts_nothing(
    resumed: list[Run],
) -> None:
    state = resumed[2].state
    assert state["logins"] == [] and state["drafts"] == [] and state["register_posts"] == []
    assert resumed[2].code == 0


def test_status_json_and_sheet_agree_with_the_journal(resumed: list[Run], tmp_path: Path) -> None:
    out = resumed[1].out
    facilities = out.parent / "facilities.yaml"
    printed = io.StringIO()
    sheet = tmp_path / "status.xlsx"
    options = StatusOptions(facility_file=facilities, out=out, as_json=True, xlsx=sheet)
    assert status(options, stream=printed) == 1  # the account form is not done
    shown = json.loads(printed.getvalue())
    journal = open_journal(out / "state", DRY)
    recorded = {(a.key.facility, a.key.category): a.status for a in journal.applications()}
    journal.close()
    assert {(a["facility"], a["category_code"]): a["status"] for a in shown["applications"]} == (
        recorded
    )
    assert shown["totals"]["review"] == 1 and shown["totals"]["account_form"] == 1
    rows = list(load_workbook(sheet)["Applications"].iter_rows(values_only=True))
    assert rows[0][0] == "Facility\n工厂"
    assert [(r[0], r[4], r[6]) for r in rows[1:]] == [
        (a["facility"], a["category_code"], a["state"]) for a in shown["applications"]
    ]


def test_status_names_each_application_in_a_table(resumed: list[Run]) -> None:
    out = resumed[1].out
    printed = io.StringIO()
    status(StatusOptions(facility_file=out.parent / "facilities.yaml", out=out), stream=printed)
    lines = printed.getvalue().splitlines()
    assert lines[0].endswith("the record of dry run (offline replica)")
    assert any(line.startswith("yarra-choc ") and " review " in line for line in lines)
    assert lines[-1] == "2 applications: 1 review, 1 account_form"


def test_the_html_report_shows_every_application_with_its_thumbnail(
    resumed: list[Run], page: Page
) -> None:
    out = resumed[1].out
    page.goto((out / "report.html").as_uri())
    sections = page.locator("section.app")
    assert sections.count() == 2
    for n in range(2):
        thumb = sections.nth(n).locator("img.thumb")
        assert thumb.evaluate("(img) => img.complete && img.naturalWidth") == 200
        href = sections.nth(n).locator("a:has(img.thumb)").get_attribute("href")
        assert href is not None and (out / href).is_file()
    assert page.get_by_text("Review table", exact=True).count() == 2
    # Small for thousands of applications: the pictures embedded are thumbnails.
    assert (out / "report.html").stat().st_size < 60_000


def test_sync_records_the_number_of_an_application_a_person_submitted(
    browser: Browser, page: Page, replica: Replica, tmp_path: Path
) -> None:
    replica.add_account("yarrachoc01", PASSWORD)
    live = {"dry_run": False, "portal_url": replica.url, "captcha": "replica"}
    options = options_for(write_facilities(tmp_path, YARRA), tmp_path / "out", **live)
    passwords = {"yarrachoc01": PASSWORD}
    filled = run_fill(browser, replace(options, save_draft=True), passwords=passwords)
    assert filled.application("yarra-choc")["status"] == "review"
    # The person opens the draft from 综合查询 and presses 提交 (never the tool).
    log_in_over_http(page, replica, "yarrachoc01", PASSWORD)
    page.goto(replica.url + "cifer/query")
    [draft] = replica.state.snapshot()["drafts"]
    page.get_by_role("link", name=draft["id"]).click()
    page.get_by_role("button", name="提交").click()
    [submission] = replica.state.snapshot()["submissions"]
    number = submission["application_no"]
    synced = run_fill(browser, options, passwords=passwords, command=sync)
    assert synced.code == 0, synced.stream
    assert f"submitted {number}" in synced.stream
    yarra = synced.application("yarra-choc")
    assert (yarra["state"], yarra["application_no"]) == ("submitted", number)
    assert replica.state.snapshot()["submissions"] == [submission]  # sync submits nothing
