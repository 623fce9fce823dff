"""The record of a batch: the report of the whole list after a resumed or `--only` run,
`status` as the journal has it, `sync` from the portal's 综合查询, and report.html as
a person opens it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page

from cifer_bot.journal import open_journal
from cifer_bot.replica import Replica
from cifer_bot.report.build import STATES
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
    assert "yarra-choc - Chocolate (巧克力): skipped, reached the review stop" in whole.stream
    assert _states(done) == _states(whole)
    # The steps name each press in Chinese and English, as the page and the reader do.
    steps = [step["step"] for step in whole.application("yarra-choc")["steps"]]
    assert steps[-2:] == ["暂存 (Save draft) pressed", "暂存 (Save draft) confirmed by the portal"]


def test_a_run_with_everything_done_signs_in_nowhere_and_posts_nothing(
    resumed: list[Run],
) -> None:
    state = resumed[2].state
    assert state["logins"] == [] and state["drafts"] == [] and state["register_posts"] == []
    assert resumed[2].code == 0
    assert "Nothing left to do: the 2 applications of the list" not in resumed[2].stream
    assert "Nothing left to do: the 1 applications of the list reached their stop in " in (
        resumed[2].stream
    )


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
    # The client reads the state in both languages, and when as a date.
    assert rows[1][7] == "filled; waiting for a person's review\n已填写，待人工审核"
    assert all(isinstance(r[10], datetime) for r in rows[1:])
    totals = list(load_workbook(sheet)["Totals"].iter_rows(values_only=True))
    assert totals[0] == ("State\n状态", "What it means\n说明", "Applications\n申请数")
    assert ("review", "filled; waiting for a person's review\n已填写，待人工审核", 1) in totals
    assert totals[-1] == ("Total applications", "合计", 2)


def test_status_names_each_application_in_a_table(resumed: list[Run]) -> None:
    out = resumed[1].out
    printed = io.StringIO()
    status(StatusOptions(facility_file=out.parent / "facilities.yaml", out=out), stream=printed)
    lines = printed.getvalue().splitlines()
    assert lines[0].endswith("the record of the dry runs on the offline replica")
    assert any(line.startswith("yarra-choc ") and " review " in line for line in lines)
    assert any(line.startswith("barossa-wines ") and "发酵酒" in line for line in lines)
    at = lines.index("2 applications: 1 review, 1 account_form")
    # The review's draft has no number yet: the portal gives it, sync reads it.
    assert lines[at + 1].startswith("Numbers: ") and "cifer-bot sync FILE" in lines[at + 1]
    # What to do next, for each state the list holds.
    assert lines[at + 2 :] == [
        "Next:",
        f"  review: {STATES['review'][1]}",
        f"  account_form: {STATES['account_form'][1]}",
    ]


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
    # Each review table is one line while all its fields match, and opens on a click.
    summaries = page.locator("summary", has_text="Review table (")
    assert summaries.count() == 2
    assert summaries.nth(0).inner_text() == "Review table (20 fields, all match)"
    table = sections.nth(0).locator("details table")
    assert not table.is_visible()
    summaries.nth(0).click()
    assert table.is_visible() and table.locator("tr").count() == 21
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
    page.get_by_text("提交成功").wait_for()  # the portal took it (the click only sent it)
    [submission] = replica.state.snapshot()["submissions"]
    number = submission["application_no"]
    synced = run_fill(browser, options, passwords=passwords, command=sync)
    assert synced.code == 0, synced.stream
    assert f"submitted {number}" in synced.stream
    assert "\nSynced: 1 account read, 1 submitted\n" in synced.stream
    yarra = synced.application("yarra-choc")
    assert (yarra["state"], yarra["application_no"]) == ("submitted", number)
    # Reading 综合查询 is no step of the application: its route and timings stay the fill's.
    before = filled.application("yarra-choc")
    assert yarra["reached"] == before["reached"] == "save draft"
    assert yarra["steps"] == before["steps"]
    assert replica.state.snapshot()["submissions"] == [submission]  # sync submits nothing


def test_a_changed_row_and_again_say_what_becomes_of_the_saved_draft(
    browser: Browser, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_fill(browser, options_for(write_facilities(tmp_path, YARRA), out, save_draft=True))
    # The row changes after its draft was saved: the run names it, says the draft on the
    # portal keeps the old values and how to fill it anew, and fills nothing.
    changed = write_facilities(tmp_path, {**YARRA, "tel": "+61 3 5550 9999"})
    unchanged = run_fill(browser, options_for(changed, out, save_draft=True))
    assert 'changed: row 1, "yarra-choc" (D248-A9-CONF-CHOC): changed since the journal ' in (
        unchanged.stream
    )
    assert "its draft on the portal keeps the old values; --only NAME --again" in unchanged.stream
    assert "Nothing left to do: the 1 applications of the list reached their stop" in (
        unchanged.stream
    )
    assert unchanged.state["logins"] == [] and unchanged.code == 0
    # --again fills it anew; the replica a dry run serves starts empty, so no older
    # draft is there to warn of.
    anew = run_fill(browser, options_for(changed, out, save_draft=True, again=True))
    assert anew.application("yarra-choc")["status"] == "review" and anew.code == 0
    assert "--again saves another beside it" not in anew.stream
    # The dry run's replica starts empty: sync says so, and that the journal saw a draft.
    synced = run_fill(browser, options_for(changed, out), command=sync)
    assert "The replica this run serves starts empty" in synced.stream
    assert "not listed on the portal, though a run saved its draft (暂存) (" in synced.stream
    assert "\nSynced: 1 account read, 1 not listed\n" in synced.stream
    assert synced.application("yarra-choc")["state"] == "review"  # the journal's word stands


def test_again_on_a_saved_draft_says_the_portal_holds_two(
    browser: Browser, replica: Replica, tmp_path: Path
) -> None:
    replica.add_account("yarrachoc01", PASSWORD)
    live = {"dry_run": False, "portal_url": replica.url, "captcha": "replica"}
    options = options_for(write_facilities(tmp_path, YARRA), tmp_path / "out", **live)
    passwords = {"yarrachoc01": PASSWORD}
    run_fill(browser, replace(options, save_draft=True), passwords=passwords)
    anew = run_fill(browser, replace(options, save_draft=True, again=True), passwords=passwords)
    # The portal is asked, not only the journal: 综合查询 lists the first draft.
    assert "note: 综合查询 lists it as a draft (暂存), number D0" in anew.stream
    assert "--again saves another draft beside it: delete the older one" in anew.stream
    assert len(replica.state.snapshot()["drafts"]) == 2 and anew.code == 0
