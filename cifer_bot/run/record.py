"""What `demo --record DIR` leaves in DIR: the video of each window (`demo.webm`, a
second window's beside it), and the handout (`handout.html`, and `handout.pdf` where
Chromium prints one)."""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path
from typing import TextIO

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from cifer_bot import browser as browsers
from cifer_bot.browser.video import check_encoder, webm_seconds
from cifer_bot.errors import CiferBotError, first_line
from cifer_bot.files import file_error, make_folder, make_private
from cifer_bot.plan import PlanItem
from cifer_bot.training.handout import About, print_pdf, write_handout
from cifer_bot.training.notebook import Notebook


def check_recording() -> None:
    """Before anything starts: Playwright can record a video on this machine."""
    check_encoder()


def finish_recording(
    folder: Path,
    notebook: Notebook,
    item: PlanItem,
    videos: list[Path],
    *,
    portal: str,
    browser: Browser | None,
    stream: TextIO,
) -> None:
    """Name the videos, write the handout and print it; say where each is."""
    make_folder(folder)
    named: list[tuple[str, float | None]] = []
    for number, video in enumerate((v for v in videos if v.is_file()), start=1):
        target = folder / ("demo.webm" if number == 1 else f"demo-window-{number}.webm")
        try:
            os.replace(video, target)
        except OSError as error:
            raise file_error(error, target) from None
        make_private(target)  # Playwright writes it readable by all
        named.append((target.name, webm_seconds(target)))
    for video in videos:
        with contextlib.suppress(OSError):
            video.parent.rmdir()  # the recording's own folder, once empty
    category = item.application.category
    about = About(
        portal=portal,
        enterprise=item.application.enterprise_name,
        category=f"{category.name_zh} ({category.name_en})",
        made=date.today().isoformat(),
        videos=tuple(named),
    )
    handout = folder / "handout.html"
    page = write_handout(handout, notebook, about)
    stream.write(f"\nRecorded in {folder}:\n")
    for name, seconds in named:
        length = f" ({seconds:.0f} s)" if seconds else ""
        stream.write(f"  video:   {folder / name}{length}\n")
    stream.write(f"  handout: {handout}\n")
    pdf = folder / "handout.pdf"
    try:
        with browsers.open_browser(given=browser, headless=True) as printer:
            context = browsers.new_context(printer)
            try:
                print_pdf(context.new_page(), page, pdf)
            finally:
                context.close()
        stream.write(f"  PDF:     {pdf}\n")
    except (PlaywrightError, CiferBotError) as error:
        stream.write(f"  PDF:     none: Chromium printed none here ({first_line(error)})\n")
