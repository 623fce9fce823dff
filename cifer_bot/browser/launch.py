"""The one place that finds, launches and configures the browser, and opens contexts.

Order of choice: the `CIFER_BOT_BROWSER` setting, else Playwright's own Chromium if it
is installed, else a Chromium or Chrome of the system. Every browser the tool starts
goes through `launch_options`, so the flags (no background traffic, no translation
prompt) are set once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Playwright,
    StorageState,
    ViewportSize,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from cifer_bot.browser import fence
from cifer_bot.errors import BrowserNotFound, BrowserSettingInvalid, first_line

ENV_VAR = "CIFER_BOT_BROWSER"

INSTALL_HINT = (
    "install one with `playwright install chromium`, or on Debian or Ubuntu "
    "`sudo apt-get install -y chromium fonts-noto-cjk`, or set CIFER_BOT_BROWSER to the "
    "path of a Chromium or Chrome executable"
)

# Names on PATH, then the usual install locations on macOS and Windows.
_SYSTEM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
_SYSTEM_PATHS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)

# Flags for a browser that talks only to the portal: no background requests, no
# component or sync traffic, no first-run pages, and no translation prompt (the
# guide warns that automatic translation breaks the portal's layout).
BASE_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-translate",
    "--disable-features=Translate,TranslateUI",
    "--lang=zh-CN",
)

Source = Literal["setting", "playwright", "system"]

# The window of every context: room for the portal's two-column forms and the overlay.
VIEWPORT: ViewportSize = {"width": 1366, "height": 900}


@dataclass(frozen=True)
class BrowserChoice:
    """The browser the tool will drive; `executable` None means Playwright's default."""

    source: Source
    executable: Path | None

    def describe(self) -> str:
        where = str(self.executable) if self.executable else "Playwright's default"
        return {
            "setting": f"{where} (from {ENV_VAR})",
            "playwright": f"Playwright's own Chromium at {where}",
            "system": f"the system browser at {where}",
        }[self.source]


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _system_browser() -> Path | None:
    for name in _SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _SYSTEM_PATHS:
        if _is_executable(Path(candidate)):
            return Path(candidate)
    return None


def find_browser(
    playwright_executable: str | None,
    environ: Mapping[str, str] | None = None,
) -> BrowserChoice:
    """Choose the browser to drive.

    `playwright_executable` is where Playwright would look for its own Chromium
    (`playwright.chromium.executable_path`); it counts only if the file exists.
    """
    env = os.environ if environ is None else environ
    setting = env.get(ENV_VAR, "").strip()
    if setting:
        path = Path(setting).expanduser()
        if not _is_executable(path):
            resolved = shutil.which(setting)
            if resolved is None:
                raise BrowserSettingInvalid(
                    f"{ENV_VAR} is set to {setting!r}, which is not an executable file; "
                    "point it at a Chromium or Chrome executable, or unset it"
                )
            path = Path(resolved)
        return BrowserChoice("setting", path)
    if playwright_executable and _is_executable(Path(playwright_executable)):
        return BrowserChoice("playwright", Path(playwright_executable))
    system = _system_browser()
    if system is not None:
        return BrowserChoice("system", system)
    raise BrowserNotFound(f"No Chromium or Chrome was found: {INSTALL_HINT}.")


def launch_args(*, running_as_root: bool | None = None) -> list[str]:
    """Command-line flags for every Chromium the tool starts."""
    if running_as_root is None:
        running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    args = list(BASE_ARGS)
    if running_as_root:
        # Chromium's sandbox refuses to start as root; only then is it turned off.
        args.append("--no-sandbox")
    return args


def launch_options(choice: BrowserChoice) -> dict[str, Any]:
    """Keyword arguments for `BrowserType.launch`, for a chosen browser."""
    options: dict[str, Any] = {"args": launch_args()}
    if choice.source != "playwright" and choice.executable is not None:
        options["executable_path"] = str(choice.executable)
    return options


@contextmanager
def open_browser(
    *, headless: bool = True, slow_mo: float = 0, given: Browser | None = None
) -> Iterator[Browser]:
    """Start Playwright and the chosen Chromium; close both on the way out.

    With `given` (a browser the caller already runs, as a test does), use that one.
    """
    if given is not None:
        yield given
        return
    with sync_playwright() as playwright:
        yield launch(playwright, headless=headless, slow_mo=slow_mo)


def launch(playwright: Playwright, *, headless: bool = True, slow_mo: float = 0) -> Browser:
    """Launch the chosen Chromium from a running Playwright."""
    choice = find_browser(playwright.chromium.executable_path)
    try:
        return playwright.chromium.launch(
            headless=headless, slow_mo=slow_mo, **launch_options(choice)
        )
    except PlaywrightError as error:
        display = "" if headless else " A visible window needs a display (an X or Wayland session)."
        raise BrowserNotFound(
            f"could not start {choice.describe()}: {first_line(error)}.{display}"
        ) from None


def new_context(
    browser: Browser,
    *,
    allowed_hosts: frozenset[str] = frozenset(),
    timeout_ms: float = 30_000,
    storage_state: StorageState | None = None,
    record_video_dir: Path | None = None,
) -> BrowserContext:
    """The one factory for browser contexts: locale, viewport, timeouts, and the host fence.

    Requests to any host that is neither loopback nor in `allowed_hosts` are refused by
    the browser (`cifer_bot.browser.fence`), so the tool talks only to the portal and to
    the local replica. `storage_state` (cookies of an earlier context, kept in memory)
    carries a login over. `record_video_dir`: Playwright records each window into it (a
    training demo).
    """
    context = browser.new_context(
        locale="zh-CN",
        viewport=VIEWPORT,
        accept_downloads=False,
        storage_state=storage_state,
        record_video_dir=record_video_dir,
        record_video_size=VIEWPORT if record_video_dir is not None else None,
        proxy=fence.proxy(allowed_hosts),
    )
    context.set_default_timeout(timeout_ms)
    context.set_default_navigation_timeout(timeout_ms)
    fence.route_refused(context, allowed_hosts)
    return context
