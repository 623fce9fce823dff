"""The record of a batch, so that a batch resumes, nothing is done twice, and people can
ask where it stands. `base` holds the Protocol every journal keeps; `sqlite` keeps it
in one SQLite database per state folder, the embedded default."""

from __future__ import annotations

from pathlib import Path

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
from cifer_bot.journal.sqlite import FILE_NAME, SqliteJournal


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
    "Journal",
    "JournalBusy",
    "Record",
    "SqliteJournal",
    "Step",
    "done",
    "open_journal",
]
