"""The shared facility list in SQL: its work items and their identity documents, as
`queue load` adds them and workers read them (`queue.WorkQueue`; claims are in
`sql_claims`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cifer_bot.journal.base import AppKey
from cifer_bot.journal.queue import SETTLED, Loaded, NewItem, WorkItem
from cifer_bot.journal.sql_base import SqlBase

# The applications of the list that are still work on this portal (`?`: the portal).
OPEN = (
    "SELECT w.id, lower(w.username) AS account FROM work_items w LEFT JOIN applications a "
    "ON a.portal = ? AND a.facility = w.facility AND a.category_code = w.category_code "
    "AND a.username = w.username WHERE a.id IS NULL OR ((a.status IS NULL OR a.status NOT IN "
    f"({', '.join(repr(s) for s in SETTLED)})) AND a.application_no IS NULL "
    "AND COALESCE(a.portal_status, '') <> 'submitted')"
)
_ITEM = (
    "SELECT id, facility, category_code, username, row_no, category, facility_row, "
    "document_name, document_sha256 FROM work_items"
)


class QueueRecords(SqlBase):
    """The list half of `SqlJournal`."""

    # -- loading ----------------------------------------------------------------------
    def load(self, items: list[NewItem], *, update: bool) -> Loaded:
        loaded = Loaded()
        with self._guard, self._transaction():
            for item in items:
                self._load_one(item, update, loaded)
        if loaded.added or loaded.replaced:
            self._notify()
        return loaded

    def _load_one(self, item: NewItem, update: bool, loaded: Loaded) -> None:
        key = item.key
        before = self._one(
            "SELECT id, digest, facility_row FROM work_items WHERE facility = ? "
            "AND category_code = ? AND username = ?",
            (key.facility, key.category, key.username),
        )
        if before is not None and before[1] == item.digest:
            loaded.unchanged += 1
            return
        if self._one("SELECT 1 FROM documents WHERE sha256 = ?", (item.document_sha256,)) is None:
            content = item.read_document()
            self._execute(
                "INSERT INTO documents (sha256, size, content) VALUES (?, ?, ?)",
                (item.document_sha256, len(content), content),
            )
        values = (
            item.row,
            item.category,
            item.facility,
            item.digest,
            item.document_name,
            item.document_sha256,
            datetime.now().astimezone().isoformat(timespec="seconds"),
        )
        if before is None:
            self._execute(
                "INSERT INTO work_items (row_no, category, facility_row, digest, document_name, "
                "document_sha256, loaded_at, facility, category_code, username) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, *key),
            )
            loaded.added += 1
            return
        said = f'row {item.row}, "{key.facility}" ({key.category}): changed since it was loaded'
        said += f": {', '.join(_changed_fields(before[2], item.facility)) or 'its document'}"
        started = self._started(key.facility, key.category, key.username)
        if started is not None:
            loaded.kept.append(f"{said}; not replaced: its application started on {started}")
        elif not update:
            loaded.kept.append(f"{said}; not replaced: give --update to replace it")
        else:
            self._execute(
                "UPDATE work_items SET row_no = ?, category = ?, facility_row = ?, digest = ?, "
                "document_name = ?, document_sha256 = ?, loaded_at = ? WHERE id = ?",
                (*values, before[0]),
            )
            loaded.replaced += 1
            loaded.changed.append(f"{said}; replaced")

    def _started(self, facility: str, category: str, username: str) -> str | None:
        """The portal an application was first attempted on, if it was."""
        row = self._one(
            "SELECT a.portal FROM applications a JOIN events e ON e.application_id = a.id "
            "WHERE a.facility = ? AND a.category_code = ? AND a.username = ? "
            "AND e.kind = 'attempt' ORDER BY e.id LIMIT 1",
            (facility, category, username),
        )
        return None if row is None else str(row[0])

    # -- the list -----------------------------------------------------------------------
    def work(self, username: str | None = None) -> list[WorkItem]:
        if username is None:
            rows = self._execute(f"{_ITEM} ORDER BY id")
        else:
            rows = self._execute(
                f"{_ITEM} WHERE lower(username) = ? AND id IN (SELECT id FROM ({OPEN}) o) "
                "ORDER BY id",
                (username.lower(), self.portal),
            )
        return [
            WorkItem(
                number=int(row[0]),
                key=AppKey(row[1], row[2], row[3]),
                row=row[4],
                category=row[5],
                facility=row[6],
                document_name=row[7],
                document_sha256=row[8],
            )
            for row in rows
        ]

    def document(self, sha256: str) -> bytes:
        row = self._one("SELECT content FROM documents WHERE sha256 = ?", (sha256,))
        if row is None:
            raise KeyError(sha256)
        return bytes(row[0])


def _changed_fields(before: str, after: str) -> list[str]:
    """The fields of a facility row that differ, by dotted name."""

    def flat(value: Any, prefix: str = "") -> dict[str, str]:
        if isinstance(value, dict):
            found: dict[str, str] = {}
            for name, inner in value.items():
                found.update(flat(inner, f"{prefix}{name}."))
            return found
        return {prefix.rstrip("."): json.dumps(value, ensure_ascii=False)}

    old, new = flat(json.loads(before)), flat(json.loads(after))
    return sorted(name for name in {*old, *new} if old.get(name) != new.get(name))
