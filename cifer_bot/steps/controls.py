"""Putting a value into a form control, and reading it back, by the map's kind of control.

Text and selects are filled directly; dates only through the portal's date picker (the
inputs are read-only); the identity document through the upload button's file
chooser. Reading back gives the value as the page holds it, for the review table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator
from pydantic import SecretStr

from cifer_bot.errors import PortalError
from cifer_bot.selector_map import Entry
from cifer_bot.steps.faults import PortalUnavailable, SessionExpired
from cifer_bot.steps.flow import Flow

Value = str | date | Path | SecretStr | None

_OPTIONS_SCRIPT = """(select) => Array.from(select.options).map((o) => [o.value, o.text])"""
_SELECTED_SCRIPT = (
    """(select) => select.selectedIndex < 0 ? '' : select.options[select.selectedIndex].value"""
)


def as_text(value: Value) -> str:
    """How a value reads in a form and in the review table."""
    if value is None:
        return ""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.name
    return str(value)


def fill(flow: Flow, page_name: str, entry: Entry, frame: Frame, value: Value, step: str) -> None:
    """Put `value` into the control of `entry` on the page shown in `frame`."""
    if entry.kind == "file":
        if isinstance(value, Path):
            upload(flow, page_name, frame, value, step)
        return
    control = flow.find(page_name, entry.name, scope=frame).locator
    if entry.kind == "select":
        choose_option(control, as_text(value), entry, step)
    elif entry.kind == "date":
        pick_date(flow, page_name, frame, control, value if isinstance(value, date) else None)
    elif entry.kind == "password":
        try:
            control.fill(as_text(value))
        except PlaywrightError:
            # Playwright's message could quote what was typed: say only what failed.
            raise PortalError(f"{step}: could not type into the {entry.english} field") from None
    else:
        control.fill(as_text(value))


def read(flow: Flow, page_name: str, entry: Entry, frame: Frame, expected: str = "") -> str:
    """The value the page holds for `entry`, as a person would read it back.

    For the upload, the page shows only a file name: `expected` (the name meant) is
    returned when the page shows it beside the upload button.
    """
    if entry.kind == "file":
        return uploaded_name(flow, page_name, frame, expected)
    control = flow.find(page_name, entry.name, scope=frame).locator
    if entry.kind == "select":
        selected: str = control.evaluate(_SELECTED_SCRIPT)
        return selected
    return control.input_value()


def choose_option(control: Locator, wanted: str, entry: Entry, step: str) -> None:
    """Select the option whose value is `wanted`, or whose text starts with it (`AUS 澳大利亚`)."""
    if not wanted:
        return
    options: list[list[str]] = control.evaluate(_OPTIONS_SCRIPT)
    for value, text in options:
        first_word = text.split()[0] if text.split() else ""
        if wanted in {value, first_word}:
            control.select_option(value=value)
            return
    raise PortalError(
        f"{step}: the {entry.english} list has no option {wanted!r} "
        f"({len(options)} options on the page)"
    )


def pick_date(flow: Flow, page_name: str, frame: Frame, control: Locator, day: date | None) -> None:
    """Fill a read-only date input through the portal's date picker (A8)."""
    current = control.input_value()
    if day is None:
        if current:
            flow.clicker.click(control, what="date field")
            flow.click(page_name, "picker_clear", scope=frame)
        return
    if current == day.isoformat():
        return
    flow.clicker.click(control, what="date field")
    flow.find(page_name, "picker_year", scope=frame).locator.select_option(str(day.year))
    flow.find(page_name, "picker_month", scope=frame).locator.select_option(str(day.month))
    flow.click(page_name, "picker_day", params={"day": str(day.day)}, scope=frame)


def upload(flow: Flow, page_name: str, frame: Frame, document: Path, step: str) -> None:
    """Upload through the `附件上传` button's file chooser, and wait for the portal's answer."""
    button = flow.find(page_name, "upload", scope=frame).locator
    with flow.page.expect_file_chooser(timeout=flow.timeout_s * 1000) as chooser:
        flow.clicker.click(button, what="Upload attachment (附件上传)")
    # The page posts the file as soon as it is chosen: its HTTP status tells an expired
    # session (401) or a busy portal (5xx) from a refused file, without waiting.
    try:
        with flow.page.expect_response(
            lambda response: response.request.method == "POST",
            timeout=flow.timeout_s * 1000,
        ) as answered:
            chooser.value.set_files(document)
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
    shown = frame.get_by_text(document.name, exact=True)
    try:
        shown.first.wait_for(state="visible", timeout=flow.timeout_s * 1000)
    except PlaywrightError:
        if flow.where("login") is not None or flow.page.is_closed():
            raise
        raise PortalError(
            f"{step}: the portal did not accept the upload of {document.name}. "
            f"{flow.save_evidence(step)}"
        ) from None


def uploaded_name(flow: Flow, page_name: str, frame: Frame, expected: str) -> str:
    """The uploaded file's name as the form shows it beside the upload button."""
    button = flow.find(page_name, "upload", scope=frame).locator
    # The name shows in the same row or group as the button: read that block's text.
    text: str = button.evaluate(
        """(el) => {
             const block = el.closest('tr, .form-group, li, dd, div') || el.parentElement;
             return block ? block.innerText : '';
           }"""
    )
    if expected and expected in text:
        return expected
    extensions = (".jpg", ".jpeg", ".gif", ".png", ".bmp", ".pdf")
    words = [w for w in text.split() if w.lower().endswith(extensions)]
    return words[0] if words else ""
