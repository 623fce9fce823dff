"""Evidence of what the page showed: a full-page screenshot and the HTML of every frame.

Saved when a label names no control or several, and when a step fails, so that a
person can compare the page with the selector map.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from cifer_bot.errors import CiferBotError
from cifer_bot.files import make_folder, write_atomically, write_bytes_atomically

_saved = itertools.count(1)


def main_frame(scope: Page | Frame) -> Frame:
    """The top frame of a page, or the frame itself."""
    return scope.main_frame if isinstance(scope, Page) else scope


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:40] or "label"


# Evidence is saved when the portal is slow or stuck: its picture is not held to the
# run's --timeout (a loaded machine took more than a 1 s timeout for the picture).
_SHOT_MS = 15_000


def save_evidence(
    scope: Page | Frame, folder: Path, step: str, what: str = "page"
) -> tuple[Path, ...]:
    """Save a full-page screenshot and the HTML of every frame; the files written.

    The files go to `folder`, named after the step and `what`; a file that cannot be
    written (a closed page) is left out rather than raising.
    """
    page = main_frame(scope).page
    make_folder(folder)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    stem = f"{_slug(step)}-{_slug(what)}-{stamp}-{next(_saved)}"
    saved: list[Path] = []
    shot = folder / f"{stem}.png"
    try:
        # Written whole or not at all: a full disk leaves no truncated picture.
        picture = page.screenshot(full_page=True, timeout=_SHOT_MS)
        write_bytes_atomically(shot, picture)
        saved.append(shot)
    except (PlaywrightError, CiferBotError):
        pass
    for index, frame in enumerate(page.frames):
        suffix = "" if index == 0 else f".frame{index}"
        target = folder / f"{stem}{suffix}.html"
        try:
            content = frame.content()
        except PlaywrightError:
            continue
        header = f"<!-- cifer-bot: frame {index} name={frame.name!r} url={frame.url} -->\n"
        try:
            write_atomically(target, header + content)
        except CiferBotError:
            continue
        saved.append(target)
    return tuple(saved)


def saved_note(artifacts: tuple[Path, ...]) -> str:
    """How a message says where the evidence is."""
    if not artifacts:
        return "Could not save a screenshot or the page's HTML."
    return "Saved: " + ", ".join(str(path) for path in artifacts)
