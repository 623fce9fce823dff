"""The replica's own routes, never on the live portal: its record, the captcha answer
for dry runs, seeding accounts, releasing a held answer, and waiting for an event.

Only for a client on loopback that names a loopback host (`Host`), and, when a browser
sends one, only from the replica's own pages (`Origin`): a page elsewhere cannot read
the captcha's answer or reset the record through a browser on this machine."""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from cifer_bot.hosts import is_loopback_host

if TYPE_CHECKING:
    from cifer_bot.replica.handler import Handler


EVENTS: dict[str, Callable[[dict[str, Any]], int]] = {
    "draft": lambda snapshot: len(snapshot["drafts"]),
    "register": lambda snapshot: len(snapshot["register_posts"]),
    "login": lambda snapshot: len(snapshot["logins"]) + len(snapshot["failed_logins"]),
    "captcha": lambda snapshot: int(snapshot["captchas_shown"]),
    "upload": lambda snapshot: len(snapshot["uploads"]),
    "query": lambda snapshot: len(snapshot["queries"]),
}
# The longest a test may wait for an event in one request.
_LONGEST_WAIT_S = 60.0


def _allowed(handler: Handler) -> bool:
    host = handler.headers.get("Host", "").rsplit(":", 1)[0]
    origin = handler.headers.get("Origin")
    own = handler.replica.url.rstrip("/")
    return (
        is_loopback_host(handler.client_address[0])
        and is_loopback_host(host)
        and (origin is None or origin.rstrip("/") == own)
    )


def _wait(handler: Handler) -> None:
    """Answer once the record holds `count` events of a kind (a draft saved, a
    registration posted, a login tried), or after `timeout` seconds."""
    event = handler.query.get("for", "")
    if event not in EVENTS:
        handler.json({"error": f"for= one of {', '.join(EVENTS)}"}, HTTPStatus.BAD_REQUEST)
        return
    try:
        count = int(handler.query.get("count", "1"))
        timeout = min(float(handler.query.get("timeout", "10")), _LONGEST_WAIT_S)
    except ValueError:
        handler.json({"error": "count and timeout are numbers"}, HTTPStatus.BAD_REQUEST)
        return
    state = handler.replica.state
    reached = state.wait_until(lambda snapshot: EVENTS[event](snapshot) >= count, timeout)
    handler.json({"reached": reached, "count": EVENTS[event](state.snapshot())})


def answer(handler: Handler, method: str, path: str) -> None:
    if not _allowed(handler):
        handler.json({"error": "loopback only, from the replica's own pages"}, 403)
        return
    state = handler.replica.state
    if (method, path) == ("GET", "/__replica/state"):
        handler.json(state.snapshot())
    elif (method, path) == ("GET", "/__replica/captcha"):
        # The back channel for dry runs: the answer for the caller's own session.
        if handler.sess.captcha is None:
            handler.json({"error": "no captcha shown to this session yet"}, HTTPStatus.NOT_FOUND)
        else:
            handler.json({"answer": handler.sess.captcha})
    elif (method, path) == ("POST", "/__replica/accounts"):
        try:
            data = json.loads(handler.body or b"{}")
            username, password = str(data["username"]), str(data["password"])
            details = {k: str(v) for k, v in dict(data.get("details", {})).items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            handler.json(
                {"error": 'send JSON {"username": ..., "password": ..., "kind": ...}'},
                HTTPStatus.BAD_REQUEST,
            )
            return
        handler.replica.add_account(
            username,
            password,
            kind=str(data.get("kind", "self")),
            must_change_password=bool(data.get("must_change_password", False)),
            **details,
        )
        handler.json({"ok": True})
    elif (method, path) == ("POST", "/__replica/release"):
        handler.replica.faults.released.set()
        handler.json({"ok": True})
    elif (method, path) == ("GET", "/__replica/wait"):
        _wait(handler)
    elif (method, path) == ("POST", "/__replica/reset"):
        state.reset()
        handler.json({"ok": True})
    else:
        handler.json({"error": "unknown replica route"}, HTTPStatus.NOT_FOUND)
