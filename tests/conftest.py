"""Shared fixtures: the browser the tool would drive, a fresh replica per test, and a
PostgreSQL server of the session's own with a new database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright

from cifer_bot.browser import find_browser, launch_options
from cifer_bot.replica import Replica
from tests.support.postgres import Database, Server, running_server
from tests.support.runs import Watched, watch_replicas


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright
) -> dict[str, Any]:
    """pytest-playwright has no flag for a browser path: use the tool's own choice.

    The upstream fixture is spread first, so `--headed` and `--slowmo` keep working.
    """
    ours = launch_options(find_browser(playwright.chromium.executable_path))
    return {
        **browser_type_launch_args,
        **ours,
        "args": [*browser_type_launch_args.get("args", []), *ours["args"]],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture(autouse=True)
def user_state_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test's own user state folder (refused passwords are kept there across runs):
    a test never sees another's, nor the machine's. XDG_STATE_HOME, which the tool reads
    on every platform and which the tests' own environments keep."""
    home = tmp_path_factory.mktemp("state-home")
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    monkeypatch.delenv("CIFER_BOT_STATE_HOME", raising=False)
    return home / "cifer-bot"


@pytest.fixture
def replica() -> Iterator[Replica]:
    """A replica of the 2021-11-26 portal with no faults, on a free loopback port."""
    with Replica() as running:
        yield running


@pytest.fixture
def nothing_submitted() -> Iterator[list[Watched]]:
    """Fails the test if any replica it started recorded a submission."""
    with watch_replicas() as watched:
        yield watched


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server for the session (per test process), started at first use."""
    try:
        with running_server() as server:
            yield server
    except FileNotFoundError as missing:
        pytest.fail(str(missing))  # a failure, never a skip counted as a pass


@pytest.fixture
def postgres(postgres_server: Server) -> Database:
    """A new empty database of the session's server."""
    return postgres_server.new_database()
