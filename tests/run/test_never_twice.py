"""Never twice: an action with an effect on the portal (暂存, 立即注册) whose outcome is
unknown is looked for on the portal, never pressed again blindly; one journal is held by
one run at a time. (`test_kill_moments` and `test_kills` kill runs at every moment.)

The runs here are the command line in its own process, against a replica in the test's
process, so that a run can be killed with SIGKILL at a moment reached by holding the
replica's answer (`hold:STEP`), not by sleeping.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from cifer_bot.journal import AppKey, open_journal
from cifer_bot.replica import Replica, parse_fault
from cifer_bot.run.setup import journal_name
from tests.support.processes import TIMEOUT_S, fill_process, wait_for
from tests.support.runs import YARRA, options_for, run_fill, write_facilities

PASSWORD = "Cocoa!Secret77"
PASSWORDS = {"yarrachoc01": PASSWORD, "barossahill": PASSWORD}


def _fill(folder: Path, replica: Replica, *extra: str) -> subprocess.Popen[str]:
    return fill_process(folder, replica, *extra, passwords=PASSWORDS)


def _wait(replica: Replica, event: str, count: int = 1) -> None:
    wait_for(replica, event, count)


def _state(replica: Replica) -> dict[str, Any]:
    return replica.state.snapshot()


@pytest.fixture
def holding_drafts() -> Iterator[Replica]:
    with Replica(faults=[parse_fault("hold:apply")]) as replica:
        replica.add_account("yarrachoc01", PASSWORD)
        yield replica


def test_a_save_whose_answer_never_comes_is_looked_for_not_pressed_again(
    browser: Browser, tmp_path: Path
) -> None:
    # Broke: after a 暂存 whose page then timed out, the tool retried from step 1 and
    # saved again.
    run = run_fill(
        browser,
        options_for(
            write_facilities(tmp_path, YARRA),
            tmp_path / "out",
            faults=("hold:apply",),
            save_draft=True,
            timeout_s=4.0,
        ),
    )
    yarra = run.application("yarra-choc")
    assert (yarra["status"], yarra["draft_saved"]) == ("saved", True)
    assert "the portal holds the draft an earlier 暂存 saved" in yarra["message"]
    assert len(run.state["drafts"]) == 1


def test_a_press_left_unconfirmed_waits_for_a_person_when_the_query_cannot_be_read(
    browser: Browser, tmp_path: Path
) -> None:
    # The portal is the judge: when its 综合查询 cannot be read, the application whose
    # 暂存 was never confirmed is left for a person, and the account's others go on.
    two = {**YARRA, "category": "巧克力; 糖果"}
    with Replica(faults=[parse_fault("http500:query")]) as replica:
        replica.add_account("yarrachoc01", PASSWORD)
        options = options_for(
            write_facilities(tmp_path, two),
            tmp_path / "out",
            dry_run=False,
            portal_url=replica.url,
            captcha="replica",
            save_draft=True,
            retries=1,
        )
        portal = journal_name(replica.url, dry_run=False)
        with contextlib.closing(open_journal(tmp_path / "out" / "state", portal)) as journal:
            journal.intend(AppKey("yarra-choc", "D248-A9-CONF-CHOC", "yarrachoc01"), "暂存")
        run = run_fill(browser, options, passwords={"yarrachoc01": PASSWORD})
        state = _state(replica)
    chocolate, candy = run.report["applications"]
    assert chocolate["status"] == "check", run.stream[-3000:]
    assert chocolate["message"].startswith(
        "暂存 was pressed for it and the portal did not confirm it; 综合查询 (comprehensive "
        "query) could not be read"
    )
    assert candy["status"] == "review"
    assert (
        "so whether the portal holds 糖果 (Candy) of Yarra-Choc Pty Ltd already is not known"
        in run.stream
    )
    assert [draft["item"] for draft in state["drafts"]] == ["糖果"]
    assert [login["username"] for login in state["logins"]] == ["yarrachoc01"]  # one login
    assert run.code == 1


def test_two_runs_on_one_journal_do_not_both_fill(tmp_path: Path, holding_drafts: Replica) -> None:
    # Broke: two runs sharing one --out saved every application twice.
    replica = holding_drafts
    write_facilities(tmp_path, YARRA)
    first = _fill(tmp_path, replica)
    _wait(replica, "login")  # the first run is under way, holding the journal
    second = _fill(tmp_path, replica)
    _, said = second.communicate(timeout=TIMEOUT_S)
    assert second.returncode == 1
    assert "another run is using the journal" in said
    replica.faults.released.set()
    _, stderr = first.communicate(timeout=TIMEOUT_S)
    assert first.returncode == 0, stderr
    assert len(_state(replica)["drafts"]) == 1
    assert not (tmp_path / "out" / "state" / "journal.sqlite3.lock").exists()


def test_an_old_journal_s_line_cut_short_is_skipped_when_it_is_imported(tmp_path: Path) -> None:
    # Broke (in the JSON-lines journal): the next record was glued onto a cut line.
    with Replica() as replica:
        replica.add_account("yarrachoc01", PASSWORD)
        write_facilities(tmp_path, YARRA)
        (tmp_path / "out").mkdir()
        old = '{"event": "intent", "facil'
        (tmp_path / "out" / "journal.jsonl").write_text(old)
        done = _fill(tmp_path, replica)
        _, stderr = done.communicate(timeout=TIMEOUT_S)
        assert done.returncode == 0, stderr
        assert "1 line(s) of" in stderr and "cut short by a crash" in stderr
        # The old file is read, never written to again.
        assert (tmp_path / "out" / "journal.jsonl").read_text() == old
        assert (tmp_path / "out" / "state" / "journal.sqlite3").is_file()
