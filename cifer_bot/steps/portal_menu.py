"""Step 2: the new portal's CIFER tab, whose link shows only on hover."""

from __future__ import annotations

from cifer_bot.steps.flow import Flow

STEP = "step 2 (new portal menu)"


def open_registration_system(flow: Flow) -> None:
    """Hover the tab `境外企业` (CIFER) and follow its link (guide step 2)."""
    flow.narrator.step(flow.selectors.caption("portal"))
    flow.wait_for("portal", step=STEP)
    menu = flow.find("portal", "cifer_menu")
    flow.narrator.act(menu.locator, flow.spec("portal").entry("cifer_menu"), "hover")
    menu.locator.hover()
    flow.click("portal", "cifer_system")
