"""Step 6: the application form, filled, read back, and left for a person to review."""

from __future__ import annotations

from playwright.sync_api import Frame

from cifer_bot.errors import PortalError
from cifer_bot.facilities.models import Application, ApplicationDetails
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.review import ReviewRow, fill_form, read_back

STEP = "step 6 (application form)"


def fill_application(flow: Flow, application: Application) -> tuple[Frame, list[ReviewRow]]:
    """Fill every field of the form, then read each back from the page (guide step 6)."""
    category = application.category
    flow.narrator.step(
        flow.selectors.caption("form"),
        f"Filling the form for {category.name_en} ({category.name_zh}); the final "
        "submission is left to a person.",
    )
    frame = flow.wait_for("form", step=STEP)
    details = ApplicationDetails.model_construct(
        **{name: getattr(application, name) for name in ApplicationDetails.model_fields}
    )
    fill_form(flow, "form", details, frame, STEP, "application")
    rows = read_back(flow, "form", details, frame, "application")
    mismatched = [row for row in rows if not row.match]
    flow.narrator.note(
        f"read back {len(rows)} fields: "
        + ("all match" if not mismatched else f"{len(mismatched)} differ")
    )
    return frame, rows


def save_draft(flow: Flow, frame: Frame) -> None:
    """Press `暂存` (save a draft), so that the filled form waits on the portal."""
    entry = flow.spec("form").entry("save_draft")
    flow.narrator.note(
        f"pressing {entry.label} ({entry.english}): the form waits on the portal for review"
    )
    saved = flow.spec("form").messages.get("draft_saved", "")
    mark = flow.mark_document(frame)
    flow.click("form", "save_draft", scope=frame)

    # The portal answers with the form again (a new document) or, where the form is
    # a script's, with a message on the same page: either way the message says it.
    def confirmed() -> bool | None:
        form = flow.where("form")
        if form is None:
            flow.fault(STEP, expected=("form",))
            return None
        if not saved:
            return True if flow.has_new_document(frame, mark) else None
        return True if flow.says(form, saved) else None

    if flow.settle(confirmed) is None:
        flow.fault(STEP, expected=("form",))
        raise PortalError(
            f"{STEP}: the portal did not confirm the draft ({saved}). {flow.save_evidence(STEP)}"
        )
