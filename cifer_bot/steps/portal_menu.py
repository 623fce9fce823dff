"""Step 2: the new portal's CIFER tab, whose link shows when its menu opens."""

from __future__ import annotations

from cifer_bot.steps import menus
from cifer_bot.steps.flow import Flow

STEP = "step 2 (new portal menu)"


def open_registration_system(flow: Flow) -> None:
    """Open the tab `境外企业` (CIFER) and follow its link (guide step 2)."""
    flow.narrator.step(flow.selectors.caption("portal"))
    flow.wait_for("portal", step=STEP)
    # Its menu opens on a hover, or on a click, or on Enter where neither opens it.
    menus.open_menu(flow, "portal", "cifer_menu", "cifer_system", step=STEP)
