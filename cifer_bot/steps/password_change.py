"""Step 3, for an account issued by GACC: the password change the portal asks for at the
account's first login (found), before anything else."""

from __future__ import annotations

from pydantic import SecretStr

from cifer_bot.errors import PortalError
from cifer_bot.steps import widgets
from cifer_bot.steps.faults import PasswordChangeRequired
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.private import private

STEP = "step 3 (change the password)"


def required(flow: Flow, username: str) -> PasswordChangeRequired:
    """What to do when the portal asks for a new password and the run may not give one."""
    said = flow.spec("change_password").messages.get("must_change", "")
    return PasswordChangeRequired(
        f"{STEP}: the portal asks {username} to change its password before anything else "
        f"({said}: an account issued by GACC changes its password at its first login). Run "
        f"`cifer-bot password new {username} --force` to make the new one (the old one is "
        f"kept as CIFER_BOT_PASSWORD_OLD__{username}), then type it on the portal yourself, "
        "or run again with --change-password to let the tool fill the change form"
    )


def change(flow: Flow, *, username: str, old: SecretStr, new: SecretStr) -> None:
    """Fill the portal's password change form with the old and the new password."""
    flow.narrator.step(
        3,
        "Change the password",
        f"the portal asks {username} to change its password at its first login: typing "
        "the old password and the new one (--change-password was given).",
    )
    frame = flow.wait_for("change_password", step=STEP)
    spec = flow.spec("change_password")
    with private(flow.recording):  # both passwords are on the page until it is gone
        for entry, value in (
            ("old_password", old),
            ("new_password", new),
            ("confirm_new_password", new),
        ):
            widgets.fill(flow, "change_password", spec.entry(entry), frame, value, STEP)
        mark = flow.mark_document(frame)
        flow.click("change_password", "change_now", scope=frame)
        place = flow.wait_after(frame, mark, "change_password")
    if place is None or place.page == "change_password":
        shown = flow.where("change_password")
        said = [text for text in spec.messages.values() if shown and flow.says(shown, text)]
        raise PortalError(
            f"{STEP}: the portal did not take the new password of {username}"
            + (f" ({'; '.join(said)})" if said else "")
            + f". {flow.save_evidence(STEP)}"
        )
    flow.narrator.note(f"the password of {username} is changed")
