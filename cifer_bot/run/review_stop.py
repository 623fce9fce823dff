"""The review stop: where every application ends for a person.

A full-page screenshot and the bilingual review table are written beside each other;
in a headed run the window stays on the filled form until the person closes it, and an
application number the portal shows after a person's own 提交 is recorded.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TextIO

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from cifer_bot.files import make_folder, write_atomically, write_bytes_atomically
from cifer_bot.report import Outcome, Status, review_markdown
from cifer_bot.report.thumbnail import make_thumbnail
from cifer_bot.steps.ending import application_number, show_review
from cifer_bot.steps.flow import Flow


def stop_for_review(
    flow: Flow,
    outcome: Outcome,
    folder: Path,
    *,
    status: Status,
    stream: TextIO,
    wait_s: float | None = None,
) -> None:
    """Screenshot and review table of the filled form; with `wait_s`, a person's wait."""
    make_folder(folder)
    shot = folder / "review.png"
    with flow.narrator.hidden():
        whole_page_screenshot(flow.page, shot)
    outcome.status = status
    outcome.screenshot = str(shot)
    thumbnail = folder / "review-thumb.jpg"
    make_thumbnail(shot, thumbnail)
    outcome.thumbnail = str(thumbnail)
    table = folder / "review.md"
    write_atomically(table, review_markdown(outcome))
    outcome.review_table = str(table)
    outcome.message = (
        f"stopped for review; {len(outcome.review)} fields read back, "
        f"{len(outcome.mismatches)} differ"
    )
    if status == "mismatch":
        fields = ", ".join(f"{row.label_en} ({row.label_zh})" for row in outcome.mismatches)
        outcome.message = (
            f"the form holds something else than the facility file, or leaves a mandatory "
            f"field empty: {fields}. Nothing was saved on the portal; compare the page with "
            f"the selector map (`cifer-bot selectors check`)"
        )
        stream.write(f"      MISMATCH: {outcome.message}\n")
    stream.write(f"      review table: {table}\n      screenshot:   {shot}\n")
    if status == "account_form" and wait_s is None:
        stream.write(
            "      the account form is filled and not registered (立即注册, Register now): run "
            "again with --create-accounts, or register it on the portal yourself and set "
            "account_exists: yes in the facility file\n"
        )
    if status == "review":
        show_review(flow)
    if wait_s is not None:
        wait_for_person(flow, outcome, stream=stream, wait_s=wait_s)


def wait_for_person(flow: Flow, outcome: Outcome, *, stream: TextIO, wait_s: float) -> None:
    """Headed: leave the window on the form until the person closes it.

    If the person presses 提交 and the portal shows its 18-digit application number,
    the number is recorded in the report.
    """
    if outcome.status == "account_form":
        register = flow.spec("register").entry("register_now")
        what = f"press {register.label} ({register.english}) yourself to create the account"
    else:
        what = f"press {flow.selectors.guide.review.chinese} yourself if it is right"
    stream.write(
        f"      The browser shows the filled form. Check it against the review table; {what}."
        + ("\n" if flow.narrator.pace else " Close the browser window when done.\n")
    )
    if flow.narrator.pace is not None:
        # A demo: until the trainee ends it; each page of theirs is read first.
        def look() -> None:
            flow.settle(lambda: flow.here(settled=True))
            _note_application_no(flow, outcome, stream)

        flow.narrator.wait_at_end(look)
        return
    deadline = time.monotonic() + wait_s
    while not flow.page.is_closed():
        _note_application_no(flow, outcome, stream)
        left_ms = (deadline - time.monotonic()) * 1000
        if left_ms <= 0:
            break
        try:
            # Woken by the person's next page (a 提交 shows the portal's result), by the
            # window closing, or by the end of the wait.
            frame = flow.page.wait_for_event("framenavigated", timeout=left_ms)
            frame.wait_for_load_state("domcontentloaded")
        except PlaywrightError:  # the time is up, or the person closed the window
            break


def _note_application_no(flow: Flow, outcome: Outcome, stream: TextIO) -> None:
    if outcome.application_no is not None:
        return
    outcome.application_no = application_number(flow)
    if outcome.application_no is not None:
        stream.write(f"      submitted by hand: application number {outcome.application_no}\n")


def whole_page_screenshot(page: Page, path: Path) -> None:
    """One picture of the whole form, even where it scrolls inside the portal's iframe.

    The iframe is stretched to its document's height and the window to fit it; a plain
    full-page screenshot would cut the form at the iframe's bottom edge.
    """
    viewport = page.viewport_size
    tallest = 0.0
    for frame in page.frames[1:]:
        with contextlib.suppress(Exception):
            height = float(frame.evaluate("() => document.documentElement.scrollHeight"))
            element = frame.frame_element()
            element.evaluate("(el, h) => { el.style.height = h + 'px'; }", height)
            box = element.bounding_box()
            if box is not None:
                tallest = max(tallest, box["y"] + height + 40)
    if viewport is not None and tallest > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": int(tallest)})
    try:
        # Taken whole, then written whole: a full disk leaves no truncated picture.
        write_bytes_atomically(path, page.screenshot(full_page=True))
    finally:
        if viewport is not None:
            page.set_viewport_size(viewport)
