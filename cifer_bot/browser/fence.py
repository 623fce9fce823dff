"""The host fence of a browser context: the portal's hosts and loopback, nothing else.

Two layers, both applied by the browser itself, so that a request the fence lets pass
never waits for Python:

- **A proxy that goes nowhere.** The context sends every request to a proxy at a
  loopback port this process holds bound and never listens on (so a connection there
  is refused at once, and no other program can take the port), except for loopback and
  the allowed hosts, which it reaches directly. Chromium applies this to whatever its
  network stack sends for the context: documents, subresources, each request of a
  redirect chain, WebSockets, the requests of workers and service workers.
- **A route for the other hosts.** `context.route` with a pattern that matches only
  the URLs the fence refuses: Playwright's driver matches it, lets every other request
  through, and hands Python the refused ones, which it aborts as `blockedbyclient`: a
  page that links elsewhere fails with a clear `ERR_BLOCKED_BY_CLIENT`.

Both read a URL as `cifer_bot.hosts.host_allowed` does (`refused_pattern` is tested
against it): http and https to loopback or an allowed host pass; `data:`, `blob:` and
`about:` pass; anything else is refused, a URL with user-info before its host included.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable

from playwright.sync_api import BrowserContext, ProxySettings, Route

# Loopback as `cifer_bot.hosts.is_loopback_host` reads it, in the canonical form the
# browser gives a URL's host (lower case, IPv6 in brackets).
_LOOPBACK = (r"localhost", r"[^/?#@:\[\]]+\.localhost", r"127(?:\.\d{1,3}){3}", r"\[::1\]")
# Loopback as Chromium's proxy bypass rules name it; 127.0.0.0/8 and *.localhost are
# bypassed by Chromium's own implicit rules as long as the list names loopback.
_LOOPBACK_BYPASS = ("localhost", "*.localhost", "127.0.0.1", "[::1]")
_ALWAYS = ("data", "blob", "about")

_dead_end: socket.socket | None = None


def refused_pattern(allowed_hosts: Iterable[str]) -> re.Pattern[str]:
    """A pattern that matches exactly the URLs the fence refuses (for the browser's
    canonical URLs; Playwright's driver matches it as a JavaScript RegExp)."""
    hosts = "|".join([*_LOOPBACK, *(re.escape(host) for host in sorted(allowed_hosts))])
    allowed = rf"https?://(?:{hosts})(?::\d+)?(?:[/?#]|$)"
    always = "|".join(_ALWAYS)
    return re.compile(rf"^(?!(?:{always}):)(?!{allowed})", re.IGNORECASE)


def dead_end() -> str:
    """The proxy address of the fence: a loopback port bound by this process, never
    listened on, held until the process ends."""
    global _dead_end
    if _dead_end is None:
        held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        held.bind(("127.0.0.1", 0))
        _dead_end = held
    host, port = _dead_end.getsockname()
    return f"http://{host}:{port}"


def proxy(allowed_hosts: Iterable[str]) -> ProxySettings:
    """The context's proxy settings: loopback and the allowed hosts directly, every
    other host to the dead end."""
    bypass = ",".join([*_LOOPBACK_BYPASS, *sorted(allowed_hosts)])
    return {"server": dead_end(), "bypass": bypass}


def _refuse(route: Route) -> None:
    route.abort("blockedbyclient")


def route_refused(context: BrowserContext, allowed_hosts: Iterable[str]) -> None:
    """Abort, as blocked by the client, every request the fence refuses."""
    context.route(refused_pattern(allowed_hosts), _refuse)
