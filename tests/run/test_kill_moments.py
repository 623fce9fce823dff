"""Never twice, whatever ends a run: a run killed with SIGKILL at each moment between
the portal's confirmation of 暂存 and the application's ending (the screenshot, the
review table, the ending itself), between two applications, as the report is written,
and before and after an account's 立即注册 leaves, then resumed with the same command.
At the kill the journal holds what the moment says; after the resume the replica holds
exactly one draft per application, one account per new username, and 综合查询 was read
for every account whose applications the resume filled on an account that existed.

The moments are reached by pausing the tool's own process at a call
(`tests.support.pause`) or by holding the replica's answer, never by sleeping.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.processes import TIMEOUT_S, fill_process, kill_when_paused, wait_for
from tests.support.runs import facility_row, write_facilities

PASSWORD = "Kill!Moment2026"
ROWS = [
    # The new account first: its 立即注册 and its first draft come first in the run.
    facility_row("gamma-jams", "gammajams01", account_exists=False, category="果酱;茶叶类"),
    facility_row("alpha-choc", "alphachoc01", account_exists=True, category="巧克力"),
]
PASSWORDS = {row["username"]: PASSWORD for row in ROWS}
FLAGS = ("--create-accounts",)
JAMS = ("gamma-jams", "D248-A9-FRUIT-JAM")


@dataclass(frozen=True)
class Moment:
    """Where the first run is killed, what its journal holds then for gamma-jams's jams
    (the first application), and the accounts whose 综合查询 the resume must read."""

    pause_at: str | None  # a call of the tool's (`tests.support.pause`)
    hold: str | None  # or the replica's answer held, and the event that says it is here
    event: str | None
    jams: tuple[tuple[str, str], ...]  # its journal's presses and endings at the kill
    read: frozenset[str]
    register_posts: int = 1


SAVED = (("intent", "立即注册"), ("confirm", "立即注册"), ("intent", "暂存"), ("confirm", "暂存"))
BOTH = frozenset({"gammajams01", "alphachoc01"})
MOMENTS = {
    # Broke (both): a run killed after 立即注册 registered the account again on every
    # later run; then its resume probed with a login for an account that might not
    # exist, and left the application for a person.
    "立即注册 pressed, its request not sent": Moment(
        "立即注册 not sent", None, None, (("intent", "立即注册"),), frozenset({"alphachoc01"})
    ),
    "立即注册 sent, its answer not come": Moment(
        None, "hold:register", "register", (("intent", "立即注册"),), BOTH, register_posts=2
    ),
    # Broke (the three): the resume saved the application a second time.
    "暂存 confirmed, during the screenshot": Moment("screenshot", None, None, SAVED, BOTH),
    "暂存 confirmed, during the review table": Moment("review table", None, None, SAVED, BOTH),
    "暂存 confirmed, as the ending is written": Moment("ending", None, None, SAVED, BOTH),
    "between two applications": Moment(
        "next application", None, None, (*SAVED, ("finish", "review")), BOTH
    ),
    "as the report is written": Moment(
        "report", None, None, (*SAVED, ("finish", "review")), frozenset()
    ),
}


def _presses(out: Path, facility: str, category: str) -> tuple[tuple[str, str], ...]:
    """The application's presses and endings in the journal, in order."""
    with contextlib.closing(sqlite3.connect(out / "state" / "journal.sqlite3")) as db:
        rows = db.execute(
            "SELECT e.kind, e.name FROM events e JOIN applications a ON a.id = e.application_id "
            "WHERE a.facility = ? AND a.category_code = ? "
            "AND e.kind IN ('intent', 'confirm', 'checked', 'finish') ORDER BY e.id",
            (facility, category),
        ).fetchall()
    return tuple((str(kind), str(name)) for kind, name in rows)


@contextlib.contextmanager
def _replica(hold: str | None) -> Iterator[Replica]:
    with Replica(faults=[parse_fault(hold)] if hold else []) as replica:
        replica.add_account("alphachoc01", PASSWORD)
        yield replica


@pytest.mark.parametrize("name", list(MOMENTS))
def test_a_run_killed_at_a_moment_resumes_with_one_draft_per_application(
    name: str, tmp_path: Path
) -> None:
    moment = MOMENTS[name]
    write_facilities(tmp_path, *ROWS)
    with _replica(moment.hold) as replica:
        first = fill_process(
            tmp_path, replica, *FLAGS, passwords=PASSWORDS, pause_at=moment.pause_at
        )
        if moment.pause_at is not None:
            kill_when_paused(first)
        else:
            assert moment.event is not None
            wait_for(replica, moment.event)
            first.kill()
            first.communicate(timeout=TIMEOUT_S)
        assert _presses(tmp_path / "out", *JAMS) == moment.jams
        before = replica.state.snapshot()
        replica.faults.released.set()

        again = fill_process(tmp_path, replica, *FLAGS, passwords=PASSWORDS)
        _, said = again.communicate(timeout=TIMEOUT_S)
        assert again.returncode == 0, said[-3000:]
        state = replica.state.snapshot()
    assert_drafts_whole(state, ROWS, tmp_path)
    assert state["accounts_created"] == ["gammajams01"]
    assert len(state["register_posts"]) == moment.register_posts
    assert state["submissions"] == []
    read = {query["username"] for query in state["queries"][len(before["queries"]) :]}
    assert read == moment.read, said[-3000:]
    # An account whose creation was unconfirmed signs in once, after the portal said so.
    resumed_logins = [login["username"] for login in state["logins"][len(before["logins"]) :]]
    assert resumed_logins.count("gammajams01") <= 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    states = {(a["facility"], a["category_code"]): a["state"] for a in report["applications"]}
    saved_untold = moment.jams == SAVED
    assert states.pop(JAMS) == ("saved" if saved_untold else "review")
    assert set(states.values()) == {"review"}
    if saved_untold:
        assert "its review files were not written, and it is not saved again" in said


def test_a_new_out_over_the_same_accounts_makes_no_new_draft(tmp_path: Path) -> None:
    # Broke: a journal-busy message suggested another --out, which started an empty
    # journal and filled every application again: a second draft of each.
    both = {**ROWS[1], "category": "巧克力;糖果"}
    write_facilities(tmp_path, both)
    with _replica(None) as replica:
        first = fill_process(tmp_path, replica, passwords=PASSWORDS)
        _, said = first.communicate(timeout=TIMEOUT_S)
        assert first.returncode == 0, said[-3000:]
        other = fill_process(tmp_path, replica, passwords=PASSWORDS, out="elsewhere")
        _, said = other.communicate(timeout=TIMEOUT_S)
        state = replica.state.snapshot()
    assert other.returncode == 0, said[-3000:]
    assert_drafts_whole(state, [both], tmp_path)
    assert [q["username"] for q in state["queries"]] == ["alphachoc01"] * 2
    assert (
        said.count("saved on the portal earlier (综合查询 lists it as a draft (暂存), number D")
        == 2
    )
    report = json.loads((tmp_path / "elsewhere" / "report.json").read_text(encoding="utf-8"))
    assert [a["state"] for a in report["applications"]] == ["saved", "saved"]
    assert [a["draft_no"] for a in report["applications"]] == sorted(
        d["id"] for d in state["drafts"]
    )


def test_a_full_disk_after_the_draft_was_confirmed_tells_it_saved_and_saves_it_once(
    tmp_path: Path,
) -> None:
    # Broke: the review table could not be written (a full disk) after the portal had
    # confirmed 暂存; the application ended as failed, and the next run saved it again.
    write_facilities(tmp_path, *ROWS)
    with _replica(None) as replica:
        first = fill_process(
            tmp_path,
            replica,
            *FLAGS,
            passwords=PASSWORDS,
            pause_at="disk full at the review table",
        )
        _, said = first.communicate(timeout=TIMEOUT_S)
        assert first.returncode == 1, said[-3000:]  # the machine failed
        assert "the disk is full" in said and "it is not saved again" in said
        assert _presses(tmp_path / "out", *JAMS) == (*SAVED, ("finish", "saved"))
        again = fill_process(tmp_path, replica, *FLAGS, passwords=PASSWORDS)
        _, said = again.communicate(timeout=TIMEOUT_S)
        assert again.returncode == 0, said[-3000:]
        assert "Nothing left to do" in said
        state = replica.state.snapshot()
    assert_drafts_whole(state, ROWS, tmp_path)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    states = {(a["facility"], a["category_code"]): a["state"] for a in report["applications"]}
    assert states.pop(JAMS) == "saved" and set(states.values()) == {"review"}
