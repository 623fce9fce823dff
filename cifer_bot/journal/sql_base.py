"""What every part of the SQL journal stands on: a store's connection verbs, which the
store supplies (`_execute`, `_transaction`), and the clock and row lock of its dialect."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any


class SqlBase:
    """A connection to the journal's store, as one portal sees it."""

    portal: str
    _guard: threading.RLock  # one connection, shared by a run's threads
    # SQL for now, in seconds since 1970 by the database's clock: claims lapse by it,
    # whatever the clocks of the workers' machines say.
    _now: str
    # SQL after the SELECT of a claim: PostgreSQL's `FOR UPDATE ... SKIP LOCKED`, so that
    # workers never queue behind one another; SQLite writes one transaction at a time.
    _skip_locked: str

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement, with `?` placeholders; its rows."""
        raise NotImplementedError

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction (an inner one joins the outer)."""
        raise NotImplementedError
        yield

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self._execute(sql, params)
        return rows[0] if rows else None

    def _notify(self) -> None:
        """Wake the workers waiting for work (on other machines too): some may be free."""
        raise NotImplementedError
