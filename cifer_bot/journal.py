"""The record of a run, so that a batch resumes and nothing is done twice.

`Journal` is what the run needs of any record: note the step each application reached;
note the intent before, and the confirmation after, every action with an effect on the
portal (立即注册, 暂存), so that an action whose outcome is unknown is looked for on the
portal and never blindly done again (`pending`); note how an application ended, and
look an application up by its key (facility, food category, username); note an account
whose password the portal refused, so that no later run tries it again until its
password changes (portals lock accounts). `JsonLinesJournal` keeps it as one JSON line
per event in `OUT/journal.jsonl`, held by one run at a time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from filelock import FileLock, Timeout

from cifer_bot.errors import CiferBotError
from cifer_bot.files import file_error, make_folder

Record = dict[str, Any]


class AppKey(NamedTuple):
    """What names one application across runs: its facility, its sub-item, its account."""

    facility: str
    category: str  # the catalog code of the sub-item
    username: str


class JournalBusy(CiferBotError):
    """Another run holds the journal: two runs on one record would do things twice."""


class Journal(Protocol):
    """What a run records, and asks, of its journal."""

    def reached(self, key: AppKey, step: str) -> None:
        """The application reached a step of the route."""

    def intend(self, key: AppKey, action: str) -> None:
        """About to press a control with an effect on the portal (`暂存`)."""

    def confirm(self, key: AppKey, action: str) -> None:
        """The portal confirmed the action announced by `intend`."""

    def finish(self, key: AppKey, status: str, message: str, at: str) -> None:
        """How one attempt at the application ended (`review`, `failed`...)."""

    def last(self, key: AppKey) -> Record | None:
        """The latest ending recorded for the application on this portal, if any."""

    def pending(self, key: AppKey) -> str | None:
        """An action announced for the application and never confirmed: its outcome is
        unknown, and the portal is to be asked before anything is done again."""

    def resolve(self, key: AppKey, action: str, *, found: bool) -> None:
        """The portal was asked about an action whose outcome was unknown: it shows that
        the action took effect (`found`), or that it did not."""

    def refuse_login(self, username: str, fingerprint: str, reason: str, at: str) -> None:
        """The portal refused the account's password (as it stood: `fingerprint`)."""

    def accept_login(self, username: str) -> None:
        """The account signed in: an earlier refusal no longer stands."""

    def refused(self, username: str) -> Record | None:
        """The latest refusal of the account's password, unless it signed in since."""

    def change_password(self, username: str, fingerprint: str, at: str) -> None:
        """The portal took a new password for the account (as it now stands)."""

    def password_changed(self, username: str) -> str | None:
        """The fingerprint of the password the account was last changed to, if any."""


class JsonLinesJournal:
    """An append-only file of JSON lines: one per event, fsync'ed as it is written.

    Only the records of the same portal count (`portal` names it): a dry run on the
    replica never counts for the live portal. A line cut short by a crash is skipped,
    and the next record starts on a line of its own. `lock()` holds the file for one run.
    """

    def __init__(self, path: Path, portal: str) -> None:
        self.path = path
        self.portal = portal
        self.skipped = 0  # lines cut short by a crash
        self._last: dict[tuple[str, str], Record] = {}
        self._actions: dict[tuple[str, str, str], list[str]] = {}
        self._logins: dict[str, Record | None] = {}
        self._changed: dict[str, str] = {}
        self._lock = FileLock(str(path.with_name(path.name + ".lock")))
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise file_error(error, path, "read the journal") from None
            for line in text.splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    self.skipped += 1  # a line cut short by a crash
                    continue
                if isinstance(record, dict):
                    self._remember(record)

    # -- one run at a time --------------------------------------------------------------
    def lock(self) -> None:
        """Hold the journal for this run; JournalBusy if another run holds it. The lock
        is the operating system's (a dead run leaves none behind), on Windows too."""
        make_folder(self.path.parent)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise JournalBusy(
                f"another run is filling with the journal {self.path} (the same --out): "
                "two runs on one journal could do things twice. Wait for it to end, or "
                "give this run its own --out"
            ) from None

    def unlock(self) -> None:
        self._lock.release()
        # The lock file holds nothing: leave no trace of the run in --out.
        Path(self._lock.lock_file).unlink(missing_ok=True)

    # -- reading ------------------------------------------------------------------------
    def _remember(self, record: Record) -> None:
        if record.get("portal") != self.portal:
            return
        # Lines of earlier versions carry no `event`: they are all endings.
        event = record.get("event", "finish")
        where = (str(record.get("facility", "")), str(record.get("category_code", "")))
        if event == "finish":
            self._last[where] = record
        elif event in {"intent", "confirm", "checked"}:
            # An action the portal was asked about is settled either way: not pending.
            kind = "intent" if event == "intent" else "confirm"
            key = (*where, str(record.get("username", "")))
            self._actions.setdefault(key, []).append(f"{kind}:{record.get('action')}")
        elif event == "login_refused":
            self._logins[str(record.get("username", "")).casefold()] = record
        elif event == "login_ok":
            self._logins[str(record.get("username", "")).casefold()] = None
        elif event == "password_changed":
            self._changed[str(record.get("username", "")).casefold()] = str(
                record.get("fingerprint", "")
            )

    def last(self, key: AppKey) -> Record | None:
        record = self._last.get((key.facility, key.category))
        if record is None:
            return None
        # An ending of earlier versions names no account: it stands for any.
        username = record.get("username")
        return record if not username or username == key.username else None

    def pending(self, key: AppKey) -> str | None:
        events = self._actions.get((key.facility, key.category, key.username), [])
        open_: list[str] = []
        for event in events:
            kind, _, action = event.partition(":")
            if kind == "intent":
                open_.append(action)
            elif action in open_:
                open_.remove(action)
        return open_[-1] if open_ else None

    def refused(self, username: str) -> Record | None:
        return self._logins.get(username.casefold())

    def password_changed(self, username: str) -> str | None:
        return self._changed.get(username.casefold())

    # -- writing ------------------------------------------------------------------------
    def _write(self, event: str, **fields: Any) -> None:
        record = {"event": event, "portal": self.portal, **fields}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        make_folder(self.path.parent)
        try:
            with self.path.open("a+b") as stream:
                # A line a crash cut short must not take this record with it: the record
                # starts on a line of its own, and the fragment stays a line to skip.
                if stream.tell() > 0:
                    stream.seek(-1, os.SEEK_END)
                    if stream.read(1) != b"\n":
                        line = "\n" + line
                stream.write(line.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise file_error(error, self.path, "write the journal") from None
        self._remember(record)

    def _write_for(self, key: AppKey, event: str, **fields: Any) -> None:
        self._write(
            event,
            facility=key.facility,
            category_code=key.category,
            username=key.username,
            **fields,
        )

    def reached(self, key: AppKey, step: str) -> None:
        self._write_for(key, "step", step=step)

    def intend(self, key: AppKey, action: str) -> None:
        self._write_for(key, "intent", action=action)

    def confirm(self, key: AppKey, action: str) -> None:
        self._write_for(key, "confirm", action=action)

    def finish(self, key: AppKey, status: str, message: str, at: str) -> None:
        self._write_for(key, "finish", status=status, at=at, message=message)

    def resolve(self, key: AppKey, action: str, *, found: bool) -> None:
        self._write_for(key, "checked", action=action, found=found)

    def refuse_login(self, username: str, fingerprint: str, reason: str, at: str) -> None:
        self._write(
            "login_refused", username=username, fingerprint=fingerprint, reason=reason, at=at
        )

    def accept_login(self, username: str) -> None:
        if self.refused(username) is not None:
            self._write("login_ok", username=username)

    def change_password(self, username: str, fingerprint: str, at: str) -> None:
        self._write("password_changed", username=username, fingerprint=fingerprint, at=at)


def done(journal: Journal, key: AppKey) -> Record | None:
    """The ending that makes an application done, if any: it reached the review stop.

    The account form stop is not done: the application itself is still to be filled,
    once the account exists.
    """
    record = journal.last(key)
    return record if record is not None and record.get("status") == "review" else None
