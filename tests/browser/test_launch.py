"""Browser discovery, launch flags, and the host fence in a real context."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error

from cifer_bot.browser import (
    ENV_VAR,
    find_browser,
    launch_args,
    launch_options,
    new_context,
)
from cifer_bot.browser import launch as launch_module
from cifer_bot.errors import BrowserNotFound, BrowserSettingInvalid
from cifer_bot.replica import Replica


def executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def no_system_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.setattr(launch_module, "_SYSTEM_PATHS", ())


def test_the_setting_wins_over_everything(tmp_path: Path) -> None:
    chosen = executable(tmp_path / "my-chrome")
    playwright_build = executable(tmp_path / "pw-chrome")
    choice = find_browser(str(playwright_build), {ENV_VAR: str(chosen)})
    assert (choice.source, choice.executable) == ("setting", chosen)
    assert launch_options(choice)["executable_path"] == str(chosen)


def test_a_setting_that_is_not_an_executable_is_an_error(tmp_path: Path) -> None:
    not_executable = tmp_path / "chrome.txt"
    not_executable.write_text("")
    with pytest.raises(BrowserSettingInvalid, match=ENV_VAR):
        find_browser(None, {ENV_VAR: str(not_executable)})


def test_playwrights_own_build_comes_before_the_system(tmp_path: Path) -> None:
    playwright_build = executable(tmp_path / "chrome")
    choice = find_browser(str(playwright_build), {})
    assert choice.source == "playwright"
    assert "executable_path" not in launch_options(choice)


def test_a_missing_playwright_build_falls_back_to_the_system(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    system = executable(bin_dir / "chromium")
    monkeypatch.setenv("PATH", str(bin_dir))
    choice = find_browser(str(tmp_path / "not-downloaded" / "chrome"), {})
    assert (choice.source, choice.executable) == ("system", system)


@pytest.mark.usefixtures("no_system_browser")
def test_no_browser_at_all_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(BrowserNotFound) as caught:
        find_browser(str(tmp_path / "nothing"), {})
    message = str(caught.value)
    assert "playwright install chromium" in message
    assert "apt-get install -y chromium" in message
    assert ENV_VAR in message


def test_launch_flags_keep_the_browser_quiet_and_untranslated() -> None:
    args = launch_args(running_as_root=False)
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        assert flag in args
    assert any("Translate" in arg for arg in args)
    assert "--no-sandbox" not in args
    assert "--no-sandbox" in launch_args(running_as_root=True)


def test_context_aborts_requests_to_other_hosts(browser: Browser, replica: Replica) -> None:
    context = new_context(browser, allowed_hosts=frozenset({"www.singlewindow.cn"}))
    page = context.new_page()
    assert page.goto(replica.url) is not None
    with pytest.raises(Error, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://example.com/")
    context.close()
