"""The trainee's pace: at each step the demo waits until the trainee presses Enter in
the terminal or Next on the page; with --autoplay it goes on at once. Nothing sleeps.

The wait must keep the browser's events flowing: the click on Next reaches Python
through a binding the page calls, every request of the page passes the host fence's
handler, and the overlay is drawn again after a navigation. So the wait is itself a
Playwright call: a request to a waker on loopback, which answers once something woke it.
Enter is read by a thread of its own, which wakes it; so do Next, the window closing
and, while the run waits at the end, the page's next document.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, TextIO

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

Woken = Literal["next", "closed", "navigated"]
# The name of the function the overlay's Next button calls (`overlay.js`).
BINDING = "ciferBotNext"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.waker.woken.wait()
        body = self.server.waker.reason.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is the trainee's."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    waker: _Waker


class _Waker:
    """A loopback address whose answer waits until something wakes it."""

    def __init__(self) -> None:
        self.woken = threading.Event()
        self.reason: Woken = "next"
        self.armed = False
        self.navigation = False
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.waker = self
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}/wait"
        threading.Thread(
            target=self._server.serve_forever, name="cifer-bot-pace", daemon=True
        ).start()

    def arm(self, *, navigation: bool) -> None:
        self.woken.clear()
        self.navigation = navigation
        self.armed = True

    def wake(self, reason: Woken) -> None:
        # Presses while nothing waits do not count: the next wait starts afresh.
        if self.armed and (reason != "navigated" or self.navigation):
            self.armed = False
            self.reason = reason
            self.woken.set()

    def stop(self) -> None:
        self.reason = "closed"
        self.woken.set()
        self._server.shutdown()
        self._server.server_close()


class Pace:
    """Waits for the trainee between the steps, unless `autoplay`."""

    def __init__(self, *, autoplay: bool, stdin: TextIO | None = None) -> None:
        self.autoplay = autoplay
        self._stdin = stdin
        self._waker: _Waker | None = None
        self._reader: threading.Thread | None = None
        self._contexts: set[int] = set()

    def attach(self, page: Page) -> None:
        """Let the page's Next button, its closing and its navigations wake a wait."""
        if self.autoplay:
            return
        waker = self._start()
        context: BrowserContext = page.context
        if id(context) not in self._contexts:
            self._contexts.add(id(context))
            context.expose_binding(BINDING, lambda source: waker.wake("next"))
        page.on("close", lambda _: waker.wake("closed"))
        page.on("framenavigated", lambda _frame: waker.wake("navigated"))

    def wait(
        self, page: Page, *, navigation: bool = False, told: Callable[[], object] = lambda: None
    ) -> Woken:
        """Until the trainee presses Enter or Next, or the window closes; with
        `navigation`, also until the page (or a frame of it) loads another document.
        `told` tells the trainee, once a press counts (a press before it does not)."""
        if self.autoplay:
            return "next"
        if page.is_closed():
            return "closed"
        waker = self._start()
        waker.arm(navigation=navigation)
        told()
        try:
            answer = page.request.get(waker.url, timeout=0)
        except PlaywrightError:  # the window or the browser closed meanwhile
            return "closed"
        reason = answer.text()
        return reason if reason in ("next", "navigated") else "closed"  # type: ignore[return-value]

    def close(self) -> None:
        if self._waker is not None:
            self._waker.stop()
            self._waker = None

    def _start(self) -> _Waker:
        if self._waker is None:
            self._waker = _Waker()
        if self._reader is None and self._stdin is not None:
            self._reader = threading.Thread(
                target=self._read_enter, name="cifer-bot-enter", daemon=True
            )
            self._reader.start()
        return self._waker

    def _read_enter(self) -> None:
        """Each Enter in the terminal wakes the wait (if one waits). The file descriptor
        is read directly, holding no lock of Python's: the thread may be left blocked
        in it when the demo ends."""
        stdin = self._stdin
        assert stdin is not None
        try:
            descriptor: int | None = stdin.fileno()
        except (OSError, ValueError, AttributeError):
            descriptor = None
        while True:
            if descriptor is not None:
                try:
                    chunk = os.read(descriptor, 1024).decode(errors="replace")
                except OSError:
                    return
            else:
                chunk = stdin.readline()
            if not chunk:
                return  # end of input: Next on the page still works
            waker = self._waker
            if waker is not None and "\n" in chunk:
                waker.wake("next")
