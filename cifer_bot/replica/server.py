"""The replica's server: one portal version's pages and behaviour, on loopback only.

The HTTP plumbing is `handler`, the portal's pages `routes`, its checks of what is
posted `checks`, and the replica's own record and back channel `state` and
`back_channel`.
"""

from __future__ import annotations

import secrets
import socket
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

from cifer_bot.errors import InputError, ReplicaError
from cifer_bot.hosts import is_loopback_host
from cifer_bot.options import DEFAULT_MAP_VERSION
from cifer_bot.replica.faults import Fault
from cifer_bot.replica.generated import portal_of
from cifer_bot.replica.generated.write import write_page_set
from cifer_bot.replica.pages import PageSet
from cifer_bot.replica.routes import PortalHandler
from cifer_bot.replica.state import ReplicaState

DEFAULT_VERSION = DEFAULT_MAP_VERSION


@dataclass
class Session:
    token: str
    captcha: str | None = None
    captcha_shown: int = 0  # the number of the last captcha image served to the session
    user: str | None = None
    flash_error: str = ""
    flash_message: str = ""
    expire_on_next_request: bool = False
    # The application forms this session opened, by sub-item: the draft each was saved
    # as (None: opened new, not saved yet), so that a form saved again updates its own.
    open_forms: dict[str, str | None] = field(default_factory=dict)
    # An account signed in whose password must be changed before anything else.
    must_change: str | None = None


@dataclass
class _FaultBook:
    """Which faults are on, and how many times each has fired."""

    faults: tuple[Fault, ...]
    fired: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    def has(self, kind: str) -> Fault | None:
        return next((f for f in self.faults if f.kind == kind), None)

    def fire_once(self, kind: str) -> bool:
        """True the first time a one-shot fault of this kind is asked about."""
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.kind == kind and not self.fired.get(index):
                    self.fired[index] = 1
                    return True
        return False

    def hold(self, step: str) -> None:
        """The fault `hold:STEP`: keep the answer back until the test releases it."""
        if any(f.kind == "hold" and f.step == step for f in self.faults):
            self.released.wait()

    def slow(self, step: str | None) -> float:
        """The seconds a `slow` fault holds a page of `step` back (0: none)."""
        return max(
            (f.seconds for f in self.faults if f.kind == "slow" and f.step in {None, step}),
            default=0.0,
        )

    def http500(self, step: str | None) -> bool:
        if step is None:
            return False
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.kind == "http500" and fault.step == step:
                    count = self.fired.get(index, 0)
                    if fault.times is None or count < fault.times:
                        self.fired[index] = count + 1
                        return True
        return False


def check_loopback(host: str) -> None:
    """Refuse any bind address that is not this machine's loopback."""
    refusal = InputError(
        f"the replica serves on loopback only (127.0.0.1, ::1 or localhost), not {host!r}"
    )
    if not is_loopback_host(host):
        raise refusal
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as error:
        raise ReplicaError(f"cannot resolve the replica's host {host!r}: {error}") from None
    if not all(is_loopback_host(str(info[4][0])) for info in infos):
        raise refusal


class Replica:
    """The replica of one portal version, served in a background thread.

    Use as a context manager: `with Replica() as replica: ... replica.url`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Iterable[Fault] = (),
        version: str = DEFAULT_VERSION,
        captcha_length: int | None = None,
    ) -> None:
        check_loopback(host)
        self.faults = _FaultBook(tuple(faults))
        drift, generated = self.faults.has("drift"), self.faults.has("generated")
        self._generated: tempfile.TemporaryDirectory[str] | None = None
        folder = None
        if generated is not None and generated.variant is not None:
            self._generated = tempfile.TemporaryDirectory(prefix="cifer-bot-generated-")
            portal = portal_of(generated.variant)
            folder = write_page_set(portal, Path(self._generated.name), version)
        self.pages = PageSet(version, variant=drift.variant if drift else None, folder=folder)
        if captcha_length is not None:
            # Longer codes than the portal's: a test that finds one in a file cannot
            # have found it by chance.
            self.pages.rules["login"]["captcha"]["length"] = captcha_length
        self.state = ReplicaState()
        self.sessions: dict[str, Session] = {}
        self._sessions_lock = threading.Lock()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("_Server", (ThreadingHTTPServer,), {"address_family": family})
        try:
            self._server = server_class((host, port), PortalHandler)
        except OSError as error:
            raise ReplicaError(f"cannot serve the replica on {host}:{port}: {error}") from None
        self._server.daemon_threads = True
        self._server.replica = self
        self._thread: threading.Thread | None = None
        bound_host, bound_port = self._server.server_address[:2]
        shown = f"[{bound_host}]" if ":" in str(bound_host) else str(bound_host)
        self.url = f"http://{shown}:{bound_port}/"

    # -- life -------------------------------------------------------------------------
    def start(self) -> Self:
        self._thread = threading.Thread(
            # A short poll: `stop` waits out at most one interval.
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="cifer-bot-replica",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self.faults.released.set()  # a held answer must not keep the server from stopping
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._generated is not None:
            self._generated.cleanup()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- state ------------------------------------------------------------------------
    def add_account(
        self,
        username: str,
        password: str,
        *,
        kind: str = "self",
        must_change_password: bool = False,
        **details: str,
    ) -> None:
        """Seed an account, as if it had been created before the run (one issued by
        GACC must change its password at its first login)."""
        self.state.add_account(
            username, password, kind, details, must_change_password=must_change_password
        )

    def session(self, token: str | None) -> Session:
        with self._sessions_lock:
            if token and token in self.sessions:
                return self.sessions[token]
            created = Session(secrets.token_hex(16))
            self.sessions[created.token] = created
            return created
