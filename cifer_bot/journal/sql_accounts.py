"""The journal's records of accounts, in SQL: a password the portal refused (kept as a
salted fingerprint), a login that worked, a password the portal took."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from cifer_bot.journal.base import AppKey, Record

CREATE = "立即注册"  # the press that creates an account


class AccountRecords:
    """The account half of `SqlJournal`, which supplies the events and queries."""

    portal: str
    _guard: threading.RLock
    _accepted: set[str]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _event(
        self,
        key: AppKey | None,
        kind: str,
        name: str = "",
        detail: Record | None = None,
        *,
        username: str = "",
        at: str | None = None,
        update: str = "",
        values: Sequence[Any] = (),
    ) -> None:
        raise NotImplementedError

    def _latest(self, username: str, kinds: tuple[str, ...]) -> tuple[Any, ...] | None:
        marks = ", ".join("?" for _ in kinds)
        with self._guard:
            return self._one(
                f"SELECT kind, detail, at FROM events WHERE portal = ? AND lower(username) = ? "
                f"AND application_id IS NULL AND kind IN ({marks}) ORDER BY id DESC LIMIT 1",
                (self.portal, username.casefold(), *kinds),
            )

    def refuse_login(self, username: str, fingerprint: str, reason: str, at: str) -> None:
        detail = {"fingerprint": fingerprint, "reason": reason}
        self._event(None, "login_refused", "", detail, username=username, at=at)
        self._accepted.discard(username.casefold())

    def accept_login(self, username: str) -> None:
        if username.casefold() not in self._accepted:
            self._event(None, "login_ok", username=username)
            self._accepted.add(username.casefold())

    def refused(self, username: str) -> Record | None:
        latest = self._latest(username, ("login_refused", "login_ok"))
        if latest is None or latest[0] != "login_refused":
            return None
        return {**json.loads(latest[1] or "{}"), "at": latest[2], "username": username}

    def account_exists(self, username: str) -> bool:
        if self._latest(username, ("login_ok",)) is not None:
            return True
        with self._guard:
            rows = self._one(
                "SELECT count(*) FROM events WHERE portal = ? AND lower(username) = ? "
                "AND name = ? AND (kind = 'confirm' OR (kind = 'checked' "
                "AND json_extract(detail, '$.found')))",
                (self.portal, username.casefold(), CREATE),
            )
        return bool(rows and rows[0])

    def change_password(self, username: str, fingerprint: str, at: str) -> None:
        detail = {"fingerprint": fingerprint}
        self._event(None, "password_changed", "", detail, username=username, at=at)

    def password_changed(self, username: str) -> str | None:
        latest = self._latest(username, ("password_changed",))
        return str(json.loads(latest[1] or "{}").get("fingerprint", "")) if latest else None
