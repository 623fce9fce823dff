"""The end of the route, for the person who watches: the filled form to check, the final
submission's button outlined (found by the guard's own reading, never pressed), and,
once the person has pressed it, the portal's application number and what it means."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator

from cifer_bot.selector_map import Caption
from cifer_bot.steps.flow import Flow

# The controls a final submission may be, on the form's page.
_CONTROLS = "button, input[type=submit], input[type=button], input[type=image], a"
# More than the form has: a page of hundreds of links is not searched to the end.
_MOST = 60
APPLICATION_NO = re.compile(r"(?<!\d)\d{18}(?!\d)")


def show_review(flow: Flow) -> None:
    """Say what to check, and that the final submission is the person's: its button
    outlined with its caption and English. Headed runs only; nothing is clicked."""
    if flow.narrator.overlay is None:
        return
    guide = flow.selectors.guide
    training = flow.narrator.training
    text = guide.review.text
    if training is not None and training.practice:
        text += " " + guide.practice
    caption = Caption(6, guide.review.english, guide.review.chinese, text)
    flow.narrator.finale(caption)
    frame = flow.where("form")
    found = final_submission(flow, frame) if frame is not None else None
    if found is not None:
        control, shown = found
        flow.narrator.point(control, shown, guide.submit, "wait", value=guide.submit)


def final_submission(flow: Flow, frame: Frame) -> tuple[Locator, str] | None:
    """The control of the form that a person reads as the final submission (the guard's
    never-click captions), and its caption; None when the form shows none."""
    with contextlib.suppress(PlaywrightError):
        controls = frame.locator(_CONTROLS)
        for index in range(min(controls.count(), _MOST)):
            control = controls.nth(index)
            if not control.is_visible():
                continue
            captions = flow.clicker.captions(control)
            if flow.clicker.is_forbidden(captions):
                return control, next((c.strip() for c in captions if c.strip()), "")
    return None


def application_number(flow: Flow) -> str | None:
    """The 18-digit number the portal shows after a person's 提交, if it shows one now;
    the overlay says what it means."""
    with contextlib.suppress(PlaywrightError):  # the window closed as it was read
        frame = flow.where("result")
        if frame is None:
            return None
        found = APPLICATION_NO.search(frame.locator("body").inner_text())
        if found is None:
            return None
        flow.narrator.finale(flow.selectors.caption("result"))
        return found.group(0)
    return None
