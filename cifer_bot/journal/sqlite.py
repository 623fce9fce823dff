"""The journal in SQLite (the standard library's `sqlite3`), one database per state
folder (`--state`, by default `OUT/state/`): the embedded default for one person.

WAL mode and a transaction per event: a run killed at any moment loses at most the
event it was writing, and the database opens as it was before it. One run at a time
holds the journal (a lock file the operating system releases when a run dies, on
Windows and macOS too).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from cifer_bot.errors import CiferBotError, InputError
from cifer_bot.files import make_folder, make_private
from cifer_bot.journal.base import JournalBusy
from cifer_bot.journal.schema import migrations, statements
from cifer_bot.journal.sql import SqlJournal, stamp

FILE_NAME = "journal.sqlite3"


# How long a process waits for another that is opening the same journal.
_OPENING_S = 60.0


class SqliteJournal(SqlJournal):
    """The journal of one state folder, as one portal sees it."""

    _now = "((julianday('now') - 2440587.5) * 86400.0)"
    _skip_locked = ""  # a claim is written in a transaction that holds the whole file

    def __init__(self, path: Path, portal: str) -> None:
        super().__init__(portal)
        self.path = path
        self.imported = (0, 0)  # an old journal.jsonl: events imported, lines skipped
        new_folder = not path.parent.exists()
        make_folder(path.parent)
        self._lock = FileLock(str(path.with_name(path.name + ".lock")))
        # Workers of one run open one journal at once (logins.sqlite3): one at a time
        # makes it, switches it to WAL and applies its schema; the others find it made.
        opening = FileLock(str(path.with_name(path.name + ".opening")), mode=0o600)
        try:
            with opening.acquire(timeout=_OPENING_S):
                self._open(path)
        except Timeout:
            raise CiferBotError(
                f"cannot open the journal {path}: another process has held it opening for "
                f"{_OPENING_S:g} s"
            ) from None
        except CiferBotError:
            if new_folder:  # a journal that could not be made leaves no folder behind
                Path(opening.lock_file).unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
            raise

    def _open(self, path: Path) -> None:
        new_file = not path.exists()
        # Owner-only, as every file the tool writes: it holds the clients' facility data
        # (SQLite gives its -wal and -shm files the database's mode).
        if new_file:
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        make_private(path)
        try:
            self._db = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise CiferBotError(f"cannot open the journal {path}: {error}") from None
        try:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except (sqlite3.Error, CiferBotError) as error:
            self._db.close()
            if new_file:  # a journal that could not be made leaves nothing behind
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise _open_error(error, path) from None

    # -- the store's verbs --------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise CiferBotError(f"cannot write the journal {self.path}: {error}") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._db.in_transaction:  # nested: the outer transaction commits
            yield
            return
        self._execute("BEGIN IMMEDIATE")
        try:
            yield
            self._execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_versions "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        applied = {row[0] for row in self._db.execute("SELECT version FROM schema_versions")}
        for migration in migrations("sqlite"):
            if migration.version in applied:
                continue
            with self._transaction():
                # Another process opening the same new journal may have applied it while
                # this one waited for the write lock (workers sharing logins.sqlite3).
                done = "SELECT 1 FROM schema_versions WHERE version = ?"
                if self._db.execute(done, (migration.version,)).fetchone() is not None:
                    continue
                for statement in statements(migration.sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_versions VALUES (?, ?, ?)",
                    (migration.version, migration.name, stamp()),
                )

    # -- meta ---------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._guard, self._transaction():
            self._execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- one run at a time --------------------------------------------------------------
    def lock(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise JournalBusy(
                f"another run is using the journal {self.path} (the same --out or --state): "
                "two runs on one record would do things twice. Wait for it to end (a run "
                "that dies lets the journal go), then run again; `cifer-bot status` shows "
                "where the list stands meanwhile"
            ) from None

    def unlock(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
            # The lock file holds nothing: leave no trace of the run beside the journal.
            Path(self._lock.lock_file).unlink(missing_ok=True)

    def close(self) -> None:
        self.unlock()
        self._db.close()


def _open_error(error: Exception, path: Path) -> CiferBotError:
    if isinstance(error, CiferBotError):
        return error
    if isinstance(error, sqlite3.OperationalError):
        return CiferBotError(
            f"cannot open the journal {path}: {error} (is the disk full, or the folder read-only?)"
        )
    return InputError(
        f"cannot use the journal {path}: {error}. Give this run another --state folder, "
        "or move the file away to start a new record"
    )
