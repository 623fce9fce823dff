"""Step 4: the registration system's home, and its grey tab 注册申请."""

from __future__ import annotations

from cifer_bot.steps.flow import Flow

STEP = "step 4 (system home)"


def open_applications(flow: Flow) -> None:
    """Click `注册申请` ('registration application') in the left sidebar (guide step 4)."""
    flow.narrator.step(flow.selectors.caption("home"))
    flow.wait_for("home", step=STEP)
    flow.click("home", "apply")
