"""The identity document: through the upload button's file chooser, as a person does;
else into the `<input type=file>` of the field (shown, hidden, or one the button
reveals). The portal posts the file as soon as it is chosen: its answer tells an expired
session (401) or a busy portal (5xx) from a refused file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.errors import CiferBotError, PortalError
from cifer_bot.portal.marked import Marked
from cifer_bot.selector_map import Entry
from cifer_bot.steps.faults import PortalUnavailable, SessionExpired
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.widgets.page import file_input

# How long a click on the upload button may take to open the file chooser.
_CHOOSER_S = 3.0


def attach(
    flow: Flow, page_name: str, entry: Entry, frame: Frame, document: Path, step: str
) -> None:
    """Upload `document` for the form's file field, and wait for the portal to show it."""
    button = flow.find_now(page_name, "upload", scope=frame) if _has(flow, page_name) else None
    if flow.narrator.overlay is not None:  # a person watches: show what is uploaded
        labelled = None if button else _labelled(flow, page_name, entry, frame)
        shown = button.locator if button else labelled.locator if labelled else None
        if shown is not None:
            flow.narrator.act(shown, entry, "upload", value=document.name)
    if button is None or not _through_chooser(flow, button.control, document, step):
        field = _file_field(flow, page_name, entry, frame, button.control if button else None, step)
        _answered(flow, lambda: field.locator.set_input_files(document), document, step)
    if flow.settle(lambda: flow.says(frame, document.name) or None) is None:
        if flow.where("login") is not None or flow.page.is_closed():
            flow.fault(step, expected=(page_name,))
        raise PortalError(
            f"{step}: the portal did not accept the upload of {document.name}. "
            f"{flow.save_evidence(step)}"
        )


def uploaded_name(flow: Flow, frame: Frame, expected: str) -> str:
    """The uploaded file's name, where the form shows it."""
    return expected if expected and flow.says(frame, expected) else ""


def _has(flow: Flow, page_name: str) -> bool:
    return any(entry.name == "upload" for entry in flow.spec(page_name).entries)


def _through_chooser(flow: Flow, button: Marked, document: Path, step: str) -> bool:
    """Click the upload button; False when no file chooser opened (the click may have
    revealed a file field instead)."""
    try:
        with flow.page.expect_file_chooser(timeout=_CHOOSER_S * 1000) as chooser:
            flow.clicker.click(button, what="Upload attachment (附件上传)")
    except PlaywrightError:
        return False
    _answered(flow, lambda: chooser.value.set_files(document), document, step)
    return True


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


def _answered(flow: Flow, choose: Callable[[], None], document: Path, step: str) -> None:
    """Choose the file and read the portal's answer to the upload it posts."""
    try:
        with flow.page.expect_response(
            lambda response: response.request.method == "POST",
            timeout=flow.timeout_s * 1000,
        ) as answered:
            choose()
        status: int | None = answered.value.status
    except PlaywrightError:
        status = None
    if status == 401:
        raise SessionExpired(
            f"{step}: the portal refused the upload of {document.name} with HTTP 401: the "
            f"session expired. Nothing was submitted. {flow.save_evidence(step)}"
        )
    if status is not None and status >= 500:
        raise PortalUnavailable(
            f"{step}: the portal answered HTTP {status} to the upload of {document.name}; "
            f"nothing was submitted. {flow.save_evidence(step)}"
        )
