"""One application through the route, in a fresh browser context, to its review stop.

What a run remembers between its applications lives in `Accounts`, in memory only: the
accounts it created, and the login of each account (the portal's CAS keeps a session
for the account's next application, so a person reads one captcha per account). A
login is a secret: it is never written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from playwright.sync_api import Browser, StorageState

from cifer_bot import browser as browsers
from cifer_bot.journal import AppKey, Journal
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, PlanItem
from cifer_bot.report import Outcome
from cifer_bot.run.review_stop import stop_for_review
from cifer_bot.run.setup import Portal
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Narrator
from cifer_bot.steps.route import Hooks, Leg, Visit, walk


@dataclass
class Accounts:
    """What a run knows of its accounts, for its later applications (memory only)."""

    created: set[str] = field(default_factory=set)
    signed_in: dict[str, StorageState] = field(default_factory=dict)


@dataclass
class Run:
    """Everything an application of this run shares with the others."""

    options: FillOptions
    portal: Portal
    passwords: Passwords
    journal: Journal
    stream: TextIO
    accounts: Accounts = field(default_factory=Accounts)


def key_of(item: PlanItem) -> AppKey:
    return AppKey(item.facility.name, item.application.category.code, item.username)


def attempt(run: Run, browser: Browser, item: PlanItem, folder: Path, outcome: Outcome) -> None:
    """Walk the route once for `item`, up to its stop for a person; raise on a fault."""
    username = item.username
    facility = item.facility
    context = browsers.new_context(
        browser,
        allowed_hosts=run.portal.allowed_hosts,
        timeout_ms=run.options.timeout_s * 1000,
        # Signed in for an earlier application of the same account: no second captcha.
        storage_state=run.accounts.signed_in.get(username),
    )
    try:
        page = context.new_page()
        narrator = Narrator(stream=run.stream, banner=run.options.headed)
        narrator.attach(page)
        flow = Flow.build(
            page,
            selectors=run.portal.selectors,
            narrator=narrator,
            portal_url=run.portal.url,
            artifacts=folder,
            timeout_s=run.options.timeout_s,
        )
        new = not facility.account_exists and username not in run.accounts.created
        visit = Visit(
            username=username,
            password=run.passwords.of(facility),
            solver=run.portal.solver,
            category=item.application.category,
            new_account=run.passwords.new_account(facility) if new else None,
            create_accounts=run.options.create_accounts,
            application=item.application,
            save_draft=run.options.saves_draft,
        )
        key = key_of(item)

        def before(leg: Leg, _: Visit) -> None:
            run.journal.reached(key, leg.name)
            if leg.effect:
                run.journal.intend(key, leg.effect)

        def after(leg: Leg, _: Visit) -> None:
            if leg.effect:
                run.journal.confirm(key, leg.effect)
            if visit.account_created and username not in run.accounts.created:
                run.accounts.created.add(username)
                outcome.account_created = True
            if leg.name == "login":
                # Kept in memory only, for this run: a login is a secret, never written.
                run.accounts.signed_in[username] = context.storage_state()

        walk(flow, visit, hooks=Hooks(before=before, after=after))
        outcome.review = visit.review
        outcome.draft_saved = visit.draft_saved
        stop_for_review(
            flow,
            outcome,
            folder,
            status=visit.stop or "review",
            stream=run.stream,
            wait_s=run.options.review_wait_s if run.options.headed else None,
        )
    except BaseException:
        # A failed attempt starts the next one signed out: its session may be the fault.
        run.accounts.signed_in.pop(username, None)
        raise
    finally:
        context.close()
