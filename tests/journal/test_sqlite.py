"""The SQLite journal: a kill at any moment leaves a database that opens and resumes;
a file it cannot use is one sentence."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cifer_bot.errors import CiferBotError
from cifer_bot.journal import AppKey, JournalBusy, open_journal
from tests.support.limits import file_size_limit

PORTAL = "dry run (offline replica)"
WRITER = """
import sys
from pathlib import Path
from cifer_bot.journal import AppKey, open_journal
journal = open_journal(Path(sys.argv[1]), "dry run (offline replica)")
journal.lock()
for n in range(1_000_000):
    key = AppKey(f"site-{n % 50}", "D248-A9-CONF-CHOC", f"user{n % 50}")
    journal.reached(key, "application form")
    journal.intend(key, "暂存")
    if n == 100:
        print("writing", flush=True)
    journal.confirm(key, "暂存")
    journal.finish(key, {"status": "review", "message": "x" * 500})
"""


def test_a_kill_while_the_journal_is_written_leaves_one_that_opens_and_resumes(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(state)], stdout=subprocess.PIPE, env=env, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"  # killed mid-stream, not at rest
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()
    with contextlib.closing(sqlite3.connect(state / "journal.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    journal = open_journal(state, PORTAL)
    journal.lock()  # the dead run left no lock that holds
    apps = journal.applications()
    assert len(apps) == 50
    # Every intent was followed in its own transaction; at most the one in flight is open.
    assert sum(journal.pending(app.key) is not None for app in apps) <= 1
    key = AppKey("site-0", "D248-A9-CONF-CHOC", "user0")
    journal.finish(key, {"status": "review", "message": "resumed"})
    assert journal.last(key) is not None
    journal.close()


def test_a_file_that_is_not_a_journal_is_one_sentence(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.sqlite3").write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(CiferBotError, match=r"cannot use the journal .*journal.sqlite3") as bad:
        open_journal(state, PORTAL)
    assert bad.value.exit_code == 2


def test_a_journal_in_a_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    # What broke: a journal in a folder that cannot be made ended in a traceback.
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(CiferBotError, match=r"cannot create the folder .*out/state: a part"):
        open_journal(blocker / "state", PORTAL)


def test_a_full_disk_while_the_journal_is_written_is_one_sentence(tmp_path: Path) -> None:
    journal = open_journal(tmp_path / "state", PORTAL)
    with file_size_limit(4096), pytest.raises(CiferBotError) as failed:
        for n in range(1000):
            journal.finish(AppKey(f"site-{n}", "X", "user"), {"status": "review"})
    assert failed.value.exit_code == 1
    assert "cannot write the journal" in str(failed.value)
    journal.close()


def test_one_run_at_a_time_holds_the_journal(tmp_path: Path) -> None:
    # SQLite is one person's journal: a second run on it could do things twice.
    first = open_journal(tmp_path / "state", PORTAL)
    second = open_journal(tmp_path / "state", PORTAL)
    try:
        first.lock()
        with pytest.raises(JournalBusy, match="another run is using the journal"):
            second.lock()
        first.unlock()
        second.lock()
        second.unlock()
    finally:
        first.close()
        second.close()


def test_the_journal_and_its_write_ahead_log_are_owner_only(tmp_path: Path) -> None:
    # It holds the clients' facility data, as the reports beside it do (written 0600).
    journal = open_journal(tmp_path / "state", PORTAL)
    journal.reached(AppKey("site-1", "D248-A9-CONF-CHOC", "user1"), "landing")
    written = sorted(tmp_path.glob("state/journal.sqlite3*"))
    assert {path.name for path in written} >= {"journal.sqlite3", "journal.sqlite3-wal"}
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in written}
    journal.close()
    assert set(modes.values()) == {0o600}, modes


def test_workers_opening_one_new_journal_at_once_each_open_it(tmp_path: Path) -> None:
    # Workers of one run share logins.sqlite3: each process that opens it while it is new
    # applies its schema unless another did while it waited for the write lock.
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from cifer_bot.journal.sqlite import SqliteJournal\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start:\n"
        "    pass\n"
        "SqliteJournal(Path(sys.argv[1]), 'dry run')\n"
    )
    for attempt in range(4):
        path = tmp_path / f"logins-{attempt}.sqlite3"
        start = str(time.time() + 1.5)
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(path), start],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        failed = [w.communicate()[1] for w in workers if w.wait() != 0]
        assert failed == [], failed[0][-2000:]
        versions = sqlite3.connect(path).execute("SELECT version FROM schema_versions").fetchall()
        assert len(versions) == len(set(versions)) > 0
