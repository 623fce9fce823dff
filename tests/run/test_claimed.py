"""Several workers, each a process of its own with its own output folder, fill one list
through a shared PostgreSQL journal on the replica: every application reaches the
review stop exactly once, a worker killed with SIGKILL has its claim taken over and its
work finished once, and a password the portal refused blocks its account for all."""

from __future__ import annotations

import signal
import string
from pathlib import Path

import pytest
from playwright.sync_api import Page

from cifer_bot.replica import Replica, parse_fault
from cifer_bot.run.claimed import Heartbeat
from cifer_bot.run.setup import journal_name
from tests.support.http_client import Client
from tests.support.judge import assert_drafts_whole
from tests.support.postgres import Database
from tests.support.processes import (
    TIMEOUT_S,
    cli,
    environment,
    kill_when_paused,
    wait_for,
    worker_process,
)
from tests.support.runs import facility_row, write_facilities

PASSWORD = "Team!Work2026"
PORTAL = "https://www.singlewindow.cn"


def _load(folder: Path, database: Database) -> str:
    loaded = cli(
        folder, "queue", "load", "facilities.yaml", "--journal", database.url,
        env=database.environment(),
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    return loaded.stdout


def _endings(database: Database) -> list[tuple[str, str, str, str]]:
    """Each application's endings on the replica: facility, category, status, worker."""
    rows = database.query(
        "SELECT a.facility, a.category_code, e.name, a.outcome::json->>'worker' "
        "FROM events e JOIN applications a ON a.id = e.application_id "
        "WHERE e.kind = 'finish' ORDER BY e.id"
    )
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def test_three_workers_fill_a_thirty_application_list_each_application_once(
    tmp_path: Path, postgres: Database
) -> None:
    names = [f"plant-{letter}" for letter in string.ascii_lowercase[:15]]
    rows = [
        facility_row(
            name, f"{name.replace('-', '')}01", account_exists=True, category="巧克力;糖果"
        )
        for name in names
    ]
    write_facilities(tmp_path, *rows)
    passwords = {row["username"]: PASSWORD for row in rows}
    assert "30 applications added" in _load(tmp_path, postgres)
    with Replica() as replica:
        for row in rows:
            replica.add_account(row["username"], PASSWORD)
        workers = [
            worker_process(tmp_path, replica, postgres, name, passwords=passwords)
            for name in ("ann", "ben", "cho")
        ]
        said = [worker.communicate(timeout=TIMEOUT_S * 3) for worker in workers]
        for worker, (_, stderr) in zip(workers, said, strict=True):
            assert worker.returncode == 0, stderr[-3000:]
        # Each of the 30 applications whole, with its own row's values and document.
        assert_drafts_whole(replica.state.snapshot(), rows, tmp_path)
    endings = _endings(postgres)
    assert sorted((f, c) for f, c, _, _ in endings) == sorted(
        (name, code) for name in names for code in ("D248-A9-CONF-CHOC", "D248-A9-CONF-CANDY")
    )
    assert {status for _, _, status, _ in endings} == {"review"}
    assert len({worker for _, _, _, worker in endings}) >= 2  # the list was shared
    # The database holds no secret: no password, in any table.
    for table in ("applications", "events", "work_items", "claims", "meta"):
        dumped = postgres.query(f"SELECT string_agg(t::text, ' ') FROM {table} t")[0][0] or ""
        assert PASSWORD not in dumped, table
    status = cli(tmp_path, "status", "--journal", postgres.url, env=postgres.environment())
    assert status.returncode == 0, status.stdout + status.stderr
    assert "30 applications: 30 review" in status.stdout


# The moment a worker dies, the replica's answer held to reach it, and how the first
# application ends after the takeover (saved: the portal held the draft, asked first).
MOMENTS = {
    "mid-fill (the upload's answer held)": ("hold:upload", "upload", "review"),
    "after the 暂存 POST, before its confirmation": ("hold:apply", "draft", "saved"),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_worker_killed_mid_application_has_its_claim_taken_over_and_finished_once(
    moment: str, tmp_path: Path, postgres: Database
) -> None:
    fault, event, ending = MOMENTS[moment]
    row = facility_row("kill-choc", "killchoc01", account_exists=True, category="巧克力;糖果")
    write_facilities(tmp_path, row)
    passwords = {"killchoc01": PASSWORD}
    _load(tmp_path, postgres)
    claim = ("--claim-timeout", "3")
    with Replica(faults=[parse_fault(fault)]) as replica:
        replica.add_account("killchoc01", PASSWORD)
        first = worker_process(tmp_path, replica, postgres, "first", *claim, passwords=passwords)
        wait_for(replica, event)
        # The second finds the only account held, and waits for it.
        second = worker_process(tmp_path, replica, postgres, "second", *claim, passwords=passwords)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=TIMEOUT_S)
        replica.faults.released.set()
        _, stderr = second.communicate(timeout=TIMEOUT_S)
        assert second.returncode == 0, stderr[-3000:]
        assert_drafts_whole(replica.state.snapshot(), [row], tmp_path)
    assert "claimed the account killchoc01" in stderr
    assert "taken over from first, whose claim lapsed" in stderr
    endings = _endings(postgres)
    assert [(c, s, w) for _, c, s, w in endings] == [
        ("D248-A9-CONF-CHOC", ending, "second"),
        ("D248-A9-CONF-CANDY", "review", "second"),
    ]


# A worker stopped dead at a moment of its own (`tests.support.pause`), what the shared
# journal holds then for the account's first application, and whether the worker that
# takes over reads 综合查询 (not for an account it creates itself).
TOLD = (("intent", "立即注册"), ("confirm", "立即注册"), ("intent", "暂存"), ("confirm", "暂存"))
PAUSES = {
    "暂存 confirmed, during the screenshot": ("screenshot", TOLD, True),
    "暂存 confirmed, as the ending is written": ("ending", TOLD, True),
    "between two applications": ("next application", (*TOLD, ("finish", "review")), True),
    "立即注册 pressed, its request not sent": (
        "立即注册 not sent",
        (("intent", "立即注册"),),
        False,
    ),
}


@pytest.mark.parametrize("moment", list(PAUSES))
def test_a_worker_killed_at_a_moment_of_its_own_leaves_one_draft_per_application(
    moment: str, tmp_path: Path, postgres: Database
) -> None:
    # Broke: a worker killed 20 ms after the portal confirmed its 暂存 (while it took the
    # review screenshot) had its account taken over, and the next worker saved the
    # application again: the journal's question looked only for an unconfirmed press.
    pause_at, presses, read = PAUSES[moment]
    row = facility_row("told-jams", "toldjams01", account_exists=False, category="果酱;茶叶类")
    write_facilities(tmp_path, row)
    passwords = {"toldjams01": PASSWORD}
    _load(tmp_path, postgres)
    flags = ("--claim-timeout", "3", "--create-accounts")
    with Replica() as replica:
        first = worker_process(
            tmp_path, replica, postgres, "first", *flags, passwords=passwords, pause_at=pause_at
        )
        kill_when_paused(first)
        at_kill = postgres.query(
            "SELECT e.kind, e.name FROM events e JOIN applications a ON a.id = e.application_id "
            "WHERE a.category_code = 'D248-A9-FRUIT-JAM' "
            "AND e.kind IN ('intent', 'confirm', 'checked', 'finish') ORDER BY e.id"
        )
        assert tuple(at_kill) == presses
        second = worker_process(tmp_path, replica, postgres, "second", *flags, passwords=passwords)
        _, stderr = second.communicate(timeout=TIMEOUT_S)
        assert second.returncode == 0, stderr[-3000:]
        state = replica.state.snapshot()
    assert "taken over from first, whose claim lapsed" in stderr
    assert_drafts_whole(state, [row], tmp_path)
    assert state["accounts_created"] == ["toldjams01"]
    assert [q["username"] for q in state["queries"]] == (["toldjams01"] if read else [])
    endings = [(c, s) for _, c, s, w in _endings(postgres) if w == "second"]
    jams = "saved" if presses == TOLD else "review"
    expected = [("D248-A9-FRUIT-JAM", jams)] if presses[-1][0] != "finish" else []
    assert endings == [*expected, ("D248-A9-TEA", "review")]


def test_a_refused_password_blocks_the_account_for_every_worker(
    tmp_path: Path, postgres: Database
) -> None:
    rows = [
        facility_row("wrong-choc", "wrongchoc01", account_exists=True),
        facility_row("right-jams", "rightjams01", account_exists=True, category="果酱"),
    ]
    write_facilities(tmp_path, *rows)
    _load(tmp_path, postgres)
    passwords = {"wrongchoc01": "Not!ThePass2026", "rightjams01": PASSWORD}
    with Replica() as replica:
        replica.add_account("wrongchoc01", PASSWORD)
        replica.add_account("rightjams01", PASSWORD)
        first = worker_process(tmp_path, replica, postgres, "first", passwords=passwords)
        _, said_first = first.communicate(timeout=TIMEOUT_S)
        assert first.returncode == 1, said_first[-3000:]  # its login was refused
        second = worker_process(tmp_path, replica, postgres, "second", passwords=passwords)
        _, said_second = second.communicate(timeout=TIMEOUT_S)
        failed = replica.state.snapshot()["failed_logins"]
    assert [login["username"] for login in failed] == ["wrongchoc01"]  # tried once, by one
    assert "not tried: the portal refused the password of wrongchoc01" in said_second
    assert second.returncode == 0, said_second[-3000:]  # nothing left that it could do
    assert [(f, s) for f, _, s, _ in _endings(postgres)] == [
        ("wrong-choc", "failed"),
        ("right-jams", "review"),
    ]


def test_a_worker_without_the_password_of_an_account_leaves_it_to_others(
    tmp_path: Path, postgres: Database
) -> None:
    write_facilities(tmp_path, facility_row("far-choc", "farchoc01", account_exists=True))
    _load(tmp_path, postgres)
    with Replica() as replica:
        worker = worker_process(tmp_path, replica, postgres, "nopass", passwords={})
        _, stderr = worker.communicate(timeout=TIMEOUT_S)
        assert replica.state.snapshot()["logins"] == []
    assert worker.returncode == 0, stderr[-3000:]
    assert "this machine holds the password of 0" in stderr
    assert _endings(postgres) == []


def test_fill_with_a_journal_takes_no_facility_file(tmp_path: Path, postgres: Database) -> None:
    write_facilities(tmp_path, facility_row("file-choc", "filechoc01", account_exists=True))
    done = cli(
        tmp_path, "fill", "facilities.yaml", "--journal", postgres.url, "--dry-run",
        env=postgres.environment(),
    )  # fmt: skip
    assert done.returncode == 2
    assert "load the file with `cifer-bot queue load FILE --journal URL` first" in done.stderr


def test_a_heartbeat_keeps_a_claim_past_its_timeout_and_its_end_lets_it_lapse(
    tmp_path: Path, postgres: Database
) -> None:
    # What a person reading a captcha for minutes relies on: the claim lives on while
    # its worker's heartbeat does, whatever the timeout, and lapses once it stops.
    write_facilities(tmp_path, facility_row("beat-choc", "beatchoc01", account_exists=True))
    _load(tmp_path, postgres)
    holder, other = postgres.open(PORTAL), postgres.open(PORTAL)
    try:
        claim = holder.claim("holder", held=None, skip=set(), timeout_s=1.0)
        assert claim is not None
        beat = Heartbeat(holder, claim)
        for _ in range(4):  # four times the claim would have lapsed, by the database's clock
            since = other.generation()
            # Wakes as the claim would lapse, had its heartbeat stopped.
            assert other.wait_for_work(held=None, skip=set(), since=since, most_s=5)
            assert other.claim("other", held=None, skip=set(), timeout_s=60) is None
        assert not beat.lost.is_set()
        beat.stop()
        assert other.wait_for_work(held=None, skip=set(), since=other.generation(), most_s=5)
        taken = other.claim("other", held=None, skip=set(), timeout_s=60)
        assert taken is not None and taken.previous == "holder"
        assert not holder.heartbeat(claim)
    finally:
        holder.close()
        other.close()


def test_sync_with_a_journal_records_a_number_and_leaves_an_account_another_worker_holds(
    tmp_path: Path, postgres: Database, page: Page
) -> None:
    rows = [
        facility_row("sync-choc", "syncchoc01", account_exists=True),
        facility_row("held-jams", "heldjams01", account_exists=True, category="果酱"),
    ]
    write_facilities(tmp_path, *rows)
    passwords = {row["username"]: PASSWORD for row in rows}
    _load(tmp_path, postgres)
    with Replica() as replica:
        for row in rows:
            replica.add_account(row["username"], PASSWORD)
        filler = worker_process(tmp_path, replica, postgres, "ann", passwords=passwords)
        _, stderr = filler.communicate(timeout=TIMEOUT_S * 2)
        assert filler.returncode == 0, stderr[-3000:]
        # A person submits the draft of sync-choc by hand (the tool never does).
        client = Client(replica.url)
        client.login("syncchoc01", PASSWORD)
        page.context.add_cookies(
            [{"name": c.name, "value": c.value or "", "url": replica.url} for c in client.jar]
        )
        page.goto(replica.url + "cifer/query")
        [draft] = [d for d in replica.state.snapshot()["drafts"] if d["account"] == "syncchoc01"]
        page.get_by_role("link", name=draft["id"]).click()
        page.get_by_role("button", name="提交").click()
        page.get_by_text("提交成功").wait_for()
        [submission] = replica.state.snapshot()["submissions"]
        # Another worker holds held-jams's account now: sync leaves it for later.
        other = postgres.open(journal_name(replica.url, dry_run=False))
        held = other.claim_account("ben", "heldjams01", timeout_s=600)
        assert held is not None
        synced = cli(
            tmp_path, "sync", "--journal", postgres.url, "--worker", "cho", "--portal-url",
            replica.url, "--captcha", "replica", "--out", "out-cho",
            env={**environment(passwords), **postgres.environment()},
        )  # fmt: skip
        other.release(held)
        other.close()
        assert replica.state.snapshot()["submissions"] == [submission]  # sync submits nothing
    assert synced.returncode == 1, synced.stderr[-3000:]
    number = submission["application_no"]
    assert f"sync-choc - Chocolate (巧克力): submitted {number}" in synced.stderr
    assert "not read: the worker ben holds it (since " in synced.stderr
    assert "\nSynced: 1 account read, 1 account not read, 1 submitted\n" in synced.stderr
    recorded = postgres.query(
        "SELECT facility, portal_status, application_no FROM applications "
        "WHERE application_no IS NOT NULL"
    )
    assert recorded == [("sync-choc", "submitted", number)]
    # The claim was released: no worker holds any account now.
    assert postgres.query("SELECT count(*) FROM claims WHERE token IS NOT NULL") == [(0,)]
