"""The journal's memory of the facility file's rows, in SQL: each application's row as
a run last saw it (no secret: passwords are not in the file), so that a row changed
since is named when the next run starts."""

from __future__ import annotations

import hashlib
import json

from cifer_bot.journal.base import AppKey
from cifer_bot.journal.sql_base import SqlBase


def digest(fields: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


class RowRecords(SqlBase):
    """The rows half of `SqlJournal`, which supplies the applications' ids."""

    def _app_id(self, key: AppKey) -> int:
        raise NotImplementedError

    def remember_rows(self, rows: list[tuple[AppKey, int | None, dict[str, str]]]) -> list[str]:
        changed: list[str] = []
        with self._guard, self._transaction():
            for key, row_no, fields in rows:
                app = self._app_id(key)
                before = self._one(
                    "SELECT row_digest, row_fields FROM applications WHERE id = ?", (app,)
                )
                now_digest = digest(fields)
                if before is not None and before[0] and before[0] != now_digest:
                    old: dict[str, str] = json.loads(before[1] or "{}")
                    names = sorted(
                        name for name in {*old, *fields} if old.get(name) != fields.get(name)
                    )
                    changed.append(
                        f'row {row_no}, "{key.facility}" ({key.category}): changed since the '
                        f"journal last saw it: {', '.join(names)}"
                    )
                self._execute(
                    "UPDATE applications SET row_no = ?, row_digest = ?, row_fields = ? "
                    "WHERE id = ?",
                    (row_no, now_digest, json.dumps(fields, ensure_ascii=False), app),
                )
        return changed
