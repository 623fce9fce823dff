"""Step 3, for a facility without an account: the abroad account registration form."""

from __future__ import annotations

from cifer_bot.errors import PortalError
from cifer_bot.facilities.models import AbroadAccount
from cifer_bot.steps.faults import AccountExists
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.review import ReviewRow, fill_form, read_back

STEP = "step 3 (create an account)"


def open_registration(flow: Flow, account: AbroadAccount) -> None:
    """On the login page, follow `Create an account` (guide step 3)."""
    flow.narrator.step(
        flow.selectors.caption("register"),
        f"The facility has no account yet: filling the form for {account.username}.",
    )
    flow.click("login", "create_account", scope=flow.wait_for("login", step=STEP))


def fill_registration(flow: Flow, account: AbroadAccount) -> list[ReviewRow]:
    """Fill all fifteen fields of the registration form and read them back."""
    frame = flow.wait_for("register", step=STEP)
    fill_form(flow, "register", account, frame, STEP, "account")
    return read_back(flow, "register", account, frame, "account")


def register(flow: Flow) -> None:
    """Press `立即注册` (Register now) and check that the portal created the account."""
    entry = flow.spec("register").entry("register_now")
    flow.narrator.note(f"pressing {entry.label} ({entry.english}): --create-accounts was given")
    frame = flow.wait_for("register", step=STEP)
    mark = flow.mark_document(frame)
    flow.click("register", "register_now", scope=frame)
    place = flow.wait_after(frame, mark, "register")
    if place is None or place.page != "login":
        form = flow.where("register")
        messages = flow.spec("register").messages
        taken = messages.get("username_taken")
        if form is not None and taken and flow.says(form, taken):
            raise AccountExists(
                f"{STEP}: the portal says the username is taken ({taken}, the username is "
                "registered already): the account exists; signing in to it"
            )
        texts = [text for text in messages.values() if form is not None and flow.says(form, text)]
        said = f" It says: {'; '.join(texts)}." if texts else ""
        raise PortalError(
            f"{STEP}: the portal did not accept the registration form.{said} "
            f"{flow.save_evidence(STEP)}"
        )
    flow.narrator.note("the portal created the account")
