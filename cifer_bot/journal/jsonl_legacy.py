"""The journal of earlier versions, `OUT/journal.jsonl` (one JSON line per event),
imported once into the SQLite journal so that a resumed batch loses nothing of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cifer_bot.files import file_error
from cifer_bot.journal.base import AppKey
from cifer_bot.journal.sql import SqlJournal
from cifer_bot.journal.sqlite import SqliteJournal

FILE_NAME = "journal.jsonl"


def import_jsonl(journal: SqliteJournal, path: Path) -> tuple[int, int]:
    """Copy the events of an old journal into `journal`, once; (imported, lines skipped:
    cut short by a crash)."""
    done_key = f"imported {path.resolve()}"
    if journal.meta(done_key) is not None or not path.is_file():
        return 0, 0
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise file_error(error, path, "read the old journal") from None
    imported = skipped = 0
    with journal._guard, journal._transaction():
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if isinstance(record, dict) and record.get("portal"):
                _copy(journal.for_portal(str(record["portal"])), record)
                imported += 1
        journal.set_meta(done_key, f"{imported} events, {skipped} lines skipped")
    return imported, skipped


def _copy(journal: SqlJournal, record: dict[str, Any]) -> None:
    username = str(record.get("username") or "")
    key = AppKey(str(record.get("facility", "")), str(record.get("category_code", "")), username)
    # Lines of the first versions carry no `event`: they are all endings.
    event = record.get("event", "finish")
    action = str(record.get("action", ""))
    if event == "finish":
        journal.finish(
            key,
            {
                "status": record.get("status", "failed"),
                "message": record.get("message", ""),
                "finished": record.get("at"),
            },
        )
    elif event == "step":
        journal.reached(key, str(record.get("step", "")))
    elif event == "intent":
        journal.intend(key, action)
    elif event == "confirm":
        journal.confirm(key, action)
    elif event == "checked":
        journal.resolve(key, action, found=bool(record.get("found")))
    elif event == "login_refused":
        journal.refuse_login(
            username,
            str(record.get("fingerprint", "")),
            str(record.get("reason", "")),
            str(record.get("at", "")),
        )
    elif event == "login_ok":
        journal.accept_login(username)
    elif event == "password_changed":
        journal.change_password(
            username, str(record.get("fingerprint", "")), str(record.get("at", ""))
        )
