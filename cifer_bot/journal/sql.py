"""The journal kept in an SQL database: what every store (SQLite, PostgreSQL) shares.

A store supplies a connection's few verbs (`_execute`, `_transaction`); everything the
run records or asks is written here once, in SQL both SQLite and PostgreSQL read
(`?` placeholders are turned into the store's own).
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cifer_bot.journal.base import AppKey, Application, Record, Step
from cifer_bot.journal.queue import SETTLED, Claim
from cifer_bot.journal.sql_accounts import AccountRecords
from cifer_bot.journal.sql_claims import ClaimRecords
from cifer_bot.journal.sql_queue import QueueRecords
from cifer_bot.journal.sql_rows import RowRecords

SAVE_DRAFT = "暂存"  # the press that saves a draft on the portal


def stamp() -> str:
    """When an event happened, to the millisecond, with the machine's offset."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


class SqlJournal(AccountRecords, RowRecords, QueueRecords, ClaimRecords):
    """The journal's records and questions, in SQL; one portal's view of the store."""

    portal: str

    def __init__(self, portal: str) -> None:
        self.portal = portal
        self._ids: dict[AppKey, int] = {}
        self._accepted: set[str] = set()
        self._guard = threading.RLock()  # one connection, shared by a run's threads
        self._claims: dict[str, Claim] = {}  # this worker's claims, by account
        self._changed = threading.Condition()
        self._generation = [0]

    def lock(self) -> None:
        raise NotImplementedError

    def unlock(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def for_portal(self, portal: str) -> SqlJournal:
        """The same store (its connection, its lock), as another portal sees it."""
        other = copy.copy(self)
        other.portal, other._ids, other._accepted, other._claims = portal, {}, set(), {}
        return other

    # -- helpers ------------------------------------------------------------------------
    def _app_id(self, key: AppKey) -> int:
        found = self._ids.get(key)
        if found is not None:
            return found
        where = (self.portal, key.facility, key.category, key.username)
        select = (
            "SELECT id FROM applications WHERE portal = ? AND facility = ? "
            "AND category_code = ? AND username = ?"
        )
        row = self._one(select, where)
        if row is None:
            # Another worker may add it at the same moment: whichever comes first.
            self._execute(
                "INSERT INTO applications (portal, facility, category_code, username, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (*where, stamp()),
            )
            row = self._one(select, where)
        assert row is not None
        self._ids[key] = int(row[0])
        return self._ids[key]

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
        claimed: bool = False,
    ) -> None:
        """One event, and the application's row brought up to date, in one transaction;
        `claimed`: only while this worker's claim on the account holds (if it has one)."""
        when = at or stamp()
        with self._guard, self._transaction():
            if claimed and key is not None:
                self._hold_claim(key.username)
            app = self._app_id(key) if key is not None else None
            self._execute(
                "INSERT INTO events (portal, application_id, username, kind, name, detail, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.portal,
                    app,
                    key.username if key is not None else username,
                    kind,
                    name,
                    json.dumps(detail, ensure_ascii=False) if detail is not None else None,
                    when,
                ),
            )
            if app is not None:
                sets = f"{update}, updated_at = ?" if update else "updated_at = ?"
                self._execute(f"UPDATE applications SET {sets} WHERE id = ?", (*values, when, app))

    # -- applications -------------------------------------------------------------------
    def reached(self, key: AppKey, step: str) -> None:
        self._event(key, "step", step, update="step = ?", values=(step,))

    def attempt(self, key: AppKey, number: int) -> None:
        when = stamp()
        update = "attempts = ?, started_at = ?" if number == 1 else "attempts = ?"
        values = (number, when) if number == 1 else (number,)
        self._event(key, "attempt", str(number), at=when, update=update, values=values)

    def intend(self, key: AppKey, action: str) -> None:
        self._event(key, "intent", action, claimed=True)

    def confirm(self, key: AppKey, action: str) -> None:
        self._event(key, "confirm", action)

    def resolve(self, key: AppKey, action: str, *, found: bool) -> None:
        self._event(key, "checked", action, {"found": found})

    def finish(self, key: AppKey, outcome: Record, thumbnail: bytes | None = None) -> None:
        status = str(outcome.get("status", "failed"))
        message = str(outcome.get("message", ""))
        at = str(outcome.get("finished") or stamp())
        with self._guard, self._transaction():
            self._ending(key, status, message, at, outcome)
            if thumbnail is not None:
                self._execute(
                    "INSERT INTO thumbnails (application_id, content) VALUES (?, ?) "
                    "ON CONFLICT (application_id) DO UPDATE SET content = excluded.content",
                    (self._app_id(key), thumbnail),
                )

    def _ending(self, key: AppKey, status: str, message: str, at: str, outcome: Record) -> None:
        self._event(
            key,
            "finish",
            status,
            {"message": message},
            at=at,
            update="status = ?, message = ?, error_class = ?, outcome = ?, finished_at = ?, "
            "application_no = COALESCE(?, application_no)",
            values=(
                status,
                message,
                str(outcome.get("error_class", "")),
                json.dumps(outcome, ensure_ascii=False),
                at,
                # A number the portal showed after a person's own 提交, in a headed run.
                outcome.get("application_no"),
            ),
            claimed=True,
        )

    def last(self, key: AppKey) -> Record | None:
        with self._guard:
            for username in dict.fromkeys((key.username, "")):
                # An ending of earlier versions names no account: it stands for any.
                row = self._one(
                    "SELECT status, message, finished_at, username, EXISTS (SELECT 1 FROM events e "
                    "WHERE e.application_id = a.id AND e.kind = 'confirm' AND e.name = ?) "
                    "FROM applications a WHERE portal = ? AND facility = ? AND category_code = ? "
                    "AND username = ? AND status IS NOT NULL",
                    (SAVE_DRAFT, self.portal, key.facility, key.category, username),
                )
                if row is not None:
                    return {
                        "status": row[0],
                        "message": row[1],
                        "at": row[2],
                        "username": row[3],
                        "draft_saved": bool(row[4]),
                    }
        return None

    def pending(self, key: AppKey) -> str | None:
        with self._guard:
            events = self._execute(
                "SELECT kind, name FROM events WHERE application_id = ? "
                "AND kind IN ('intent', 'confirm', 'checked') ORDER BY id",
                (self._app_id(key),),
            )
        open_: list[str] = []
        for kind, action in events:
            if kind == "intent":
                open_.append(action)
            else:
                # Confirmed, or asked of the portal: settled either way, with every earlier
                # press of it (a 立即注册 pressed again answers for the one before).
                open_ = [pressed for pressed in open_ if pressed != action]
        return open_[-1] if open_ else None

    def draft_untold(self, key: AppKey) -> str | None:
        with self._guard:
            events = self._execute(
                "SELECT kind, name, detail, at FROM events WHERE application_id = ? "
                "AND (kind = 'finish' OR (kind IN ('confirm', 'checked') AND name = ?)) "
                "ORDER BY id",
                (self._app_id(key), SAVE_DRAFT),
            )
        saved: str | None = None
        for kind, name, detail, at in events:
            if kind == "confirm" or (kind == "checked" and json.loads(detail or "{}").get("found")):
                saved = str(at)
            elif kind == "finish" and name in SETTLED:
                saved = None  # told: at the review stop, or left for a person to look
        return saved

    def synced(
        self, key: AppKey, *, portal_status: str, draft_no: str | None, application_no: str | None
    ) -> None:
        when = stamp()
        self._event(
            key,
            "synced",
            portal_status,
            {"draft_no": draft_no, "application_no": application_no},
            at=when,
            update="portal_status = ?, synced_at = ?, draft_no = COALESCE(?, draft_no), "
            "application_no = COALESCE(?, application_no)",
            values=(portal_status, when, draft_no, application_no),
        )

    def applications(self) -> list[Application]:
        with self._guard:
            rows = self._execute(
                "SELECT id, facility, category_code, username, row_no, status, step, message, "
                "error_class, attempts, draft_no, application_no, portal_status, synced_at, "
                "started_at, finished_at, updated_at, outcome FROM applications "
                "WHERE portal = ? ORDER BY id",
                (self.portal,),
            )
            events = self._execute(
                "SELECT application_id, kind, name, at FROM events "
                "WHERE portal = ? AND application_id IS NOT NULL ORDER BY id",
                (self.portal,),
            )
            pictures = self._execute(
                "SELECT t.application_id, t.content FROM thumbnails t JOIN applications a "
                "ON a.id = t.application_id WHERE a.portal = ?",
                (self.portal,),
            )
        thumbnails = {app: bytes(content) for app, content in pictures}
        history: dict[int, list[Step]] = {}
        for app, kind, name, at in events:
            history.setdefault(app, []).append(Step(kind, name, at))
        return [
            Application(
                key=AppKey(row[1], row[2], row[3]),
                row=row[4],
                status=row[5],
                step=row[6],
                message=row[7],
                error_class=row[8],
                attempts=row[9],
                draft_no=row[10],
                application_no=row[11],
                portal_status=row[12],
                synced_at=row[13],
                started=row[14],
                finished=row[15],
                updated=row[16],
                outcome=json.loads(row[17]) if row[17] else {},
                history=history.get(row[0], []),
                thumbnail=thumbnails.get(row[0]),
            )
            for row in rows
        ]

    def portals(self) -> list[str]:
        """The portals the store holds records of, the latest used first."""
        with self._guard:
            rows = self._execute(
                "SELECT portal FROM applications GROUP BY portal ORDER BY MAX(updated_at) DESC"
            )
        return [str(row[0]) for row in rows]
