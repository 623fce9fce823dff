"""The video of a training demo: the encoder Playwright records with, and a video's length.

Playwright records a window through its own build of ffmpeg, which `playwright install
ffmpeg` downloads. Where it cannot be downloaded, a system ffmpeg (Debian's `ffmpeg`,
which encodes the same VP9 WebM) is linked where Playwright looks for its own.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from cifer_bot.errors import CiferBotError

ENCODER_HINT = (
    "the video needs Playwright's ffmpeg: run `cifer-bot browser --install` (it downloads "
    "it, or links the system's ffmpeg: on Debian or Ubuntu `sudo apt-get install -y ffmpeg`)"
)


def _playwright(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playwright", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def encoder_path() -> Path | None:
    """Where Playwright looks for its ffmpeg (None if it does not say)."""
    listed = _playwright("install", "--dry-run", "ffmpeg").stdout
    for line in listed.splitlines():
        name, _, value = line.strip().partition(":")
        if name == "Install location" and value.strip():
            folder = Path(value.strip())
            if sys.platform == "win32":
                return folder / "ffmpeg-win64.exe"
            return folder / ("ffmpeg-mac" if sys.platform == "darwin" else "ffmpeg-linux")
    return None


def check_encoder() -> None:
    """Raise, saying what to do, when Playwright has no ffmpeg to record with."""
    path = encoder_path()
    if path is None or not (path.is_file() and os.access(path, os.X_OK)):
        raise CiferBotError(ENCODER_HINT)


def install_encoder(system_ffmpeg: Callable[[], Path | None]) -> str:
    """Playwright's ffmpeg, downloaded; else the system's (`system_ffmpeg` finds or
    installs it) linked, or copied, where Playwright looks for its own. A sentence on
    what was done."""
    path = encoder_path()
    if path is not None and path.is_file():
        return f"video encoder: found at {path}"
    if _playwright("install", "ffmpeg").returncode == 0:
        return "video encoder: Playwright's ffmpeg installed"
    system = system_ffmpeg()
    if path is None or system is None:
        return f"video encoder: missing; {ENCODER_HINT}"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.symlink_to(system)
    except OSError:  # where links need a privilege (Windows): a copy does as well
        shutil.copy2(system, path)
    return f"video encoder: the system's {system}, linked at {path}"


# --- a WebM's length: its Segment's Info holds the timecode scale and the duration ------

_SEGMENT, _INFO, _SCALE, _DURATION = 0x18538067, 0x1549A966, 0x2AD7B1, 0x4489


def _number(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length number at `at`: its value and where it ends."""
    first = data[at]
    length = next((n for n in range(8) if first & (0x80 >> n)), 8) + 1
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    return value, at + length


def webm_seconds(path: Path) -> float | None:
    """The length of a WebM video in seconds, as its header says (None if it does not)."""
    data = path.read_bytes()
    at = 0
    scale, duration = 1_000_000, None
    try:
        while at < len(data):
            element, at = _number(data, at, keep_marker=True)
            size, at = _number(data, at, keep_marker=False)
            if element in (_SEGMENT, _INFO):
                continue  # look inside
            if element == _SCALE:
                scale = int.from_bytes(data[at : at + size], "big")
            elif element == _DURATION:
                duration = struct.unpack(">d" if size == 8 else ">f", data[at : at + size])[0]
                break
            at += size
    except (IndexError, struct.error):
        return None
    return None if duration is None else duration * scale / 1e9
