"""Which hosts the tool may talk to: the URL rules, in plain Python (no browser).

The browser's host fence, the `--portal-url` check, the replica captcha solver and the
replica's own bind check all ask here, so that one rule decides what "loopback" and
"one of the portal's hosts" mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def is_loopback_host(host: str | None) -> bool:
    """True for names and addresses that can only mean this machine."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host in {"localhost", "::1"} or host.endswith(".localhost"):
        return True
    parts = host.split(".")
    return len(parts) == 4 and parts[0] == "127" and all(p.isdigit() for p in parts)


def is_loopback_url(url: str) -> bool:
    """Whether a URL points at this machine."""
    return is_loopback_host(urlsplit(url).hostname)


def on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """Whether a URL is on one of `hosts`, over https (the live portal's rule)."""
    parts = urlsplit(url)
    return parts.scheme == "https" and (parts.hostname or "").lower() in set(hosts)


def host_allowed(url: str, allowed_hosts: frozenset[str]) -> bool:
    """Whether the tool may send a request to this URL (the browser's fence)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    host = (parts.hostname or "").lower()
    return is_loopback_host(host) or host in allowed_hosts
