"""The URL rules: what loopback is, and which hosts the tool may talk to."""

from __future__ import annotations

import pytest

from cifer_bot.hosts import (
    PORTAL_HOSTS,
    UrlRefused,
    fence,
    host_allowed,
    is_loopback_host,
    is_loopback_url,
    on_hosts,
    parse_url,
)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.4.5", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("127.0.0.1.example.com", False),
        ("www.singlewindow.cn", False),
        (None, False),
    ],
)
def test_loopback_hosts(host: str | None, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_host_fence_allows_the_portal_and_loopback_only() -> None:
    portal = frozenset({"www.singlewindow.cn"})
    assert host_allowed("https://www.singlewindow.cn/", portal)
    assert host_allowed("http://127.0.0.1:8021/cas/login", portal)
    assert not host_allowed("https://translate.googleapis.com/x", portal)
    assert not host_allowed("https://www.singlewindow.cn.evil.example/", portal)


def test_the_live_portal_is_https_on_its_own_hosts_only() -> None:
    hosts = ("www.singlewindow.cn",)
    assert on_hosts("https://www.singlewindow.cn/", hosts)
    assert not on_hosts("http://www.singlewindow.cn/", hosts)
    assert not on_hosts("https://singlewindow.cn.example/", hosts)
    assert is_loopback_url("http://127.0.0.1:8021/")
    assert not is_loopback_url("https://www.singlewindow.cn/")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com\\@127.0.0.1:8021/",
        "http://example.com\\.127.0.0.1/",
        "http://user@127.0.0.1/",
        "http://127.0.0.1:8021@example.com/",
        "http://127.0.0.1 /",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ],
)
def test_a_url_a_browser_would_read_otherwise_is_never_loopback(url: str) -> None:
    # Broke: Python read `http://example.com\@127.0.0.1/` as loopback, Chromium as
    # example.com: the replica's captcha solver would have sent the code elsewhere.
    assert not is_loopback_url(url)
    assert not host_allowed(url, frozenset({"www.singlewindow.cn"}))


def test_a_backslash_ends_the_host_as_a_browser_reads_it() -> None:
    assert parse_url("https://www.singlewindow.cn\\evil.example/").host == "www.singlewindow.cn"
    assert parse_url("http://127.0.0.1:8021/cas/login").port == 8021
    # a browser reads this as example.com, with a path that begins with @
    assert parse_url("http://example.com\\@127.0.0.1/").host == "example.com"
    with pytest.raises(UrlRefused, match="names a user"):
        parse_url("http://user@127.0.0.1/")


def test_the_portal_s_own_hosts_are_a_constant_of_the_code() -> None:
    assert {"www.singlewindow.cn", "cifer.singlewindow.cn"} <= PORTAL_HOSTS
    assert fence({"cifer.example.gov.cn"}) >= PORTAL_HOSTS
