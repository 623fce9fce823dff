"""Accounts a run stops: portals lock accounts, so a password the portal refused is not
tried again (in this run or the next) until it changes, and three captchas judged wrong
or a password the portal wants changed stop the account for the run. And the accounts
a dry run finds on the replica."""

from __future__ import annotations

from cifer_bot.credentials import fingerprint, old_password_variable, same_password
from cifer_bot.journal import Record
from cifer_bot.plan import PlanItem
from cifer_bot.report import now
from cifer_bot.run.attempt import Run
from cifer_bot.run.visits import login_passwords
from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.faults import LoginRefused, PasswordChangeRequired

AccountFault = LoginRefused | CaptchaError | PasswordChangeRequired


def stop_account(run: Run, item: PlanItem, error: AccountFault) -> None:
    """Stop the account of `item` after `error`; a refused password is journalled."""
    username = item.username
    if not isinstance(error, LoginRefused):
        run.accounts.stopped[username] = f"stopped for this run: {without_evidence(error)}"
        return
    password, new_password = login_passwords(run, item)
    reason = error.reason or without_evidence(error)  # the portal's words, not the files
    for record in run.records():
        record.refuse_login(username, fingerprint(password), reason, now())
    which = (
        f"the old password of {username} (kept as {old_password_variable(username)}, for "
        "--change-password)"
        if new_password is not None
        else f"the password of {username}"
    )
    run.accounts.stopped[username] = (
        f"the portal refused {which} ({error.reason}): it is not tried again, in this run "
        f"or the next, until it changes in the environment or .env, or --retry-login "
        f"{username} is given"
    )


def without_evidence(error: BaseException) -> str:
    """An error's message without the files saved as its evidence (said where it failed)."""
    return str(error).split(" Saved: ", 1)[0].split(" No screenshot could be saved.", 1)[0]


def account_stopped(run: Run, item: PlanItem) -> str | None:
    """Why the account of `item` is not tried now, if it is not: stopped earlier in this
    run, or its password refused by an earlier run and unchanged since."""
    username = item.username
    refusal = refused(run, username)
    if (
        username not in run.accounts.stopped
        and refusal is not None
        and username.casefold() not in {name.casefold() for name in run.options.retry_login}
        and same_password(login_passwords(run, item)[0], str(refusal.get("fingerprint", "")))
    ):
        run.accounts.stopped[username] = (
            f"the portal refused the password of {username} on {refusal.get('at')} "
            f"({refusal.get('reason')}): it is not tried again until its password in the "
            f"environment or .env changes, or --retry-login {username} is given"
        )
    return run.accounts.stopped.get(username)


def refused(run: Run, username: str) -> Record | None:
    """The latest refusal of the account's password, unless it signed in since: in any
    run of this user on this machine (whatever its --out), or in this batch's journal."""
    return next(
        (found for record in reversed(run.records()) if (found := record.refused(username))),
        None,
    )


def seed_replica(run: Run, items: list[PlanItem]) -> None:
    """A dry run's existing accounts exist on the replica, with the password we hold:
    those the facility file says exist, and those an earlier dry run created (the
    journal knows them; the replica each run serves starts empty)."""
    replica = run.portal.replica
    if replica is None:
        return
    for item in items:
        facility = item.facility
        if facility.account_exists or run.journal.account_exists(item.username):
            kind = "authority" if facility.account_origin == "competent_authority" else "self"
            replica.add_account(
                item.username, run.passwords.of(facility).get_secret_value(), kind=kind
            )
