"""The record of a batch, so that a batch resumes, nothing is done twice, and people can
ask where it stands. `base` holds the Protocol every journal keeps; `sqlite` keeps it
in one SQLite database per state folder, the embedded default; `postgres` keeps it in a
PostgreSQL database that several operators share, with the facility list as work they
claim account by account (`queue`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cifer_bot.journal.base import (
    AppKey,
    Application,
    Journal,
    JournalBusy,
    Record,
    Step,
    done,
)
from cifer_bot.journal.jsonl_legacy import import_jsonl
from cifer_bot.journal.queue import (
    Claim,
    ClaimInfo,
    ClaimLost,
    Loaded,
    NewItem,
    WorkItem,
    WorkQueue,
)
from cifer_bot.journal.sql import SqlJournal
from cifer_bot.journal.sqlite import FILE_NAME, SqliteJournal

if TYPE_CHECKING:
    from cifer_bot.journal.postgres import PostgresJournal, is_database_url, redact

# The PostgreSQL journal loads psycopg (a seventh of a second): only a run that uses
# a shared journal pays for it, when it first asks for one of these.
_POSTGRES = frozenset({"PostgresJournal", "is_database_url", "redact"})


def __getattr__(name: str) -> Any:
    if name in _POSTGRES:
        from cifer_bot.journal import postgres

        return getattr(postgres, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_journal(state: Path, portal: str, *, legacy: Path | None = None) -> SqliteJournal:
    """The journal of a state folder, as `portal` sees it; an old `journal.jsonl`
    (`legacy`) is imported into it the first time."""
    journal = SqliteJournal(state / FILE_NAME, portal)
    if legacy is not None:
        try:
            journal.imported = import_jsonl(journal, legacy)
        except BaseException:
            journal.close()
            raise
    return journal


__all__ = [
    "AppKey",
    "Application",
    "Claim",
    "ClaimInfo",
    "ClaimLost",
    "Journal",
    "JournalBusy",
    "Loaded",
    "NewItem",
    "PostgresJournal",
    "Record",
    "SqlJournal",
    "SqliteJournal",
    "Step",
    "WorkItem",
    "WorkQueue",
    "done",
    "is_database_url",
    "open_journal",
    "redact",
]
