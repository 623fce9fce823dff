"""The URL rules: what loopback is, and which hosts the tool may talk to."""

from __future__ import annotations

import pytest

from cifer_bot.hosts import host_allowed, is_loopback_host, is_loopback_url, on_hosts


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
