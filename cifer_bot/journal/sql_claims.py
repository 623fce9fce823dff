"""Claims in SQL: a worker holds one account's applications on one portal while it
heartbeats its claim; a claim whose worker stopped lapses by the database's clock and
is free to take over (`queue.WorkQueue`)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Collection
from datetime import datetime

from cifer_bot.journal.queue import Claim, ClaimInfo, ClaimLost
from cifer_bot.journal.sql_base import SqlBase
from cifer_bot.journal.sql_queue import OPEN


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")


def _marks(values: Collection[object]) -> str:
    return ", ".join("?" for _ in values)


class ClaimRecords(SqlBase):
    """The claims half of `SqlJournal`."""

    _claims: dict[str, Claim]  # this worker's claims, by account
    _changed: threading.Condition  # notified as claims are released (`_woken`)
    _generation: list[int]  # grows with each release: shared by every view of the store

    def _notify(self) -> None:
        self._woken()

    def _woken(self) -> None:
        with self._changed:
            self._generation[0] += 1
            self._changed.notify_all()

    def _open_accounts(self, held: set[str] | None, skip: set[str]) -> tuple[str, list[object]]:
        """SQL naming the accounts with open applications among `held`, not in `skip`."""
        sql = f"SELECT o.account FROM ({OPEN}) o WHERE true"
        params: list[object] = [self.portal]
        if skip:
            sql += f" AND o.account NOT IN ({_marks(skip)})"
            params += sorted(skip)
        if held is not None:
            sql += f" AND o.account IN ({_marks(held)})" if held else " AND false"
            params += sorted(held)
        return sql, params

    def claim(
        self, worker: str, *, held: set[str] | None, skip: set[str], timeout_s: float
    ) -> Claim | None:
        opened, params = self._open_accounts(held, skip)
        now = self._now
        with self._guard, self._transaction():
            self._execute(
                # In the list's order: workers that add the same rows never deadlock.
                "INSERT INTO claims (portal, username, first_item) SELECT ?, lower(username), "
                "MIN(id) FROM work_items w WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE "
                "c.portal = ? AND c.username = lower(w.username)) GROUP BY lower(username) "
                "ORDER BY MIN(id) ON CONFLICT (portal, username) DO NOTHING",
                (self.portal, self.portal),
            )
            row = self._one(
                f"SELECT c.username, c.worker FROM claims c WHERE c.portal = ? "
                f"AND (c.token IS NULL OR c.expires_at <= {now}) "
                f"AND c.username IN ({opened}) ORDER BY c.first_item LIMIT 1{self._skip_locked}",
                (self.portal, *params),
            )
            return None if row is None else self._take(row, worker, timeout_s)

    def claim_account(self, worker: str, username: str, *, timeout_s: float) -> Claim | None:
        now = self._now
        with self._guard, self._transaction():
            self._execute(
                "INSERT INTO claims (portal, username, first_item) SELECT ?, lower(username), "
                "MIN(id) FROM work_items WHERE lower(username) = ? GROUP BY lower(username) "
                "ON CONFLICT (portal, username) DO NOTHING",
                (self.portal, username.lower()),
            )
            row = self._one(
                f"SELECT c.username, c.worker FROM claims c WHERE c.portal = ? AND c.username = ? "
                f"AND (c.token IS NULL OR c.expires_at <= {now}){self._skip_locked}",
                (self.portal, username.lower()),
            )
            return None if row is None else self._take(row, worker, timeout_s)

    def _take(self, row: tuple[object, ...], worker: str, timeout_s: float) -> Claim:
        """Inside a claim's transaction: the account of `row` (its name, and the worker
        whose claim lapsed, if any) is this worker's now."""
        token, now = secrets.token_hex(16), self._now
        self._execute(
            f"UPDATE claims SET worker = ?, token = ?, claimed_at = {now}, "
            f"heartbeat_at = {now}, expires_at = {now} + ? WHERE portal = ? AND username = ?",
            (worker, token, timeout_s, self.portal, row[0]),
        )
        previous = None if row[1] is None else str(row[1])
        claim = Claim(str(row[0]), worker, token, timeout_s, previous=previous)
        self._claims[claim.username] = claim
        return claim

    def _extend(self, claim: Claim) -> bool:
        now = self._now
        row = self._one(
            f"UPDATE claims SET heartbeat_at = {now}, expires_at = {now} + ? "
            f"WHERE portal = ? AND username = ? AND token = ? AND expires_at > {now} "
            "RETURNING username",
            (claim.timeout_s, self.portal, claim.username, claim.token),
        )
        return row is not None

    def heartbeat(self, claim: Claim) -> bool:
        with self._guard, self._transaction():
            return self._extend(claim)

    def _hold_claim(self, username: str) -> None:
        """Inside an intent's transaction: the account's claim is still this worker's."""
        claim = self._claims.get(username.lower())
        if claim is not None and not self._extend(claim):
            raise ClaimLost(
                f"the claim on the account {username} lapsed or was taken over: another "
                "worker owns its applications now"
            )

    def release(self, claim: Claim) -> None:
        self._claims.pop(claim.username, None)
        with self._guard, self._transaction():
            self._execute(
                "UPDATE claims SET worker = NULL, token = NULL, claimed_at = NULL, "
                "heartbeat_at = NULL, expires_at = NULL "
                "WHERE portal = ? AND username = ? AND token = ?",
                (self.portal, claim.username, claim.token),
            )
        self._notify()

    def generation(self) -> int:
        with self._changed:
            return self._generation[0]

    def wait_for_work(
        self, *, held: set[str] | None, skip: set[str], since: int, most_s: float
    ) -> bool:
        opened, params = self._open_accounts(held, skip)
        now = self._now
        with self._guard:
            row = self._one(
                f"SELECT count(*), count(c.token), MIN(c.expires_at - {now}) "
                f"FROM (SELECT DISTINCT account FROM ({opened}) x) o LEFT JOIN claims c "
                f"ON c.portal = ? AND c.username = o.account AND c.token IS NOT NULL "
                f"AND c.expires_at > {now}",
                (*params, self.portal),
            )
        accounts, claimed, lapses_in = row if row is not None else (0, 0, None)
        if not accounts:
            return False
        if claimed < accounts:
            return True  # a claim may succeed now
        # Woken by a release (a NOTIFY from another machine), or as the first claim lapses.
        wait = min(most_s, max(0.0, float(lapses_in or 0.0)) + 0.05)
        with self._changed:
            self._changed.wait_for(lambda: self._generation[0] != since, wait)
        return True

    def claims(self) -> list[ClaimInfo]:
        now = self._now
        rows = self._execute(
            f"SELECT username, worker, claimed_at, {now} - heartbeat_at, expires_at - {now} "
            "FROM claims WHERE portal = ? AND token IS NOT NULL ORDER BY claimed_at",
            (self.portal,),
        )
        return [
            ClaimInfo(str(row[0]), str(row[1]), _when(row[2]), float(row[3]), float(row[4]))
            for row in rows
        ]
