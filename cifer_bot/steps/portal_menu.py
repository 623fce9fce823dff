"""Step 2: the new portal's CIFER tab, whose link shows only on hover."""

from __future__ import annotations

from cifer_bot.steps.flow import Flow

STEP = "step 2 (new portal menu)"


def open_registration_system(flow: Flow) -> None:
    """Hover the tab `境外企业` (CIFER) and follow its link (guide step 2)."""
    flow.narrator.step(
        2,
        "New portal",
        "hovering the CIFER tab (境外企业, 'overseas enterprises') to open its menu, then "
        "following the link to the registration system for overseas producers of "
        "imported food (进口食品境外生产企业注册管理系统).",
    )
    flow.wait_for("portal", step=STEP)
    menu = flow.find("portal", "cifer_menu")
    menu.locator.hover()
    flow.click("portal", "cifer_system")
