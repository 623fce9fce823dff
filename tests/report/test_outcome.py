"""What a run leaves behind: report.json, review tables, the journal that makes a batch
resumable, and never a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica.state import md5_hex
from cifer_bot.report import Outcome, review_markdown
from cifer_bot.steps.review import ReviewRow
from tests.support.runs import (
    BAROSSA,
    YARRA,
    Run,
    journal_events,
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
    assert {"report.json", "report.html", "journal.sqlite3", "review.md", "review.png"} <= names
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
    assert "yarra-choc - Chocolate (巧克力): skipped, reached the review stop on " in second.stream
    assert "--again fills it anew" in second.stream
    # The report is the whole list's, from the journal: the first run's ending stands.
    yarra = second.application("yarra-choc")
    assert (yarra["state"], yarra["status"]) == ("review", "review")
    assert second.state["logins"] == []
    assert second.code == 0


def test_again_fills_anew_what_reached_its_stop(again: Run) -> None:
    yarra = again.application("yarra-choc")
    assert yarra["status"] == "review"
    assert [login["username"] for login in again.state["logins"]] == ["yarrachoc01"]
    assert journal_events(again.out, "yarra-choc", "finish") == ["review", "review"]
    # each step of the route is journalled as it is reached, for both runs; the login
    # came before, as 综合查询 was read (no step of the application's own), and the walk
    # went on from there
    route = ["home after query", "category", "application form"]
    assert journal_events(again.out, "yarra-choc", "step") == route + route
    assert [q["username"] for q in again.state["queries"]] == ["yarrachoc01"]


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
