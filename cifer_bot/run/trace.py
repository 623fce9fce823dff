"""`--trace`: a Playwright trace per application (`trace.zip`, opened by `playwright
show-trace`), never holding a secret.

Tracing pauses while a password or a captcha answer is on the page (from the moment it
is typed until the page is gone), so neither the action's value nor a DOM snapshot nor
the login request holds it; each stretch between pauses is a chunk of its own, and the
chunks are joined in one file the viewer reads as one timeline per chunk. Cookies are
blanked from every request and response the trace recorded, and no request's body is
kept: the browser may finish recording a login's or a registration's POST (password,
its MD5, the captcha answer) after the pause has ended.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError

from cifer_bot.files import make_folder, write_bytes_atomically

REDACTED = "<redacted>"
_COOKIE_HEADERS = {"cookie", "set-cookie"}


def start_tracing(context: BrowserContext) -> None:
    """Get a context ready for traces; each application records chunks of it."""
    context.tracing.start(screenshots=True, snapshots=True, sources=False)


class Tracer:
    """The trace of one application: chunks between the pauses, joined at the end."""

    def __init__(
        self, context: BrowserContext, folder: Path, title: str, *, name: str = "trace.zip"
    ) -> None:
        self._context = context
        self._folder = folder
        self._name = name
        self._title = title
        self._parts: list[Path] = []
        self._recording = False
        self._done: str | None = None

    def resume(self) -> None:
        if not self._recording and self._done is None:
            self._context.tracing.start_chunk(title=self._title)
            self._recording = True

    def pause(self) -> None:
        if self._recording:
            make_folder(self._folder)
            part = self._folder / f".trace-part-{len(self._parts)}.zip"
            self._recording = False
            with contextlib.suppress(PlaywrightError):  # a closed context records no more
                self._context.tracing.stop_chunk(path=str(part))
                self._parts.append(part)

    def finish(self) -> str | None:
        """Stop and join the chunks into the trace (`trace.zip`); its path (None: nothing
        recorded)."""
        if self._done is not None:
            return self._done
        self.pause()
        if not self._parts:
            return None
        path = self._folder / self._name
        write_bytes_atomically(path, join(self._parts))
        for part in self._parts:
            part.unlink(missing_ok=True)
        self._done = str(path)
        return self._done


def join(parts: list[Path]) -> bytes:
    """One trace file of several chunks: each chunk an ordinal of its own (`0-trace`,
    `1-trace`...), every cookie and request body blanked, and only the files (resources,
    screencast frames) that something kept still refers to, once each."""
    events: dict[str, bytes] = {}
    resources: dict[str, bytes] = {}
    for number, part in enumerate(parts):
        with zipfile.ZipFile(part) as chunk:
            for name in chunk.namelist():
                data = chunk.read(name)
                if "/" in name:  # resources/, screencast/: named by their content
                    resources.setdefault(name, data)
                else:
                    events[f"{number}-{name}"] = (
                        _redacted(data) if name.endswith(".network") else data
                    )
    referred = b"\n".join(events.values())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as joined:
        for name, data in events.items():
            joined.writestr(name, data)
        for name, data in resources.items():
            if name.rpartition("/")[2].encode() in referred:
                joined.writestr(name, data)
    return out.getvalue()


def _redacted(data: bytes) -> bytes:
    """The network log without cookies or request bodies."""
    lines = []
    for line in data.decode("utf-8").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        snapshot = event.get("snapshot") if isinstance(event, dict) else None
        if isinstance(snapshot, dict):
            for side in ("request", "response"):
                message = snapshot.get(side)
                if isinstance(message, dict):
                    for header in message.get("headers") or []:
                        if str(header.get("name", "")).lower() in _COOKIE_HEADERS:
                            header["value"] = REDACTED
                    if message.get("cookies"):
                        message["cookies"] = []
            request = snapshot.get("request")
            body = request.get("postData") if isinstance(request, dict) else None
            if isinstance(request, dict) and isinstance(body, dict):
                request["postData"] = {"mimeType": body.get("mimeType", ""), "text": REDACTED}
        lines.append(json.dumps(event, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")
