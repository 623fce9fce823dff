"""Step 1: the old portal's landing page, and its orange tab to the new portal."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.steps.faults import PageTimeout, PortalUnavailable
from cifer_bot.steps.flow import Flow

STEP = "step 1 (landing page)"


def open_portal(flow: Flow) -> None:
    """Open the portal's address: www.singlewindow.cn (guide step 1), or where the run
    was told to start."""
    flow.narrator.note(f"opening {flow.portal_url}")
    before = flow.page.url
    try:
        response = flow.page.goto(flow.portal_url, wait_until="domcontentloaded")
    except PlaywrightTimeout:
        # A screenshot waits for the pending page: give it one more period to arrive,
        # so that the evidence shows what the portal sent, if anything.
        with contextlib.suppress(PlaywrightError):
            flow.page.wait_for_url(
                lambda url: url != before,
                wait_until="domcontentloaded",
                timeout=flow.timeout_s * 1000,
            )
        raise PageTimeout(
            f"{STEP}: the landing page did not show within {flow.timeout_s:g} s "
            f"(at {flow.portal_url}). The portal may be slow: try --timeout with more "
            f"seconds. {flow.save_evidence(STEP)}"
        ) from None
    if response is not None and response.status >= 500:
        raise PortalUnavailable(
            f"{STEP}: the portal answered HTTP {response.status} for {flow.portal_url}; "
            f"nothing was done. {flow.save_evidence(STEP)}"
        )
    flow.http_errors.clear()


def open_new_portal(flow: Flow) -> None:
    """Click the orange tab `新版门户` at the top right of the landing page (guide step 1)."""
    flow.narrator.step(flow.selectors.caption("landing"))
    flow.wait_for("landing", step=STEP)
    flow.click("landing", "new_portal")
