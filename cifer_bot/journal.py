"""The record of a run, so that a batch resumes and nothing is done twice.

`Journal` is what the run needs of any record: note the step each application reached;
note the intent before, and the confirmation after, every action with an effect on the
portal (立即注册, 暂存); note how an application ended; and look an application up by
its key (facility, food category, username). `JsonLinesJournal` keeps it as one JSON
line per event in `OUT/journal.jsonl`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from cifer_bot.files import file_error, make_folder

Record = dict[str, Any]


class AppKey(NamedTuple):
    """What names one application across runs: its facility, its sub-item, its account."""

    facility: str
    category: str  # the catalog code of the sub-item
    username: str


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


class JsonLinesJournal:
    """An append-only file of JSON lines: one per event, fsync'ed as it is written.

    Only the endings on the same portal count (`portal` names it): a dry run on the
    replica never counts for the live portal. A line cut short by a crash is skipped.
    """

    def __init__(self, path: Path, portal: str) -> None:
        self.path = path
        self.portal = portal
        self._last: dict[tuple[str, str], Record] = {}
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise file_error(error, path, "read the journal") from None
            for line in text.splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                if isinstance(record, dict):
                    self._remember(record)

    def _remember(self, record: Record) -> None:
        # Lines of earlier versions carry no `event`: they are all endings.
        if record.get("event", "finish") != "finish" or record.get("portal") != self.portal:
            return
        self._last[(str(record.get("facility", "")), str(record.get("category_code", "")))] = record

    def _write(self, key: AppKey, event: str, **fields: Any) -> None:
        record = {
            "event": event,
            "facility": key.facility,
            "category_code": key.category,
            "username": key.username,
            "portal": self.portal,
            **fields,
        }
        make_folder(self.path.parent)
        try:
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            # A line cut short is skipped when the journal is read again.
            raise file_error(error, self.path, "write the journal") from None
        self._remember(record)

    def reached(self, key: AppKey, step: str) -> None:
        self._write(key, "step", step=step)

    def intend(self, key: AppKey, action: str) -> None:
        self._write(key, "intent", action=action)

    def confirm(self, key: AppKey, action: str) -> None:
        self._write(key, "confirm", action=action)

    def finish(self, key: AppKey, status: str, message: str, at: str) -> None:
        self._write(key, "finish", status=status, at=at, message=message)

    def last(self, key: AppKey) -> Record | None:
        record = self._last.get((key.facility, key.category))
        if record is None:
            return None
        # An ending of earlier versions names no account: it stands for any.
        username = record.get("username")
        return record if not username or username == key.username else None


def done(journal: Journal, key: AppKey) -> Record | None:
    """The ending that makes an application done, if any: it reached the review stop.

    The account form stop is not done: the application itself is still to be filled,
    once the account exists.
    """
    record = journal.last(key)
    return record if record is not None and record.get("status") == "review" else None
