"""The journal in PostgreSQL (psycopg 3): one database that every operator of a facility
list shares, on as many machines as they like (`--journal postgresql://...`, or
`CIFER_BOT_JOURNAL`). SQLite stays the embedded default for one person.

Its schema is the SQLite journal's, created and migrated by the tool from numbered SQL
files (`migrations/postgresql/`), each applied once, under an advisory lock so that
workers starting together migrate it once. Workers claim accounts with `SELECT ... FOR
UPDATE SKIP LOCKED`, and a released claim wakes the waiting workers with a NOTIFY.

A password belongs in PGPASSWORD, `~/.pgpass` or `.env`, not in the URL; wherever the
URL is shown its password is `***`. `sslmode=require` (or `verify-full`) in the URL asks
for TLS.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.pq import TransactionStatus
from pydantic import SecretStr

from cifer_bot.errors import CiferBotError, InputError, first_line
from cifer_bot.journal.schema import migrations, statements
from cifer_bot.journal.sql import SqlJournal, stamp

SCHEMES = ("postgresql", "postgres")
CHANNEL = "cifer_bot_work"  # NOTIFY: a claim was released, or work was loaded
_MIGRATION_LOCK = 7_310_512  # the advisory lock held while the schema is migrated


def is_database_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in SCHEMES


def redact(url: str) -> str:
    """The URL as it may be shown: any password in it is `***`."""
    parts = urlsplit(url)
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "password" for name, _ in pairs):
        query = urlencode([(n, "***" if n == "password" else v) for n, v in pairs], safe="*")
        parts = parts._replace(query=query)
    return urlunsplit(parts._replace(netloc=netloc))


@lru_cache(maxsize=256)
def _dialect(sql: str) -> str:
    """The journal's SQL (`?` placeholders) as psycopg takes it (`%s`)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresJournal(SqlJournal):
    """The shared journal, as one portal sees it."""

    _now = "CAST(extract(epoch FROM clock_timestamp()) AS double precision)"
    _skip_locked = " FOR UPDATE OF c SKIP LOCKED"

    def __init__(self, url: str, portal: str, *, password: SecretStr | None = None) -> None:
        if not is_database_url(url):
            raise InputError(f"--journal takes a postgresql:// URL, not {redact(url)!r}")
        super().__init__(portal)
        self.url = url
        self.where = redact(url)
        self._password = password
        self._listening: dict[str, Any] = {}  # the LISTEN connection, shared by every view
        self._db = self._connect()
        try:
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        extra: dict[str, Any] = {"application_name": "cifer-bot", "connect_timeout": 15}
        if self._password is not None:
            extra["password"] = self._password.get_secret_value()
        try:
            return psycopg.connect(self.url, autocommit=True, **extra)
        except psycopg.Error as error:
            raise CiferBotError(
                f"cannot reach the journal {self.where}: {self._said(error)}. Is the server "
                "running, and the URL right? A password goes in PGPASSWORD, ~/.pgpass or .env"
            ) from None

    def _said(self, error: Exception) -> str:
        """An error's first line, without a password even if the server quoted one."""
        text = first_line(error)
        secrets = [urlsplit(self.url).password]
        if self._password is not None:
            secrets.append(self._password.get_secret_value())
        for secret in filter(None, secrets):
            text = text.replace(secret, "***")
        return text

    # -- the store's verbs --------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._guard:
            try:
                with self._db.cursor() as cursor:
                    cursor.execute(_dialect(sql), tuple(params))
                    return cursor.fetchall() if cursor.description else []
            except psycopg.Error as error:
                raise CiferBotError(
                    f"cannot use the journal {self.where}: {self._said(error)}"
                ) from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._guard:
            if self._db.info.transaction_status != TransactionStatus.IDLE:
                yield  # nested: the outer transaction commits
                return
            try:
                with self._db.transaction():
                    yield
            except psycopg.Error as error:
                raise CiferBotError(
                    f"cannot write the journal {self.where}: {self._said(error)}"
                ) from None

    def _migrate(self) -> None:
        known = migrations("postgresql")
        with self._transaction():
            self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_versions "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            self._execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            applied = {row[0] for row in self._execute("SELECT version FROM schema_versions")}
            newer = sorted(applied - {migration.version for migration in known})
            if newer:
                raise CiferBotError(
                    f"the journal {self.where} has schema version {newer[-1]}, newer than this "
                    f"cifer-bot knows ({len(known)}): another operator runs a newer version; "
                    "install it here too"
                )
            for migration in known:
                if migration.version in applied:
                    continue
                for statement in statements(migration.sql):
                    self._execute(statement)
                self._execute(
                    "INSERT INTO schema_versions VALUES (?, ?, ?)",
                    (migration.version, migration.name, stamp()),
                )

    # -- waking the workers that wait ---------------------------------------------------
    def _notify(self) -> None:
        self._execute("SELECT pg_notify(?, ?)", (CHANNEL, self.portal))
        self._woken()

    def wait_for_work(
        self, *, held: set[str] | None, skip: set[str], since: int, most_s: float
    ) -> bool:
        self._listen()
        return super().wait_for_work(held=held, skip=skip, since=since, most_s=most_s)

    def _listen(self) -> None:
        """Hear other machines' releases: a connection of its own that LISTENs, and a
        thread that wakes the waiting workers at each NOTIFY."""
        with self._guard:
            if "connection" in self._listening:
                return
            connection = self._connect()
            connection.execute(f"LISTEN {CHANNEL}")
            thread = threading.Thread(
                target=self._hear, args=(connection,), name="journal-listen", daemon=True
            )
            self._listening.update(connection=connection, thread=thread)
            thread.start()

    def _hear(self, connection: psycopg.Connection[tuple[Any, ...]]) -> None:
        with contextlib.suppress(psycopg.Error):  # a lost connection: waits time out
            for _ in connection.notifies():
                self._woken()
                if self._listening.get("closing"):
                    return

    # -- several workers at once --------------------------------------------------------
    def lock(self) -> None:
        """Nothing to hold: workers claim accounts, never the whole journal."""

    def unlock(self) -> None:
        """Nothing held."""

    def close(self) -> None:
        listening = self._listening
        if "connection" in listening:
            listening["closing"] = True
            with contextlib.suppress(CiferBotError):
                self._execute("SELECT pg_notify(?, ?)", (CHANNEL, "closing"))
            listening["thread"].join(timeout=10)
            listening["connection"].close()
        self._db.close()
