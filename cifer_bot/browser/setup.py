"""`cifer-bot browser [--install]`: say which browser the tool drives, and install one.

Playwright's own Chromium where it can be downloaded, else the system's package
manager (Debian's `chromium`); a CJK font, without which every screenshot shows boxes
for the portal's Chinese text; and the ffmpeg a training demo records its video with
(`cifer_bot.browser.video`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import typer
from playwright.sync_api import sync_playwright

from cifer_bot.browser import INSTALL_HINT, BrowserChoice, find_browser
from cifer_bot.browser.video import install_encoder
from cifer_bot.errors import BrowserNotFound, BrowserSettingInvalid

CJK_FONT_HINT = (
    "install a CJK font so that screenshots can show Chinese text: on Debian or Ubuntu "
    "`sudo apt-get install -y fonts-noto-cjk`"
)


def current_browser() -> BrowserChoice | None:
    with sync_playwright() as playwright:
        try:
            return find_browser(playwright.chromium.executable_path)
        except BrowserSettingInvalid:
            raise
        except BrowserNotFound:
            return None


def has_cjk_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (Linux); assumed elsewhere."""
    if not sys.platform.startswith("linux"):
        return True
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return bool(listed.stdout.strip())


def _run(command: list[str]) -> bool:
    typer.echo(f"$ {' '.join(command)}", err=True)
    return subprocess.run(command, check=False).returncode == 0


def _apt_install(packages: list[str]) -> bool:
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
    return _run([*env_prefix, "apt-get", "update", "-qq"]) and _run(
        [*env_prefix, "apt-get", "install", "-y", "-qq", *packages]
    )


def ensure_browser(*, install: bool) -> BrowserChoice:
    """Report (and with `install`, fix) the browser and the CJK font; raise if none."""
    choice = current_browser()
    if choice is None and install:
        if not _run([sys.executable, "-m", "playwright", "install", "chromium"]):
            typer.echo("Playwright's Chromium could not be downloaded; trying apt-get.", err=True)
            _apt_install(["chromium", "fonts-noto-cjk"])
        choice = current_browser()
    if choice is None:
        raise BrowserNotFound(f"No Chromium or Chrome was found: {INSTALL_HINT}.")
    if not has_cjk_font() and install:
        _apt_install(["fonts-noto-cjk"])
    typer.echo(f"Browser: {choice.describe()}")
    if has_cjk_font():
        typer.echo("CJK font: found")
    else:
        typer.echo(f"CJK font: missing; {CJK_FONT_HINT}", err=True)
    if install:
        typer.echo(install_encoder(_system_ffmpeg))
    return choice


def _system_ffmpeg() -> Path | None:
    """The system's ffmpeg, installed with the package manager where it is missing: for
    the video, where Playwright's own cannot be downloaded."""
    if shutil.which("ffmpeg") is None:
        _apt_install(["ffmpeg"])
    found = shutil.which("ffmpeg")
    return Path(found) if found else None
