"""`--parallel 3`: twenty applications over eight accounts, each account in its own
context of one browser, three at once; each account signs in once, each application
is saved as one whole draft of its own row, and the accounts really run side by side."""

from __future__ import annotations

import json
from pathlib import Path

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.processes import TIMEOUT_S, fill_process
from tests.support.runs import facility_row, write_facilities

PASSWORD = "Parallel!2026ok"
THREE = "巧克力;糖果;果酱"
TWO = "茶叶类;蒸馏酒及其配制酒"
# The first three accounts (the first to start) have three applications each.
ROWS = [
    facility_row(f"plant-{n:02d}", f"plant{n:02d}", account_exists=True, category=category)
    for n, category in enumerate([THREE] * 4 + [TWO] * 4, start=1)
]


def test_twenty_applications_over_eight_accounts_at_parallel_3(tmp_path: Path) -> None:
    write_facilities(tmp_path, *ROWS)
    # Every upload's answer is held until released: one account at a time would stop
    # at its first upload (for the long --timeout), three at once reach three uploads.
    with Replica(faults=[parse_fault("hold:upload")]) as replica:
        for row in ROWS:
            replica.add_account(row["username"], PASSWORD)
        run = fill_process(
            tmp_path,
            replica,
            "--parallel",
            "3",
            "--timeout",
            "600",
            passwords={r["username"]: PASSWORD for r in ROWS},
        )
        # Broke (a count that hung on the clock): "fewer than six drafts at the third
        # login". Now: three accounts' uploads in flight at once, each held.
        side_by_side = replica.state.wait_until(
            lambda state: len({upload["account"] for upload in state["uploads"]}) >= 3,
            TIMEOUT_S,
        )
        replica.faults.released.set()
        stdout, stderr = run.communicate(timeout=TIMEOUT_S)
        state = replica.state.snapshot()

    assert side_by_side, "three accounts never had an upload in flight at once"
    assert run.returncode == 0, stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["state"] for a in report["applications"]] == ["review"] * 20
    # Each of the 20 whole: a value that crossed between accounts (state shared by their
    # threads) would show in what the portal received.
    assert_drafts_whole(state, ROWS, tmp_path)
    assert sorted(login["username"] for login in state["logins"]) == [
        f"plant{n:02d}" for n in range(1, 9)
    ]
    # Each account's lines carry its name: interleaved output stays readable.
    assert "[plant05] " in stdout + stderr
