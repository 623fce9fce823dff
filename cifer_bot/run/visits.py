"""What one walk of the route is for (`Visit`), from what the run knows of the account:
whether it exists, which password signs in, whether the portal's forced password change
is to be answered, and how its other applications end while its form waits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from cifer_bot.credentials import same_password
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome, Status
from cifer_bot.steps.route import Visit

if TYPE_CHECKING:
    from cifer_bot.run.attempt import Run


def account_exists(run: Run, item: PlanItem) -> bool:
    """Whether the account of `item` exists, as far as the run knows: the facility file
    says so, this run created it, or the journal knows it signed in or was created."""
    return (
        item.facility.account_exists
        or item.username in run.accounts.created
        or run.journal.account_exists(item.username)
    )


def login_passwords(run: Run, item: PlanItem) -> tuple[SecretStr, SecretStr | None]:
    """The password to sign in with, and the one to give the portal's forced password
    change (None: the run does not change it). With --change-password and an old password
    kept (`password new --force`), the account signs in with the old one and changes it to
    the new one, once: the journal remembers the change for later runs."""
    current = run.passwords.of(item.facility)
    old = run.passwords.old(item.facility)
    if not run.options.change_password or old is None:
        return current, None
    changed = run.journal.password_changed(item.username)
    if changed is not None and same_password(current, changed):
        return current, None
    return old, current


def visit_for(run: Run, item: PlanItem, *, lookup: bool) -> Visit:
    """The walk for `item`: to its form, or with `lookup` to the account's 综合查询."""
    password, new_password = login_passwords(run, item)
    new = not (lookup or account_exists(run, item))
    category = item.application.category
    return Visit(
        username=item.username,
        password=password,
        solver=run.portal.solver,
        category=category,
        new_account=run.passwords.new_account(item.facility) if new else None,
        create_accounts=run.options.create_accounts,
        application=None if lookup else item.application,
        save_draft=run.options.saves_draft,
        new_password=new_password,
        lookup=(category.name_zh, item.application.enterprise_name) if lookup else None,
    )


def waiting_for_account(item: PlanItem, outcome: Outcome) -> tuple[Status, str]:
    """How the account's other applications end while its registration form, filled for
    `item` (ending as `outcome`), waits: the form is filled once per account."""
    category = item.application.category
    first = f"{item.facility.name} ({category.name_en}, {category.name_zh})"
    if outcome.status == "account_form":
        return "account_form", (
            f"waits for its account: the form of {item.username} was filled once, for {first} "
            f"(review table {outcome.review_table}); register the account (立即注册) on the "
            "portal, or run again with --create-accounts"
        )
    return outcome.status, (
        f"not tried: the account form of {item.username}, filled for {first}, holds something "
        f"else than the facility file (review table {outcome.review_table}): fix that first"
    )
