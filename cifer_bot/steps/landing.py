"""Step 1: the old portal's landing page, and its orange tab to the new portal."""

from __future__ import annotations

from cifer_bot.steps.flow import Flow, PortalUnavailable

STEP = "step 1 (landing page)"


def open_new_portal(flow: Flow) -> None:
    """Open www.singlewindow.cn and click the orange tab `新版门户` (guide step 1)."""
    flow.narrator.step(
        1,
        "Landing page",
        "opening the Single Window's landing page and clicking the orange tab at the top "
        "right, 新版门户 ('new portal'). No automatic translation: it breaks the layout.",
    )
    response = flow.page.goto(flow.portal_url, wait_until="domcontentloaded")
    if response is not None and response.status >= 500:
        raise PortalUnavailable(
            f"{STEP}: the portal answered HTTP {response.status} for {flow.portal_url}; "
            f"nothing was done. {flow.save_evidence(STEP)}"
        )
    flow.http_errors.clear()
    flow.wait_for("landing", step=STEP)
    flow.click("landing", "new_portal")
