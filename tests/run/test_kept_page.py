"""Headless, an account's next application opens the portal in the page the last one
left (`AccountSession.page`): a form that asks "leave this page?" does not hold it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

# A page that asks "leave this page?" once a person has used it, as a form may.
_ASKS = (
    b'<title>form</title><button onclick="window.onbeforeunload = (e) => '
    b"{ e.preventDefault(); e.returnValue = ''; }\">type</button>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = _ASKS if self.path == "/form" else b"<title>landing</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def address() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_next_application_leaves_a_form_that_asks_to_stay(
    browser: Browser, address: str
) -> None:
    # The kept page replaces closing the page, which never asked: with no one listening
    # for dialogs, Playwright answers "leave" and the next application goes on.
    context = browser.new_context()
    page = context.new_page()
    page.goto(address + "form")
    page.click("button")  # used by a person: the page may ask now
    page.goto(address, timeout=5000)
    assert page.title() == "landing"
    context.close()
