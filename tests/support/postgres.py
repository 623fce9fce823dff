"""A PostgreSQL server of the test session's own: `initdb` in a temporary folder, started
with `pg_ctl` on a free loopback port with TLS, and stopped at the end; a new database
for each test that asks for one. The server refuses to run as root, so when the tests
run as root its programs run as the `postgres` user. Nothing is mocked."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from pydantic import SecretStr

from cifer_bot.journal import PostgresJournal

USER = "cifer"  # the role the tests connect as (a superuser of the test server)
INSTALL_HINT = (
    "the PostgreSQL tests need a PostgreSQL server's programs (initdb, pg_ctl): `make test` "
    "installs Debian's postgresql; elsewhere install PostgreSQL 13 or later"
)


def server_programs() -> Path:
    """The folder of initdb and pg_ctl: on the PATH, or where Debian puts them."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if versions:
        return Path(versions[-1]).parent
    raise FileNotFoundError(INSTALL_HINT)


def _as_server_user() -> dict[str, Any]:
    """Arguments of `subprocess.run` that run a program as the server's owner: the
    `postgres` user when the tests run as root, else the tests' own user."""
    if os.geteuid() != 0:
        return {}
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        raise FileNotFoundError(
            "the tests run as root and there is no `postgres` user to run the server as "
            f"(the server refuses root); {INSTALL_HINT}"
        ) from None
    return {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running test server: where it listens, and its superuser's password."""

    port: int
    password: str

    def url(self, database: str = "postgres", *, with_password: bool = False, **query: str) -> str:
        secret = f":{self.password}" if with_password else ""
        tail = "&".join(f"{name}={value}" for name, value in query.items())
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}" + (
            f"?{tail}" if tail else ""
        )

    def new_database(self) -> Database:
        """A new empty database."""
        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url(with_password=True), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return Database(self, name)


@dataclass(frozen=True)
class Database:
    """One database of the test server: its URL holds no password, as an operator's
    should not; the password goes in PGPASSWORD (`environment`) or to the journal."""

    server: Server
    name: str

    @property
    def url(self) -> str:
        return self.server.url(self.name)

    @property
    def password(self) -> SecretStr:
        return SecretStr(self.server.password)

    def environment(self) -> dict[str, str]:
        return {"PGPASSWORD": self.server.password}

    def open(self, portal: str) -> PostgresJournal:
        return PostgresJournal(self.url, portal, password=self.password)

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the database as any client would (psql), for a test's own checks."""
        with psycopg.connect(self.server.url(self.name, with_password=True)) as reader:
            return reader.execute(sql, params).fetchall()


def _self_signed(folder: Path) -> None:
    """A certificate for TLS on loopback, so that `sslmode=require` can be tested."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(folder / "server.key"),
            "-out",
            str(folder / "server.crt"),
        ],
        check=True,
        capture_output=True,
    )
    (folder / "server.key").chmod(0o600)


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """Start a server for the session; stop it and remove its folder at the end."""
    programs = server_programs()
    as_owner = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="cifer-bot-pg-"))
    data = root / "data"

    def run(*args: str) -> None:
        try:
            subprocess.run(args, check=True, capture_output=True, cwd=root, **as_owner)
        except subprocess.CalledProcessError as error:
            log = root / "log"
            said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {error.stderr}\n{said}") from None

    try:
        server = _start(root, data, programs, as_owner, run)
        try:
            yield server
        finally:
            run(str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(
    root: Path, data: Path, programs: Path, as_owner: dict[str, Any], run: Callable[..., None]
) -> Server:
    password = secrets.token_urlsafe(18)
    (root / "password").write_text(password, encoding="utf-8")
    if as_owner:
        os.chown(root, as_owner["user"], as_owner["group"])
        os.chown(root / "password", as_owner["user"], as_owner["group"])
    run(
        str(programs / "initdb"),
        "-D",
        str(data),
        "-U",
        USER,
        f"--pwfile={root / 'password'}",
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--no-locale",
    )
    _self_signed(data)
    if as_owner:
        for name in ("server.key", "server.crt"):
            os.chown(data / name, as_owner["user"], as_owner["group"])
    for _ in range(3):  # a port found free may be taken before the server binds it
        port = _free_port()
        settings = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c ssl=on -c fsync=off -c max_connections=200"
        )
        log = str(root / "log")
        try:
            run(str(programs / "pg_ctl"), "-D", str(data), "-l", log, "-o", settings, "-w", "start")
            return Server(port, password)
        except RuntimeError:
            continue
    raise RuntimeError(f"the test server did not start: {(root / 'log').read_text()[-2000:]}")
