"""`--console`: a page served on loopback for the person at the run, in any browser:
the captchas waiting (each image with a box for its answer), each account's application
and step, and links to each review screenshot and table.

Its address holds a random token, printed once; a request without it, or naming any
other host than loopback (a page of another site that points a name at 127.0.0.1), or
posting from another origin, is refused. Answers typed there go to the run's one
captcha desk, as answers typed on the terminal do. The page is told of each change
(server-sent events): it never polls.
"""

from __future__ import annotations

import json
import mimetypes
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from cifer_bot.run.progress import Progress
from cifer_bot.steps.captcha_desk import CaptchaDesk

PAGES = Path(__file__).resolve().parent / "console_page"
_KEEPALIVE_S = 15.0  # a comment on an idle stream, so that a dead browser is noticed


class Console:
    """The console of one run, served while the block runs (`with Console(...) as url`)."""

    def __init__(self, progress: Progress, desk: CaptchaDesk | None) -> None:
        self.progress = progress
        self.desk = desk
        self.token = secrets.token_urlsafe(18)
        self._changed = threading.Condition()
        self._version = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.console = self  # type: ignore[attr-defined]
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/{self.token}/"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="cifer-bot-console", daemon=True
        )
        progress.listeners.append(self.changed)
        if desk is not None:
            desk.listeners.append(self.changed)
            desk.open_console()

    def __enter__(self) -> str:
        self._thread.start()
        return self.url

    def __exit__(self, *_: object) -> None:
        with self._changed:
            self._version = -1  # every open stream ends
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def changed(self) -> None:
        with self._changed:
            if self._version >= 0:
                self._version += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: int) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self._version != seen, timeout=_KEEPALIVE_S)
            return self._version

    def state(self) -> dict[str, Any]:
        """What the page shows: never an answer, never a password."""
        data = self.progress.snapshot()
        waiting = self.desk.waiting() if self.desk is not None else []
        data["captchas"] = [
            {"id": e.id, "label": e.label, "attempt": e.attempt, "fetched": e.fetched}
            for e in waiting
        ]
        for finished in data["finished"]:
            finished["files"] = {
                kind: f"file?path={quote(path)}" for kind, path in finished["files"].items() if path
            }
        return data

    def files(self) -> set[str]:
        """The only files the page may open: the review screenshots and tables."""
        return {
            str(path)
            for finished in self.progress.snapshot()["finished"]
            for path in finished["files"].values()
            if path
        }


def _loopback(host: str | None) -> bool:
    """Whether a Host header (or an origin's host) names this machine's loopback."""
    if not host:
        return False
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    return name in {"127.0.0.1", "localhost", "[::1]"} and port.isdigit()


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    @property
    def console(self) -> Console:
        console: Console = self.server.console  # type: ignore[attr-defined]
        return console

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the run's own output is the terminal's."""

    def _route(self) -> str | None:
        """The path after the token, or None (answered already) when refused."""
        console = self.console
        # A loopback name, on any port (an SSH tunnel may forward another one): a page
        # of another site that points its own name at 127.0.0.1 is refused.
        if not _loopback(self.headers.get("Host")):
            self._send(HTTPStatus.FORBIDDEN, b"loopback only", "text/plain")
            return None
        path = urlsplit(self.path).path
        prefix = f"/{console.token}/"
        if not path.startswith(prefix):
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            return None
        return path[len(prefix) :]

    def do_GET(self) -> None:
        route = self._route()
        if route is None:
            return
        if route in {"", "console.js", "console.css"}:
            name = route or "console.html"
            kind = mimetypes.guess_type(name)[0] or "text/plain"
            self._send(HTTPStatus.OK, (PAGES / name).read_bytes(), f"{kind}; charset=utf-8")
        elif route == "state":
            self._send_json(self.console.state())
        elif route == "events":
            self._events()
        elif route.startswith("captcha/"):
            image = self.console.desk.image(route[8:]) if self.console.desk else None
            if image is None:
                self._send(HTTPStatus.NOT_FOUND, b"answered, or gone", "text/plain")
            else:
                self._send(HTTPStatus.OK, image, "image/png")
        elif route == "file":
            self._file()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    def do_POST(self) -> None:
        route = self._route()
        if route is None:
            return
        origin = self.headers.get("Origin")
        if origin is not None and not (
            origin.startswith("http://") and _loopback(origin.removeprefix("http://"))
        ):
            self._send(HTTPStatus.FORBIDDEN, b"not from the console", "text/plain")
            return
        if route != "answer" or self.console.desk is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            return
        length = min(int(self.headers.get("Content-Length") or 0), 4096)
        try:
            sent = json.loads(self.rfile.read(length) or b"{}")
            entry, answer = str(sent["id"]), str(sent["answer"])
        except (ValueError, KeyError, TypeError):
            self._send(HTTPStatus.BAD_REQUEST, b"id and answer, as JSON", "text/plain")
            return
        taken = self.console.desk.answer(entry, answer)
        self._send_json({"ok": taken}, HTTPStatus.OK if taken else HTTPStatus.CONFLICT)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -2
        try:
            while True:
                version = self.console.wait_for_change(seen)
                if version == -1:
                    return
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    payload = json.dumps(self.console.state(), ensure_ascii=False)
                    self.wfile.write(f"data: {payload}\n\n".encode())
                    seen = version
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _file(self) -> None:
        wanted = parse_qs(urlsplit(self.path).query).get("path", [""])[0]
        if wanted not in self.console.files() or not Path(wanted).is_file():
            self._send(HTTPStatus.NOT_FOUND, b"not a review file of this run", "text/plain")
            return
        kind = "text/plain; charset=utf-8" if wanted.endswith(".md") else "image/png"
        self._send(HTTPStatus.OK, Path(wanted).read_bytes(), kind)

    def _send_json(self, value: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = json.dumps(value, ensure_ascii=False).encode()
        self._send(status, body, "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)
