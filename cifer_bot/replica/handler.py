"""The replica's HTTP plumbing: one request at a time, with its session and faults."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, quote, urlsplit

from cifer_bot.replica import back_channel
from cifer_bot.replica.checks import Part, multipart_parts
from cifer_bot.replica.faults import step_of

if TYPE_CHECKING:
    from cifer_bot.replica.server import Replica

COOKIE = "JSESSIONID"
HOME = "/cifer/"


class Handler(BaseHTTPRequestHandler):
    """HTTP plumbing: sessions by cookie, faults, pages, JSON, static files.

    A subclass gives the portal's pages (`ROUTES`: (method, path) -> method).
    """

    ROUTES: ClassVar[dict[tuple[str, str], Callable[[Any], None]]] = {}
    # Address prefixes a single-page application serves all of: (method, prefix) -> method.
    APPS: ClassVar[dict[tuple[str, str], Callable[[Any], None]]] = {}

    server_version = "Apache-Coyote/1.1"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, keep-alive clients wait
    # for a delayed ACK on every request.
    disable_nagle_algorithm = True

    @property
    def replica(self) -> Replica:
        replica: Replica = self.server.replica  # type: ignore[attr-defined]
        return replica

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet by default: a test run should not print every request.
        return

    # -- plumbing ---------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.body = self._read_body() if method == "POST" else b""
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        token = cookie[COOKIE].value if COOKIE in cookie else None
        self.sess = self.replica.session(token)
        self.new_cookie = self.sess.token != token
        path = parts.path
        if path.startswith("/__replica/"):
            back_channel.answer(self, method, path)
            return
        if path.startswith("/static/"):
            self._static(path.removeprefix("/static/"))
            return
        step = step_of(method, path)
        book = self.replica.faults
        if book.http500(step):
            self.error_page(HTTPStatus.INTERNAL_SERVER_ERROR, self.message("server", "busy"))
            return
        if self.sess.expire_on_next_request:
            # The fault `expire-session`: the portal forgot the login mid-way.
            self.sess.user = None
            self.sess.expire_on_next_request = False
        route = self.ROUTES.get((method, path)) or self._app_route(method, path)
        if route is None:
            self.error_page(HTTPStatus.NOT_FOUND, self.message("server", "not_found"))
            return
        slow = book.slow(step)
        if slow and path != "/cas/plat_cas_verifycode_gen":
            time.sleep(slow)
        try:
            route(self)
        except Exception as error:  # a bug or a missing page: answer, do not hang the client
            body = f"replica error: {type(error).__name__}: {error}".encode()
            self.send(
                body,
                status=HTTPStatus.INTERNAL_SERVER_ERROR,
                content_type="text/plain; charset=utf-8",
            )

    def _app_route(self, method: str, path: str) -> Callable[[Any], None] | None:
        """A single-page application's own routes (`/cifer/app/…`): every address under
        one of `APPS` is served the application's one document, which shows the view."""
        return next(
            (
                route
                for prefix, route in self.APPS.items()
                if (method, path[: len(prefix[1])]) == prefix
            ),
            None,
        )

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def form(self) -> dict[str, str]:
        """The posted fields: of a URL-encoded body, or the text parts of a multipart one
        (its files: `files`)."""
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            return multipart_parts(content_type, self.body)[0]
        return {
            k: v[0] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()
        }

    def files(self) -> list[Part]:
        """The files of a multipart body, as posted (none for another body)."""
        return multipart_parts(self.headers.get("Content-Type", ""), self.body)[1]

    def send(
        self,
        body: bytes,
        *,
        status: int = HTTPStatus.OK,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.new_cookie:
            self.send_header("Set-Cookie", f"{COOKIE}={self.sess.token}; Path=/; HttpOnly")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send(b"", status=HTTPStatus.FOUND, headers={"Location": location})

    def page(self, name: str, http_status: int = HTTPStatus.OK, **values: Any) -> None:
        values.setdefault("account", self.sess.user or "")
        values.setdefault("error", self.sess.flash_error)
        values.setdefault("message", self.sess.flash_message)
        values.setdefault("posted_json", {})
        self.sess.flash_error = self.sess.flash_message = ""
        self.send(self.replica.pages.render(name, values), status=http_status)

    def wants_json(self) -> bool:
        """Whether the page's script asked for the answer as JSON (a single-page app)."""
        return self.headers.get("Accept", "").startswith("application/json")

    def json(self, value: object, status: int = HTTPStatus.OK) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.send(body, status=status, content_type="application/json; charset=utf-8")

    def error_page(self, status: HTTPStatus, message: str) -> None:
        self.page(
            "error.html",
            http_status=status,
            status=f"{status.value} {status.phrase}",
            error=message,
        )

    def _static(self, relative: str) -> None:
        found = self.replica.pages.static(str(PurePosixPath(relative)))
        if found is None:
            self.error_page(HTTPStatus.NOT_FOUND, self.message("server", "not_found"))
            return
        body, kind = found
        self.send(body, content_type=kind)

    def message(self, section: str, key: str, **fields: object) -> str:
        return self.replica.pages.message(section, key, **fields)

    def require_login(self, *, api: bool = False) -> str | None:
        """The logged-in username, or None after answering with the way to the login."""
        if self.sess.user:
            return self.sess.user
        if api:
            self.json({"error": self.message("login", "session_expired")}, HTTPStatus.UNAUTHORIZED)
            return None
        if self.replica.state.logins:
            self.sess.flash_error = self.message("login", "session_expired")
        self.redirect(f"/cas/login?service={quote(HOME, safe='')}")
        return None
