"""The journal: what makes a batch resumable, and records every action with an effect."""

from __future__ import annotations

import json
from pathlib import Path

from cifer_bot.journal import AppKey, JsonLinesJournal, done

KEY = AppKey("site", "D248-A9-CONF-CHOC", "yarrachoc01")

PORTAL = "https://www.singlewindow.cn"


def test_a_dry_run_does_not_count_as_done_for_the_live_portal(tmp_path: Path) -> None:
    # Broke: a live run after a dry run with the same --out skipped everything the
    # replica had seen, and reported success without touching the live portal.
    path = tmp_path / "journal.jsonl"
    JsonLinesJournal(path, "dry run (offline replica)").finish(KEY, "review", "", "2026-01-01")
    assert JsonLinesJournal(path, PORTAL).last(KEY) is None
    assert done(JsonLinesJournal(path, "dry run (offline replica)"), KEY)


def test_journal_forgets_an_application_that_failed_after_its_stop(tmp_path: Path) -> None:
    journal = JsonLinesJournal(tmp_path / "journal.jsonl", PORTAL)
    journal.finish(KEY, "review", "", "2026-01-01")
    journal.finish(KEY, "failed", "", "2026-01-01")
    assert done(journal, KEY) is None
    assert done(JsonLinesJournal(tmp_path / "journal.jsonl", PORTAL), KEY) is None


def test_journal_does_not_count_the_account_form_stop_as_done(tmp_path: Path) -> None:
    # Broke: the account form stop was journalled as done, so the run after the account
    # was registered skipped the application, which had never been filled.
    journal = JsonLinesJournal(tmp_path / "journal.jsonl", PORTAL)
    journal.finish(KEY, "account_form", "", "2026-01-01")
    assert done(journal, KEY) is None
    assert done(JsonLinesJournal(tmp_path / "journal.jsonl", PORTAL), KEY) is None


def test_journal_reads_past_a_line_cut_short_by_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    JsonLinesJournal(path, PORTAL).finish(KEY, "review", "", "2026-01-01")
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"facility": "site", "categ')
    before = done(JsonLinesJournal(path, PORTAL), KEY)
    assert before is not None and before["status"] == "review"


def test_intent_and_confirmation_are_written_before_and_after(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = JsonLinesJournal(path, PORTAL)
    journal.reached(KEY, "save draft")
    journal.intend(KEY, "暂存")
    journal.confirm(KEY, "暂存")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(line["event"], line.get("action")) for line in lines] == [
        ("step", None),
        ("intent", "暂存"),
        ("confirm", "暂存"),
    ]
    assert {line["username"] for line in lines} == {"yarrachoc01"}
    # steps and intents are not endings: the application is not done
    assert done(JsonLinesJournal(path, PORTAL), KEY) is None


def test_an_application_is_keyed_by_its_account_too(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    JsonLinesJournal(path, PORTAL).finish(KEY, "review", "", "2026-01-01")
    other = KEY._replace(username="otheraccount1")
    assert done(JsonLinesJournal(path, PORTAL), other) is None
    assert done(JsonLinesJournal(path, PORTAL), KEY) is not None


def test_an_ending_of_an_earlier_version_counts_for_its_facility_and_category(
    tmp_path: Path,
) -> None:
    # Journals written before applications were keyed by username carry none: a
    # resumed run must not fill those applications twice.
    path = tmp_path / "journal.jsonl"
    old = {
        "facility": "site",
        "category_code": "D248-A9-CONF-CHOC",
        "portal": PORTAL,
        "status": "review",
        "at": "2026-01-01T00:00:00",
        "message": "",
    }
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    assert done(JsonLinesJournal(path, PORTAL), KEY) is not None
