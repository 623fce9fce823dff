"""The replica's own routes, never on the live portal: its record, the captcha answer
for dry runs, and seeding accounts. Loopback clients only."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING

from cifer_bot.hosts import is_loopback_host

if TYPE_CHECKING:
    from cifer_bot.replica.handler import Handler


def answer(handler: Handler, method: str, path: str) -> None:
    if not is_loopback_host(handler.client_address[0]):
        handler.json({"error": "loopback only"}, HTTPStatus.FORBIDDEN)
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
            username, password, kind=str(data.get("kind", "self")), **details
        )
        handler.json({"ok": True})
    elif (method, path) == ("POST", "/__replica/reset"):
        state.reset()
        handler.json({"ok": True})
    else:
        handler.json({"error": "unknown replica route"}, HTTPStatus.NOT_FOUND)
