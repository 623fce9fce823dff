"""Step 5: the food category list, and the facility's sub-item."""

from __future__ import annotations

from cifer_bot.facilities.catalog import CatalogItem
from cifer_bot.steps import intents
from cifer_bot.steps.flow import Flow

STEP = "step 5 (food category)"


def choose_category(flow: Flow, item: CatalogItem) -> None:
    """Choose the sub-item the application is for, e.g. `巧克力` (guide step 5)."""
    group = (
        "a self-registration (Article 9) category"
        if item.self_registration
        else "a category that needs the competent authority's recommendation (Article 7)"
    )
    flow.narrator.step(
        flow.selectors.caption("categories"),
        f"Choosing {item.name_zh} ({item.name_en}) under {item.parent_zh} "
        f"({item.parent_en}): {group}. One category per application.",
    )
    frame = flow.wait_for("categories", step=STEP)
    # A link, a radio button and 下一步, a tree node under its parent, a drop-down.
    intents.choose(
        flow,
        "categories",
        "sub_item",
        params={"sub_item": item.name_zh},
        frame=frame,
        gloss=item.name_en,
        parents=(item.parent_zh,),
        step=STEP,
    )
