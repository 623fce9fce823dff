"""What a run leaves behind: report.json, review tables, the journal that makes a batch
resumable, and never a password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica.state import md5_hex
from cifer_bot.report import Journal, Outcome, ReviewRow, review_markdown
from tests.filler_support import (
    BAROSSA,
    YARRA,
    Run,
    options_for,
    run_fill,
    write_facilities,
)

# Stored as an operator would store them: CIFER_BOT_PASSWORD__<USERNAME>.
# No test of this module may leave a submission on any replica.
pytestmark = pytest.mark.usefixtures("nothing_submitted")


PASSWORDS = {"yarrachoc01": "Cocoa!Secret77", "barossahill": "Wine~Hidden42"}


@pytest.fixture(scope="module")
def facilities(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_facilities(tmp_path_factory.mktemp("report"), YARRA, BAROSSA)


@pytest.fixture(scope="module")
def first(browser: Browser, facilities: Path) -> Run:
    """Both facilities to their stop: the review, and the filled account form."""
    return run_fill(
        browser, options_for(facilities, facilities.parent / "out"), passwords=PASSWORDS
    )


@pytest.fixture(scope="module")
def second(browser: Browser, facilities: Path, first: Run) -> Run:
    """The same file and out folder again, for the facility that reached its review stop."""
    return run_fill(
        browser, options_for(facilities, first.out, only=("yarra-choc",)), passwords=PASSWORDS
    )


@pytest.fixture(scope="module")
def again(browser: Browser, facilities: Path, second: Run) -> Run:
    """The same file and out folder a third time, with --again, for one facility."""
    return run_fill(
        browser,
        options_for(facilities, second.out, again=True, only=("yarra-choc",)),
        passwords=PASSWORDS,
    )


# --- secrets ---------------------------------------------------------------------------


def test_the_stored_passwords_were_used(first: Run) -> None:
    # The secrets below are absent because they were never written, not because none
    # were used: the existing account signed in with its stored password.
    [replica] = first.replicas
    stored = replica.state.accounts["yarrachoc01"].password_md5
    assert stored == md5_hex(PASSWORDS["yarrachoc01"])
    assert first.application("yarra-choc")["status"] == "review"
    assert first.application("barossa-wines")["status"] == "account_form"


def test_no_file_under_out_contains_a_password(first: Run) -> None:
    files = [path for path in first.out.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"report.json", "journal.jsonl", "review.md", "review.png"} <= names
    for path in files:
        data = path.read_bytes()
        for password in PASSWORDS.values():
            assert password.encode() not in data, f"{password!r} in {path}"
            assert password.encode("utf-16-le") not in data, f"{password!r} in {path}"


def test_the_stream_never_shows_a_password(first: Run, second: Run, again: Run) -> None:
    for run in (first, second, again):
        assert run.stream
        for password in PASSWORDS.values():
            assert password not in run.stream


# --- the journal -----------------------------------------------------------------------


def test_a_second_run_skips_what_reached_the_review_stop(second: Run) -> None:
    yarra = second.application("yarra-choc")
    assert yarra["status"] == "skipped"
    assert "--again fills it anew" in yarra["message"]
    assert second.state["logins"] == []
    assert second.code == 0


def test_again_fills_anew_what_reached_its_stop(again: Run) -> None:
    yarra = again.application("yarra-choc")
    assert yarra["status"] == "review"
    assert [login["username"] for login in again.state["logins"]] == ["yarrachoc01"]
    lines = (again.out / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["status"] for e in entries if e["facility"] == "yarra-choc"] == ["review", "review"]


PORTAL = "https://www.singlewindow.cn"


def test_a_dry_run_does_not_count_as_done_for_the_live_portal(tmp_path: Path) -> None:
    # Broke: a live run after a dry run with the same --out skipped everything the
    # replica had seen, and reported success without touching the live portal.
    path = tmp_path / "journal.jsonl"
    Journal(path, "dry run (offline replica)").record(
        Outcome("site", "D248-A9-CONF-CHOC", "巧克力", status="review")
    )
    assert Journal(path, PORTAL).finished_before("site", "D248-A9-CONF-CHOC") is None
    assert Journal(path, "dry run (offline replica)").finished_before("site", "D248-A9-CONF-CHOC")


def test_journal_forgets_an_application_that_failed_after_its_stop(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl", PORTAL)
    journal.record(Outcome("site", "D248-A9-CONF-CHOC", "巧克力", status="review"))
    journal.record(Outcome("site", "D248-A9-CONF-CHOC", "巧克力", status="failed"))
    assert journal.finished_before("site", "D248-A9-CONF-CHOC") is None
    assert (
        Journal(tmp_path / "journal.jsonl", PORTAL).finished_before("site", "D248-A9-CONF-CHOC")
        is None
    )


def test_journal_does_not_count_the_account_form_stop_as_done(tmp_path: Path) -> None:
    # Broke: the account form stop was journalled as done, so the run after the account
    # was registered skipped the application, which had never been filled.
    journal = Journal(tmp_path / "journal.jsonl", PORTAL)
    journal.record(Outcome("site", "D248-A9-CONF-CHOC", "巧克力", status="account_form"))
    assert journal.finished_before("site", "D248-A9-CONF-CHOC") is None
    assert (
        Journal(tmp_path / "journal.jsonl", PORTAL).finished_before("site", "D248-A9-CONF-CHOC")
        is None
    )


def test_journal_reads_past_a_line_cut_short_by_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path, PORTAL).record(Outcome("site", "D248-A9-CONF-CHOC", "巧克力", status="review"))
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"facility": "site", "categ')
    before = Journal(path, PORTAL).finished_before("site", "D248-A9-CONF-CHOC")
    assert before is not None and before["status"] == "review"


# --- review tables ---------------------------------------------------------------------


def row(expected: str, actual: str) -> ReviewRow:
    return ReviewRow("enterprise_name", "企业名称", "Enterprise name", expected, actual)


def test_review_row_matches_only_the_same_text() -> None:
    assert row("Yarra Pty Ltd", "Yarra Pty Ltd").match
    assert not row("Yarra Pty Ltd", "Yarra Pty Ltd ").match
    assert not row("Yarra Pty Ltd", "").match


def test_review_table_marks_a_mismatch_with_what_was_meant() -> None:
    outcome = Outcome(
        "yarra-choc",
        "D248-A9-CONF-CHOC",
        "巧克力 (Chocolate)",
        status="review",
        review=[row("Yarra Pty Ltd", "Yarra Pty Ltd"), row("A|B Ltd", "Other Ltd")],
    )
    table = review_markdown(outcome)
    assert "Fields that differ from the facility file: 1" in table
    assert "| 企业名称 | Enterprise name | Yarra Pty Ltd | match |" in table
    assert "| 企业名称 | Enterprise name | Other Ltd | MISMATCH (meant A\\|B Ltd) |" in table
    assert outcome.as_dict()["review"][1]["match"] is False
