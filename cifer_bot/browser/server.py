"""One Chromium for many threads. Playwright's sync API belongs to the thread that
started it, so each thread of a `--parallel` run connects its own Playwright to one
browser served on loopback; the server's address holds a random path that only this
run knows. Each account then gets its own context in that one browser."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from playwright._impl._driver import compute_driver_executable
from playwright.sync_api import Browser, sync_playwright

from cifer_bot.browser.launch import find_browser, launch_args
from cifer_bot.errors import BrowserNotFound


@contextlib.contextmanager
def browser_server(*, headless: bool) -> Iterator[str]:
    """Serve one Chromium for the block; yields the address to connect to."""
    with sync_playwright() as playwright:
        choice = find_browser(playwright.chromium.executable_path)
    config: dict[str, object] = {
        "headless": headless,
        "host": "127.0.0.1",
        "port": 0,
        "args": launch_args(),
    }
    if choice.source != "playwright" and choice.executable is not None:
        config["executablePath"] = str(choice.executable)
    driver = compute_driver_executable()
    command = [*driver] if isinstance(driver, tuple) else [str(driver)]
    with tempfile.TemporaryDirectory(prefix="cifer-bot-browser-") as folder:
        settings = Path(folder) / "server.json"
        settings.write_text(json.dumps(config), encoding="utf-8")
        log = Path(folder) / "server.log"
        with log.open("wb") as errors:
            server = subprocess.Popen(
                [*command, "launch-server", "--browser", "chromium", "--config", str(settings)],
                stdout=subprocess.PIPE,
                stderr=errors,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        try:
            assert server.stdout is not None
            endpoint = server.stdout.readline().strip()
            if not endpoint.startswith("ws://127.0.0.1:"):
                said = log.read_text(encoding="utf-8", errors="replace").strip()
                display = "" if headless else " A visible window needs a display."
                raise BrowserNotFound(
                    f"could not start {choice.describe()} for the parallel run: "
                    f"{said.splitlines()[-1] if said else 'no answer'}.{display}"
                )
            yield endpoint
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if server.stdout is not None:
                server.stdout.close()


@contextlib.contextmanager
def connect(endpoint: str, *, slow_mo: float = 0) -> Iterator[Browser]:
    """This thread's own connection to the run's one browser."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect(endpoint, slow_mo=slow_mo)
        try:
            yield browser
        finally:
            with contextlib.suppress(Exception):
                browser.close()
