"""Which hosts the tool may talk to: the URL rules, in plain Python (no browser).

The Single Window's own hosts are a constant of the code (`PORTAL_HOSTS`): a selector map
may add https hosts (a new portal version's address), never take one away. A URL is
read as a browser reads it (`parse_url`): a backslash ends the host as a slash does, and
user-info before the host (`http://example.com\\@127.0.0.1/`) is refused, so that
Python and Chromium never disagree on which host a URL names. The browser's host fence,
the `--portal-url` check, the replica captcha solver and the replica's own checks all
ask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# The China International Trade Single Window's hosts (found in public automation
# scripts of its login, 2018-2021): the old and new portal, the unified login (CAS), its
# desk server, and the import-food registration system.
PORTAL_HOSTS: frozenset[str] = frozenset(
    {
        "www.singlewindow.cn",
        "app.singlewindow.cn",
        "swapp.singlewindow.cn",
        "cifer.singlewindow.cn",
    }
)
_HOSTNAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_ALWAYS = {"data", "blob", "about"}


class UrlRefused(ValueError):
    """A URL the tool will not follow: its host could be read two ways."""


@dataclass(frozen=True)
class Address:
    scheme: str
    host: str
    port: int | None


def parse_url(url: str) -> Address:
    """The scheme, host and port of an http(s) URL, as a browser reads them.

    Raises UrlRefused for anything else, and for what browsers and Python read
    differently: a backslash or user-info before the host, spaces or control characters.
    """
    text = url.strip(" \t\n\r\f\v\x00")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise UrlRefused(f"{url!r} holds spaces or control characters")
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    if scheme not in {"http", "https"} or not rest.replace("\\", "/").startswith("//"):
        raise UrlRefused(f"{url!r} is not an http or https address")
    # For http and https a browser reads a backslash as a slash: the host ends there.
    authority = re.split(r"[/\\?#]", rest.replace("\\", "/")[2:], maxsplit=1)[0]
    if "@" in authority:
        raise UrlRefused(f"{url!r} names a user before its host: not followed")
    parts = urlsplit(f"{scheme}://{authority}/")
    host = (parts.hostname or "").lower()
    if not host:
        raise UrlRefused(f"{url!r} names no host")
    try:
        port = parts.port
    except ValueError:
        raise UrlRefused(f"{url!r} has no valid port") from None
    return Address(scheme, host, port)


def host_of(url: str) -> str | None:
    """The host a browser would send a request to, or None for a refused URL."""
    try:
        return parse_url(url).host
    except UrlRefused:
        return None


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
    """Whether a URL points at this machine (as a browser reads it)."""
    return is_loopback_host(host_of(url))


def check_added_host(host: str) -> str:
    """A host a selector map adds: a plain host name, no wildcard, no address."""
    name = host.strip().lower()
    if not _HOSTNAME.fullmatch(name) or is_loopback_host(name):
        raise ValueError(
            f"{host!r} is not a host name a map may add (a name such as "
            "cifer.example.gov.cn: no wildcard, no address, no scheme)"
        )
    return name


def fence(added: Iterable[str] = ()) -> frozenset[str]:
    """The hosts a run may talk to besides loopback: the portal's, and what a map adds."""
    return PORTAL_HOSTS | frozenset(added)


def on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """Whether a URL is on one of `hosts`, over https (the live portal's rule)."""
    try:
        address = parse_url(url)
    except UrlRefused:
        return False
    return address.scheme == "https" and address.host in set(hosts)


def host_allowed(url: str, allowed_hosts: frozenset[str]) -> bool:
    """Whether the tool may send a request to this URL (the browser's fence)."""
    if url.split(":", 1)[0].lower() in _ALWAYS:
        return True
    host = host_of(url)
    return host is not None and (is_loopback_host(host) or host in allowed_hosts)
