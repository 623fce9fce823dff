"""Every journal store passes the same Protocol tests: `store` opens one, as a portal
sees it, and opens it again as a later run would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cifer_bot.journal import SqlJournal, open_journal
from tests.support.postgres import Database

Opener = Callable[[str], SqlJournal]

STORES = ["sqlite", "postgresql"]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """`store(portal)`: the journal as `portal` sees it; each call is a new run's view
    (a new connection to the same database)."""
    opened: list[SqlJournal] = []
    database: Database | None = (
        request.getfixturevalue("postgres") if request.param == "postgresql" else None
    )

    def open_(portal: str) -> SqlJournal:
        journal: SqlJournal = (
            database.open(portal) if database else open_journal(tmp_path / "state", portal)
        )
        opened.append(journal)
        return journal

    yield open_
    for journal in opened:
        journal.close()
