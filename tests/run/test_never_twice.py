"""Never twice: an action with an effect on the portal (暂存, 立即注册) whose outcome is
unknown is looked for on the portal, never pressed again blindly; one journal is held by
one run at a time.

The runs here are the command line in its own process, against a replica in the test's
process, so that a run can be killed with SIGKILL at a moment reached by holding the
replica's answer (`hold:STEP`), not by sleeping.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from cifer_bot.replica import Replica, parse_fault
from tests.support.processes import TIMEOUT_S, fill_process, wait_for
from tests.support.runs import BAROSSA, YARRA, options_for, run_fill, write_facilities

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


def test_killed_right_after_the_draft_is_saved_a_rerun_saves_it_once(
    tmp_path: Path, holding_drafts: Replica
) -> None:
    # Broke: a run killed right after 暂存 filled and saved the application again on
    # the next run: two drafts of one application.
    replica = holding_drafts
    write_facilities(tmp_path, YARRA)
    first = _fill(tmp_path, replica)
    _wait(replica, "draft")  # the draft is saved; the portal's answer is held
    first.send_signal(signal.SIGKILL)
    first.wait(TIMEOUT_S)
    replica.faults.released.set()
    again = _fill(tmp_path, replica)
    _, stderr = again.communicate(timeout=TIMEOUT_S)
    assert again.returncode == 0, stderr
    assert "an earlier 暂存 was never confirmed: asking the portal" in stderr
    assert "it is not saved again" in stderr
    state = _state(replica)
    assert len(state["drafts"]) == 1 and state["submissions"] == []


def test_killed_right_after_register_now_a_rerun_creates_the_account_once(
    tmp_path: Path,
) -> None:
    # Broke: a run killed after 立即注册 registered the account again on every later run
    # and failed with a message that hid the portal's reason (该用户名已被注册).
    with Replica(faults=[parse_fault("hold:register")]) as replica:
        write_facilities(tmp_path, BAROSSA)
        first = _fill(tmp_path, replica, "--create-accounts")
        _wait(replica, "register")
        first.send_signal(signal.SIGKILL)
        first.wait(TIMEOUT_S)
        replica.faults.released.set()
        again = _fill(tmp_path, replica, "--create-accounts")
        _, stderr = again.communicate(timeout=TIMEOUT_S)
        assert again.returncode == 0, stderr
        assert "the account barossahill exists: signing in to it" in stderr
        state = _state(replica)
        assert len(state["register_posts"]) == 1
        assert state["accounts_created"] == ["barossahill"]
        assert len(state["drafts"]) == 1 and state["submissions"] == []


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
    assert (yarra["status"], yarra["draft_saved"]) == ("review", True)
    assert "the portal holds it already" in yarra["message"]
    assert len(run.state["drafts"]) == 1


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
