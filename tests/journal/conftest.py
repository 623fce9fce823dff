"""Every journal store passes the same Protocol tests: `store` opens one, as a portal
sees it, and opens it again as a later run would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cifer_bot.journal import Journal, open_journal

Opener = Callable[[str], Journal]

STORES = ["sqlite"]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """`store(portal)`: the journal as `portal` sees it; each call is a new run's view."""
    opened: list[Journal] = []

    def open_(portal: str) -> Journal:
        journal = open_journal(tmp_path / "state", portal)
        opened.append(journal)
        return journal

    yield open_
    for journal in opened:
        journal.close()
