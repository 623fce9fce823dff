"""The identity document: through the upload button's file chooser, as a person does;
else into the `<input type=file>` of the field (shown, hidden, or one the button
reveals). Most portals post the file as soon as it is chosen: the answer to that request
tells an accepted file (2xx) from an expired session (401), a busy portal (5xx) or a
refused file. A classic form sends nothing then: the file rides with 暂存."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Request

from cifer_bot.errors import CiferBotError, PortalError
from cifer_bot.portal.marked import Marked
from cifer_bot.selector_map import Entry
from cifer_bot.steps.faults import PortalUnavailable, SessionExpired
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.widgets.page import file_input

# How long a click on the upload button may take to open the file chooser, and a page
# to send the file it was given (a page that sends nothing keeps it for the form's post).
_CHOOSER_S = 3.0
_SENT_S = 2.0
# The requests that carry a file a page sends: its script's, or a form posted into a frame.
_SENDERS = ("xhr", "fetch", "document")
_HOLDS = """(name) => Array.from(document.querySelectorAll("input[type=file]")).some(
  (input) => Array.from(input.files || []).some((file) => file.name === name))"""


def attach(
    flow: Flow, page_name: str, entry: Entry, frame: Frame, document: Path, step: str
) -> None:
    """Upload `document` for the form's file field, judged by the portal: accepted when
    it answered the file's own request with 2xx, or shows the file's name; where the page
    sends no request at all (a classic form), the file input holds the file, which rides
    with 暂存, whose answer judges it."""
    button = flow.find_now(page_name, "upload", scope=frame) if _has(flow, page_name) else None
    if flow.narrator.overlay is not None:  # a person watches: show what is uploaded
        labelled = None if button else _labelled(flow, page_name, entry, frame)
        shown = button.locator if button else labelled.locator if labelled else None
        if shown is not None:
            flow.narrator.act(shown, entry, "upload", value=document.name)
    sends = flow.spec(page_name).entry("upload") if button else None
    what = f"{sends.english} ({sends.label})" if sends else ""
    answer = _through_chooser(flow, button.control, what, document, step) if button else None
    if answer is None:
        field = _file_field(flow, page_name, entry, frame, button.control if button else None, step)
        answer = _answered(flow, lambda: field.locator.set_input_files(document), document, step)
        if button is not None and not answer.requested:
            # Choose, then send: the button beside a file field that opened no chooser
            # sends the file chosen (a page that sends nothing then keeps it for 暂存).
            control, sending = button.control, f"{what}, to send the file chosen"
            answer = _answered(
                flow, lambda: flow.clicker.click(control, what=sending), document, step
            )
    if answer.status is not None and 200 <= answer.status < 300:
        return
    if not answer.requested and holds(frame, document.name):
        return  # no request: the file rides with the form
    # A refusal the portal answered is not waited on; a request with no answer may still
    # end with the file's name shown.
    waiting = None if answer.status is None else 0.0
    if flow.settle(lambda: flow.says(frame, document.name) or None, seconds=waiting) is None:
        if flow.where("login") is not None or flow.page.is_closed():
            flow.fault(step, expected=(page_name,))
        raise PortalError(
            f"{step}: the portal did not accept the upload of {document.name}"
            + (f" (HTTP {answer.status})" if answer.status is not None else "")
            + f". {flow.save_evidence(step)}"
        )


def uploaded_name(flow: Flow, frame: Frame, expected: str) -> str:
    """The uploaded file's name, where the form shows it, or where its file input holds
    the file that rides with the form."""
    if not expected:
        return ""
    return expected if flow.says(frame, expected) or holds(frame, expected) else ""


def holds(frame: Frame, name: str) -> bool:
    """Whether a file input of the frame holds a file of this name."""
    try:
        return bool(frame.evaluate(_HOLDS, name))
    except PlaywrightError:
        return False


def _has(flow: Flow, page_name: str) -> bool:
    return any(entry.name == "upload" for entry in flow.spec(page_name).entries)


def _through_chooser(
    flow: Flow, button: Marked, what: str, document: Path, step: str
) -> Answer | None:
    """Click the upload button and choose the file; None when no file chooser opened (the
    click may have revealed a file field instead)."""
    try:
        with flow.page.expect_file_chooser(timeout=_CHOOSER_S * 1000) as chooser:
            flow.clicker.click(button, what=what)
    except PlaywrightError:
        return None
    return _answered(flow, lambda: chooser.value.set_files(document), document, step)


def _file_field(
    flow: Flow, page_name: str, entry: Entry, frame: Frame, button: Marked | None, step: str
) -> Marked:
    """The <input type=file> the field's label names, or the one beside its button."""
    for control in (_labelled(flow, page_name, entry, frame), button):
        if control is not None:
            found = file_input(frame, control)
            if found is not None:
                return found
    raise PortalError(
        f"{step}: no file field for {entry.english} ({entry.label}) on the page. "
        f"{flow.save_evidence(step)}"
    )


def _labelled(flow: Flow, page_name: str, entry: Entry, frame: Frame) -> Marked | None:
    try:
        return flow.find(page_name, entry.name, scope=frame, hidden=True).control
    except CiferBotError:
        return None


@dataclass
class Answer:
    """What the portal did when the file was chosen: whether the page sent a request, and
    the HTTP status of its answer (None: no answer)."""

    requested: bool = False
    status: int | None = None


def _answered(flow: Flow, choose: Callable[[], None], document: Path, step: str) -> Answer:
    """Choose the file and read the portal's answer to the request it posts, if it posts
    one: a page that sends none within a moment leaves the file in its input."""
    answer = Answer()
    sent: list[Request] = []
    ended: list[Request] = []

    def posted(request: Request) -> None:
        if request.method in ("POST", "PUT") and request.resource_type in _SENDERS:
            sent.append(request)

    def finished(request: Request) -> None:
        if request in sent:
            ended.append(request)

    page = flow.page
    listeners = {"request": posted, "requestfinished": finished, "requestfailed": finished}
    for event, listener in listeners.items():
        page.on(event, listener)  # type: ignore[call-overload]
    try:
        choose()
        answer.requested = flow.settle(lambda: bool(sent) or None, seconds=_SENT_S) is not None
        if answer.requested and flow.settle(lambda: bool(ended) or None) is not None:
            response = ended[0].response()
            answer.status = None if response is None else response.status
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    if answer.status == 401:
        raise SessionExpired(
            f"{step}: the portal refused the upload of {document.name} with HTTP 401: the "
            f"session expired. Nothing was submitted. {flow.save_evidence(step)}"
        )
    if answer.status is not None and answer.status >= 500:
        raise PortalUnavailable(
            f"{step}: the portal answered HTTP {answer.status} to the upload of "
            f"{document.name}; nothing was submitted. {flow.save_evidence(step)}"
        )
    return answer
