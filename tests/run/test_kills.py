"""A run of six applications over three accounts (`--parallel 2`) killed with SIGKILL at
three moments, then resumed: every application ends at its stop exactly once (one draft
each on the portal), and the new account is created once. (`test_kill_moments` kills a
run at each moment between a press and its application's ending, one account at a time.)

Each moment is reached by holding one of the replica's answers (or, for the captcha,
by answering none): the run is killed while it waits, never after a sleep.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.processes import TIMEOUT_S, fill_process, wait_for
from tests.support.runs import facility_row, write_facilities

PASSWORD = "Kill!Resume2026"
ROWS = [
    # The new account first: its 立即注册 comes early in the run.
    facility_row("gamma-jams", "gammajams01", account_exists=False, category="果酱;茶叶类"),
    facility_row("alpha-choc", "alphachoc01", account_exists=True, category="巧克力;糖果"),
    facility_row(
        "beta-wines",
        "betawines01",
        account_exists=True,
        category="发酵酒及其配制酒;蒸馏酒及其配制酒",
    ),
]
PASSWORDS = {row["username"]: PASSWORD for row in ROWS}
FLAGS = ("--parallel", "2", "--create-accounts")

# The moment, the replica's answer held to reach it, and the event that says it is here.
MOMENTS = {
    "waiting for a captcha": (None, "captcha"),
    "mid-fill (the upload's answer held)": ("hold:upload", "upload"),
    "after the 暂存 POST, before its confirmation": ("hold:apply", "draft"),
}


def _resume_and_check(folder: Path, replica: Replica, moment: str = "") -> None:
    replica.faults.released.set()
    again = fill_process(folder, replica, *FLAGS, passwords=PASSWORDS)
    _, stderr = again.communicate(timeout=TIMEOUT_S)
    assert again.returncode == 0, stderr
    report = json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))
    # The draft whose 暂存 was never confirmed is found on the portal: saved, not again.
    saved = 1 if moment.startswith("after the 暂存 POST") else 0
    states = sorted(a["state"] for a in report["applications"])
    assert states == ["review"] * (6 - saved) + ["saved"] * saved, stderr
    state = replica.state.snapshot()
    assert_drafts_whole(state, ROWS, folder)
    assert [p["username"] for p in state["register_posts"]] == ["gammajams01"]
    assert state["accounts_created"] == ["gammajams01"]
    assert state["submissions"] == []


def _replica(fault: str | None) -> Replica:
    replica = Replica(faults=[parse_fault(fault)] if fault else [])
    for row in ROWS[1:]:
        replica.add_account(row["username"], PASSWORD)
    return replica


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_run_killed_at_a_moment_resumes_with_every_application_once(
    moment: str, tmp_path: Path
) -> None:
    fault, event = MOMENTS[moment]
    write_facilities(tmp_path, *ROWS)
    with _replica(fault) as replica:
        captcha = "prompt" if event == "captcha" else "replica"
        first = fill_process(
            tmp_path,
            replica,
            *FLAGS,
            passwords=PASSWORDS,
            captcha=captcha,
            stdin=subprocess.PIPE,  # open, and never answered: a person away
        )
        wait_for(replica, event)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=TIMEOUT_S)
        _resume_and_check(tmp_path, replica, moment)
