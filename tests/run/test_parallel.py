"""`--parallel 3`: twenty applications over eight accounts, each account in its own
context of one browser, three at once; each account signs in once, each application
is saved as one draft, and the accounts really run side by side."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from cifer_bot.replica import Replica
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
    with Replica() as replica:
        for row in ROWS:
            replica.add_account(row["username"], PASSWORD)
        at_third_login: dict[str, Any] = {}

        def third_login(state: dict[str, Any]) -> bool:
            if len(state["logins"]) < 3:
                return False
            at_third_login.setdefault("drafts", len(state["drafts"]))
            return True

        watcher = threading.Thread(target=replica.state.wait_until, args=(third_login, TIMEOUT_S))
        watcher.start()
        run = fill_process(
            tmp_path, replica, "--parallel", "3", passwords={r["username"]: PASSWORD for r in ROWS}
        )
        stdout, stderr = run.communicate(timeout=TIMEOUT_S)
        watcher.join()
        state = replica.state.snapshot()

    assert run.returncode == 0, stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["state"] for a in report["applications"]] == ["review"] * 20
    drafts = sorted((d["account"], d["item"]) for d in state["drafts"])
    assert len(drafts) == 20 and len(set(drafts)) == 20, drafts
    assert sorted(login["username"] for login in state["logins"]) == [
        f"plant{n:02d}" for n in range(1, 9)
    ]
    # One after another, the third account would sign in after six drafts were saved.
    assert at_third_login["drafts"] < 6, at_third_login
    # Each account's lines carry its name: interleaved output stays readable.
    assert "[plant05] " in stdout + stderr
    assert state["submissions"] == []
