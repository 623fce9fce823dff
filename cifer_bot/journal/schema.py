"""The journal's schema: numbered SQL files (`migrations/<store>/NNNN_name.sql`), each
applied once, in order, in one transaction with the version that records it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(store: str) -> list[Migration]:
    """The migrations of a store (`sqlite`), in the order they apply."""
    found = []
    for path in sorted((MIGRATIONS / store).glob("*.sql")):
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", path.name)
        if match is None:
            raise ValueError(f"a migration is named NNNN_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text("utf-8")))
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"the {store} migrations are not numbered 1, 2, 3...: {versions}")
    return found


def statements(sql: str) -> list[str]:
    """A migration's statements (no `;` inside a literal: the files are ours)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
