"""One walk of the route for one application, in its account's browser context.

Each account has one context (`AccountSession`) for its applications, one after
another: the portal's login holds for the next application, so a person reads one
captcha per account. A walk that fails drops the context: the next starts signed out,
since its session may be the fault. A login lives in that context, in memory only: it
is a secret, never written to disk. What a run remembers between accounts lives in
`Accounts`: the accounts it created, and the accounts it stopped for the run.

Every control with an effect on the portal (立即注册, 暂存) is journalled as an intent
before it is pressed and a confirmation after the portal confirmed it. A walk that
fails between the two raises UnknownOutcome: the portal is asked, never pressed again.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from cifer_bot import browser as browsers
from cifer_bot.credentials import fingerprint
from cifer_bot.errors import CiferBotError, first_line
from cifer_bot.journal import AppKey, Journal
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, PlanItem
from cifer_bot.portal.guard import ForbiddenClick
from cifer_bot.report import Outcome, Status, now
from cifer_bot.run.progress import Progress
from cifer_bot.run.review_stop import stop_for_review
from cifer_bot.run.setup import Portal
from cifer_bot.run.trace import Tracer, start_tracing
from cifer_bot.run.visits import visit_for, waiting_for_account
from cifer_bot.steps.faults import (
    AccountExists,
    PortalUnavailable,
    SessionExpired,
    UnknownOutcome,
)
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Narrator
from cifer_bot.steps.query import Listed
from cifer_bot.steps.route import Hooks, Leg, Visit, walk
from cifer_bot.training import Training

if TYPE_CHECKING:
    from cifer_bot.run.judge import Look


@dataclass
class Accounts:
    """What a run knows of its accounts, for its later applications (memory only)."""

    created: set[str] = field(default_factory=set)
    # Accounts the run stopped, and why: a refused password, a captcha judged wrong
    # three times, a password the portal wants changed.
    stopped: dict[str, str] = field(default_factory=dict)
    # Accounts whose registration form a walk filled and left (for a person, or read
    # back other than the file): their other applications wait, with this ending.
    forms: dict[str, tuple[Status, str]] = field(default_factory=dict)


@dataclass
class Run:
    """Everything an application of this run shares with the others."""

    options: FillOptions
    portal: Portal
    passwords: Passwords
    journal: Journal
    stream: TextIO
    accounts: Accounts = field(default_factory=Accounts)
    # Told of each application's step as it is reached (the progress display, console).
    progress: Progress = field(default_factory=lambda: Progress())
    # A training demo: the trainee's pace, and what it records (None for `fill`).
    training: Training | None = None
    # How a shared journal names this worker (None: the journal is this run's alone).
    worker: str | None = None
    # The user's record of refused passwords, across runs and --out folders
    # (`journal.logins`; None: the batch journal's alone).
    logins: Journal | None = None

    def records(self) -> tuple[Journal, ...]:
        """Where a login's outcome is recorded: the batch's journal, and the user's."""
        return (self.journal,) if self.logins is None else (self.journal, self.logins)


@dataclass
class AccountSession:
    """One account's browser context, kept for its applications one after another, and
    headless its page too: the next application opens the portal in the page the last
    one left on its review stop (a new page would start a new renderer process)."""

    run: Run
    browser: Browser
    username: str
    _context: BrowserContext | None = None
    _page: Page | None = None
    # What the account's 综合查询 listed when this run read it (`run.judge`), and whether
    # the kept page shows it still: the next walk goes on from there, signed in.
    look: Look | None = None
    at_query: bool = False

    def page(self) -> Page:
        """The page for the next walk: the last one's, or a new one, and no other window.
        A window an earlier walk left (the one a `target=_blank` link opened from) would
        show a page of the map beside this one. Leaving the last one's form is as closing
        it was: a page's own "leave this page?" is answered yes (Playwright's answer
        while nothing listens for dialogs)."""
        kept, self._page = self._page, None
        page = kept if kept is not None and not kept.is_closed() else self.context().new_page()
        for other in page.context.pages:
            if other is not page:
                with contextlib.suppress(PlaywrightError):
                    other.close()
        return page

    def keep(self, page: Page) -> None:
        """Keep the page of an application that reached its stop, for the next one."""
        if self.run.options.headed:  # a person's window: closed, as ever
            with contextlib.suppress(PlaywrightError):
                page.close()
        else:
            self._page = page

    def context(self) -> BrowserContext:
        if self._context is None:
            self._context = browsers.new_context(
                self.browser,
                allowed_hosts=self.run.portal.allowed_hosts,
                timeout_ms=self.run.options.timeout_s * 1000,
                record_video_dir=training.video_dir if (training := self.run.training) else None,
            )
            if self.run.options.trace:
                start_tracing(self._context)
        return self._context

    def drop(self) -> None:
        """Close the context: the next application starts signed out."""
        self._page = None
        if self._context is not None:
            with contextlib.suppress(PlaywrightError):
                self._context.close()
            self._context = None

    close = drop


def key_of(item: PlanItem) -> AppKey:
    return AppKey(item.facility.name, item.application.category.code, item.username)


def _keeps_login(error: BaseException, visit: Visit, *, lookup: bool) -> bool:
    """Whether the next walk keeps the login of a walk that failed with `error`: after an
    error page of the portal (HTTP 5xx), or after a look at 综合查询 that signed in and
    could not read it, a person need not read another captcha. Not after an expired
    session, nor any other fault: the session may be the fault."""
    if isinstance(error, SessionExpired):
        return False
    return isinstance(error, PortalUnavailable) or (lookup and "comprehensive query" in visit.done)


def attempt(
    run: Run, session: AccountSession, item: PlanItem, folder: Path, outcome: Outcome
) -> None:
    """Walk the route once for `item`, up to its stop for a person; raise on a fault."""
    _walk(run, session, item, folder, outcome, lookup=False)


def look_up(run: Run, session: AccountSession, item: PlanItem, folder: Path) -> list[Listed]:
    """Sign in and read 综合查询: what the portal holds for the account (no typing)."""
    outcome = Outcome(item.facility.name, item.application.category.code, "")
    listed = _walk(run, session, item, folder, outcome, lookup=True)
    return listed or []


def _walk(
    run: Run,
    session: AccountSession,
    item: PlanItem,
    folder: Path,
    outcome: Outcome,
    *,
    lookup: bool,
) -> list[Listed] | None:
    username = item.username
    context = session.context()
    pending: list[str] = []
    key = key_of(item)
    title = f"{username} 综合查询" if lookup else f"{item.facility.name} {key.category}"
    # A look at 综合查询 is traced beside the application's own trace, not over it.
    name = "query-trace.zip" if lookup else "trace.zip"
    tracer = Tracer(context, folder, title, name=name) if run.options.trace else None
    page = session.page()
    visit = visit_for(run, item, lookup=lookup)
    visit.resume, session.at_query = session.at_query and not lookup, False
    flow: Flow | None = None
    try:
        narrator = Narrator.for_run(run.stream, headed=run.options.headed, training=run.training)
        narrator.listener = lambda text: run.progress.step(key, text)
        narrator.attach(page)
        flow = Flow.build(
            page,
            selectors=run.portal.selectors,
            narrator=narrator,
            portal_url=run.portal.url,
            artifacts=folder,
            timeout_s=run.options.timeout_s,
        )
        flow.recording = tracer
        if tracer is not None:
            tracer.resume()

        def before(leg: Leg, _: Visit) -> None:
            if not lookup:  # a look at 综合查询 is no step of the application's own
                run.journal.reached(key, leg.name)
            if leg.effect:
                run.journal.intend(key, leg.effect)
                pending.append(leg.effect)

        def after(leg: Leg, _: Visit) -> None:
            if leg.effect:
                run.journal.confirm(key, leg.effect)
                pending.remove(leg.effect)
            if visit.account_created and username not in run.accounts.created:
                run.accounts.created.add(username)
                outcome.account_created = True
            if leg.name == "change password" and visit.new_password is not None:
                run.journal.change_password(username, fingerprint(visit.new_password), now())
            if leg.name in {"login", "change password"}:
                for record in run.records():
                    record.accept_login(username)

        try:
            walk(flow, visit, hooks=Hooks(before=before, after=after))
        except ForbiddenClick:
            # The guard refused before anything was pressed: nothing is unknown.
            for action in pending:
                run.journal.resolve(key, action, found=False)
            raise
        except AccountExists:
            # The portal says the name is taken: the account exists (an earlier run's
            # 立即注册 took effect, or its record was lost). The caller signs in to it.
            for action in pending:
                run.journal.resolve(key, action, found=True)
            raise
        except (CiferBotError, PlaywrightError) as error:
            if pending:
                raise UnknownOutcome(
                    f"pressed {pending[-1]} and the portal did not say what came of it "
                    f"({first_line(error)}): it is not pressed again before the portal "
                    "has been asked",
                    action=pending[-1],
                ) from error
            raise
        if visit.stop != "query":
            outcome.review = visit.review
            outcome.draft_saved = visit.draft_saved
            status: Status = "review"
            if visit.stop in ("mismatch", "account_form"):
                status = "mismatch" if visit.stop == "mismatch" else "account_form"
            stop_for_review(
                flow,
                outcome,
                folder,
                status=status,
                stream=run.stream,
                wait_s=run.options.review_wait_s if run.options.headed else None,
            )
            if visit.new_account is not None and not visit.account_created:
                run.accounts.forms[username] = waiting_for_account(item, outcome)
    except BaseException as error:
        if tracer is not None:
            outcome.trace = tracer.finish()  # the trace of a failure most of all
        if flow is not None and _keeps_login(error, visit, lookup=lookup):
            flow.detach()  # the next walk closes this one's windows, and keeps its login
        else:
            # A failed attempt starts the next one signed out: its session may be the fault.
            session.drop()
        raise
    finally:
        if tracer is not None:
            outcome.trace = tracer.finish()
    # Reached its stop: the page serves the account's next application.
    assert flow is not None
    flow.detach()
    session.keep(flow.page)
    session.at_query = lookup
    return visit.listed if visit.stop == "query" else None
