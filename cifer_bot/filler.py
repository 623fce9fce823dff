"""`cifer-bot fill`: facility file -> models -> plan -> browser steps -> journal -> report.

Each application (one facility, one food category) runs in a fresh browser context
through the six steps and stops on the filled form. Faults of the portal where a retry
is safe (an HTTP 5xx page, an expired session, a page that did not show in time) are
retried from step 1: nothing is ever submitted, so starting again harms nothing.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, StorageState
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import SecretStr

from cifer_bot import browser as browsers
from cifer_bot import rules
from cifer_bot.captcha import Solver, SolverName, default_solver_name, make_solver
from cifer_bot.credentials import (
    Credentials,
    generate_password,
    load_credentials,
    password_variable,
)
from cifer_bot.errors import CiferBotError, InputError, first_line
from cifer_bot.intake import IntakeResult, read_facilities
from cifer_bot.models import AbroadAccount, Application, Facility
from cifer_bot.narration import Narrator
from cifer_bot.replica import Replica
from cifer_bot.report import Journal, Outcome, RunReport, now, review_markdown, write_atomically
from cifer_bot.selector_map import SelectorMap, load_selector_map
from cifer_bot.steps import account, application, category, home, landing, login, portal_menu
from cifer_bot.steps.flow import Flow, RetryablePortalError, SessionExpired
from cifer_bot.target import open_portal

DEFAULT_SELECTORS = "2021-11-26"


@dataclass(frozen=True)
class FillOptions:
    """Everything `cifer-bot fill` was asked to do."""

    facility_file: Path
    out: Path
    dry_run: bool = False
    portal_url: str | None = None
    selectors: str = DEFAULT_SELECTORS
    headed: bool = False
    slow_mo: float = 0
    captcha: SolverName | None = None
    only: tuple[str, ...] = ()
    create_accounts: bool = False
    save_draft: bool | None = None  # None: save when headless, where the form would be lost
    timeout_s: float = 30.0
    retries: int = 1
    again: bool = False
    faults: tuple[str, ...] = ()  # replica faults, dry runs only (for tests and training)
    review_wait_s: float = 3600.0


@dataclass
class Plan:
    """The applications to fill, in file order, each with its facility."""

    items: list[tuple[Facility, int | None, Application]] = field(default_factory=list)


def make_plan(intake: IntakeResult, only: tuple[str, ...]) -> Plan:
    """One item per (facility, category); `only` keeps the named facilities."""
    wanted = {name.casefold() for name in only}
    known = {facility.name.casefold() for facility in intake.facilities}
    unknown = sorted(name for name in only if name.casefold() not in known)
    if unknown:
        raise InputError(
            f"--only names no facility of {intake.source}: {', '.join(unknown)} "
            f"(its facilities: {', '.join(f.name for f in intake.facilities) or 'none valid'})"
        )
    plan = Plan()
    for facility, row in zip(intake.facilities, intake.facility_rows, strict=False):
        if wanted and facility.name.casefold() not in wanted:
            continue
        for item in facility.applications:
            plan.items.append((facility, row, item))
    return plan


def _slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in text).strip("-")
    return "-".join(part for part in slug.split("-") if part)[:60] or "facility"


class Filler:
    """Runs the plan: one application after another, each to its review stop."""

    def __init__(
        self,
        options: FillOptions,
        *,
        selectors: SelectorMap,
        portal_url: str,
        replica: Replica | None,
        credentials: Credentials,
        stdin: TextIO | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.options = options
        self.selectors = selectors
        self.portal_url = portal_url
        self.replica = replica
        self.credentials = credentials
        self.stream = stream or sys.stderr
        solver_name = options.captcha or default_solver_name(
            dry_run=options.dry_run, headed=options.headed
        )
        self.solver: Solver = make_solver(
            solver_name, portal_url=portal_url, headed=options.headed, stdin=stdin
        )
        self.allowed_hosts = frozenset(selectors.portal.allowed_hosts)
        self.dry_passwords: dict[str, SecretStr] = {}
        self.created: set[str] = set()
        self.signed_in: dict[str, StorageState] = {}

    # -- passwords -----------------------------------------------------------------
    def password(self, facility: Facility) -> SecretStr:
        """The account's password: from the environment or .env; in a dry run, one made up."""
        username = facility.account.username
        try:
            return self.credentials.password_for(username)
        except CiferBotError:
            if not self.options.dry_run:
                raise
        if username not in self.dry_passwords:
            self.dry_passwords[username] = generate_password()
        return self.dry_passwords[username]

    def password_problems(self, plan: Plan) -> list[dict[str, object]]:
        """Every facility whose password is missing, or breaks the rules for a new account.

        Checked before a browser opens; such facilities leave the plan, the others go on.
        """
        problems: list[dict[str, object]] = []
        seen: set[str] = set()
        for facility, row, _ in plan.items:
            if facility.name in seen:
                continue
            seen.add(facility.name)
            username = facility.account.username
            try:
                password = self.password(facility)
                if not facility.account_exists:
                    rules.check_password(password.get_secret_value())
            except (CiferBotError, ValueError) as error:
                problems.append(
                    {
                        "row": row,
                        "facility": facility.name,
                        "field": "password",
                        "label_en": "Password",
                        "label_zh": "密码",
                        "value": None,
                        "rule": f"{error}; set {password_variable(username)} in the environment "
                        f"or .env (`cifer-bot password new {username} --force` makes one)",
                    }
                )
        bad = {str(problem["facility"]) for problem in problems}
        plan.items = [item for item in plan.items if item[0].name not in bad]
        return problems

    def seed_replica(self, plan: Plan) -> None:
        """A dry run's existing accounts exist on the replica, with the password we hold."""
        if self.replica is None:
            return
        for facility, _, _ in plan.items:
            if facility.account_exists:
                kind = "authority" if facility.account_origin == "competent_authority" else "self"
                self.replica.add_account(
                    facility.account.username,
                    self.password(facility).get_secret_value(),
                    kind=kind,
                )

    # -- one application -----------------------------------------------------------
    def run_one(
        self,
        browser: Browser,
        facility: Facility,
        row: int | None,
        item: Application,
        index: int,
        total: int,
    ) -> Outcome:
        outcome = Outcome(
            facility=facility.name,
            category_code=item.category.code,
            category=f"{item.category.name_zh} ({item.category.name_en})",
            row=row,
            started=now(),
        )
        folder = self.options.out / _slug(facility.name) / _slug(item.category.code)
        self.stream.write(
            f"\n== {index}/{total}: {facility.name} - {item.category.name_en} "
            f"({item.category.name_zh}) ==\n"
        )
        for attempt in range(1, self.options.retries + 2):
            outcome.attempts = attempt
            try:
                self._attempt(browser, facility, item, folder, outcome)
                break
            except RetryablePortalError as error:
                outcome.message = str(error)
                outcome.step = step_of(error)
                if attempt > self.options.retries:
                    outcome.status = "failed"
                    break
                kind = "session expired" if isinstance(error, SessionExpired) else "portal fault"
                self.stream.write(
                    f"      {kind}; starting this application again from step 1 "
                    f"(try {attempt + 1} of {self.options.retries + 1}): {error}\n"
                )
            except CiferBotError as error:
                outcome.status = "failed"
                outcome.message = str(error)
                outcome.step = step_of(error)
                break
            except PlaywrightTimeout as error:
                # A control that did not answer in time: as safe to retry as a slow page.
                outcome.message = f"the portal did not answer in time: {first_line(error)}"
                outcome.status = "failed"
                if attempt > self.options.retries:
                    break
                self.stream.write(f"      {outcome.message}; starting again from step 1\n")
            except PlaywrightError as error:
                outcome.status = "failed"
                outcome.message = f"the browser reported: {first_line(error)}"
                if "net::ERR_" in str(error):
                    outcome.message += (
                        "; the portal could not be reached: check the network or the proxy, "
                        "or try the offline replica with --dry-run"
                    )
                break
        outcome.finished = now()
        outcome.artifacts = sorted(str(p) for p in folder.glob("*") if p.is_file())
        if outcome.status == "failed":
            self.stream.write(f"      FAILED: {outcome.message}\n")
        return outcome

    def _attempt(
        self,
        browser: Browser,
        facility: Facility,
        item: Application,
        folder: Path,
        outcome: Outcome,
    ) -> None:
        username = facility.account.username
        context = browsers.new_context(
            browser,
            allowed_hosts=self.allowed_hosts,
            timeout_ms=self.options.timeout_s * 1000,
            # Signed in for an earlier application of the same account: no second captcha.
            storage_state=self.signed_in.get(username),
        )
        try:
            page = context.new_page()
            narrator = Narrator(stream=self.stream, banner=self.options.headed)
            narrator.attach(page)
            flow = Flow.build(
                page,
                selectors=self.selectors,
                narrator=narrator,
                portal_url=self.portal_url,
                artifacts=folder,
                timeout_s=self.options.timeout_s,
            )
            landing.open_new_portal(flow)
            portal_menu.open_registration_system(flow)
            if not facility.account_exists and username not in self.created:
                abroad = AbroadAccount.from_details(facility.account, self.password(facility))
                rows = account.fill_registration(flow, abroad)
                if not self.options.create_accounts:
                    outcome.review = rows
                    self._stop(flow, outcome, folder, status="account_form")
                    return
                account.register(flow)
                self.created.add(username)
                outcome.account_created = True
            login.log_in(
                flow, username=username, password=self.password(facility), solver=self.solver
            )
            # Kept in memory only, for this run: a login is a secret and is never written.
            self.signed_in[username] = context.storage_state()
            home.open_applications(flow)
            category.choose_category(flow, item.category)
            frame, rows = application.fill_application(flow, item)
            outcome.review = rows
            save = self.options.save_draft
            if save if save is not None else not self.options.headed:
                application.save_draft(flow, frame)
                outcome.draft_saved = True
            self._stop(flow, outcome, folder, status="review")
        except BaseException:
            # A failed attempt starts the next one signed out: its session may be the fault.
            self.signed_in.pop(username, None)
            raise
        finally:
            context.close()

    def _stop(self, flow: Flow, outcome: Outcome, folder: Path, *, status: str) -> None:
        """The review stop: full-page screenshot, review table, and in a headed run, a wait."""
        folder.mkdir(parents=True, exist_ok=True)
        flow.narrator.hide_banner()
        shot = folder / "review.png"
        whole_page_screenshot(flow.page, shot)
        outcome.status = "review" if status == "review" else "account_form"
        outcome.screenshot = str(shot)
        table = folder / "review.md"
        write_atomically(table, review_markdown(outcome))
        outcome.review_table = str(table)
        mismatches = len(outcome.mismatches)
        outcome.message = (
            f"stopped for review; {len(outcome.review)} fields read back, {mismatches} differ"
        )
        self.stream.write(f"      review table: {table}\n      screenshot:   {shot}\n")
        if self.options.headed:
            self._wait_for_person(flow, outcome)

    def _wait_for_person(self, flow: Flow, outcome: Outcome) -> None:
        """Headed: leave the window on the form until the person closes it.

        If the person presses 提交 and the portal shows its 18-digit application number,
        the number is recorded in the report.
        """
        self.stream.write(
            "      The browser shows the filled form. Check it against the review table; "
            "press 提交 yourself if it is right. Close the browser window when done.\n"
        )
        deadline = time.monotonic() + self.options.review_wait_s
        while time.monotonic() < deadline and not flow.page.is_closed():
            frame = flow.where("result")
            if frame is not None and outcome.application_no is None:
                with contextlib.suppress(Exception):
                    found = re.search(r"(?<!\d)\d{18}(?!\d)", frame.locator("body").inner_text())
                    if found:
                        outcome.application_no = found.group(0)
                        self.stream.write(
                            f"      submitted by hand: application number {found.group(0)}\n"
                        )
            try:
                flow.page.wait_for_timeout(500)
            except Exception:  # the person closed the window
                break

    # -- the batch -----------------------------------------------------------------
    def run(
        self, plan: Plan, report: RunReport, journal: Journal, browser: Browser | None = None
    ) -> None:
        if not plan.items:
            return  # nothing valid to fill: no browser needed
        self.seed_replica(plan)
        total = len(plan.items)
        with browsers.open_browser(
            given=browser, headless=not self.options.headed, slow_mo=self.options.slow_mo
        ) as running:
            for index, (facility, row, item) in enumerate(plan.items, start=1):
                before = journal.finished_before(facility.name, item.category.code)
                if before is not None and not self.options.again:
                    skipped = Outcome(
                        facility=facility.name,
                        category_code=item.category.code,
                        category=f"{item.category.name_zh} ({item.category.name_en})",
                        row=row,
                        status="skipped",
                        message=f"reached the review stop on {before.get('at')}; "
                        "--again fills it anew",
                    )
                    self.stream.write(
                        f"\n== {index}/{total}: {facility.name}: skipped, {skipped.message} ==\n"
                    )
                    report.add(skipped)
                    continue
                outcome = self.run_one(running, facility, row, item, index, total)
                journal.record(outcome)
                report.add(outcome)


def whole_page_screenshot(page: Page, path: Path) -> None:
    """One picture of the whole form, even where it scrolls inside the portal's iframe.

    The iframe is stretched to its document's height and the window to fit it; a plain
    full-page screenshot would cut the form at the iframe's bottom edge.
    """
    viewport = page.viewport_size
    tallest = 0.0
    for frame in page.frames[1:]:
        with contextlib.suppress(Exception):
            height = float(frame.evaluate("() => document.documentElement.scrollHeight"))
            element = frame.frame_element()
            element.evaluate("(el, h) => { el.style.height = h + 'px'; }", height)
            box = element.bounding_box()
            if box is not None:
                tallest = max(tallest, box["y"] + height + 40)
    if viewport is not None and tallest > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": int(tallest)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if viewport is not None:
            page.set_viewport_size(viewport)


def fill(
    options: FillOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Run `cifer-bot fill`; the exit code: 0 all at review, 1 a portal failure, 2 bad input.

    `browser`: one the caller already runs (tests); by default the tool starts its own.
    """
    out_stream = stream or sys.stderr
    selectors = load_selector_map(options.selectors)
    intake = read_facilities(options.facility_file)
    for line in intake.lines():
        out_stream.write(f"invalid: {line}\n")
    out_stream.write(intake.summary() + "\n")
    plan = make_plan(intake, options.only)
    options.out.mkdir(parents=True, exist_ok=True)
    credentials = load_credentials()
    with open_portal(
        dry_run=options.dry_run,
        portal_url=options.portal_url,
        faults=options.faults,
        selectors=selectors,
    ) as (portal_url, replica):
        where = "the offline replica at " + portal_url if replica else portal_url
        out_stream.write(f"Portal: {where} (selector map {selectors.version})\n")
        filler = Filler(
            options,
            selectors=selectors,
            portal_url=portal_url,
            replica=replica,
            credentials=credentials,
            stdin=stdin,
            stream=out_stream,
        )
        report = RunReport(
            path=options.out / "report.json",
            selectors=selectors.version,
            portal_url=portal_url,
            dry_run=options.dry_run,
        )
        report.invalid = [problem.as_dict() for problem in intake.problems]
        for problem in filler.password_problems(plan):
            report.invalid.append(problem)
            out_stream.write(
                f'invalid: row {problem["row"]}, "{problem["facility"]}": password (密码): '
                f"{problem['rule']}\n"
            )
        report.save()
        journal = Journal(options.out / "journal.jsonl", journal_portal(portal_url, replica))
        filler.run(plan, report, journal, browser)
        report.finished = now()
        report.save()
    counts = report.counts()
    out_stream.write(
        f"\nDone: {counts['review']} at the review stop, {counts['account_form']} account forms "
        f"to register, {counts['failed']} failed, {counts['skipped']} skipped, "
        f"{counts['invalid']} invalid rows. Report: {report.path}\n"
    )
    if counts["failed"]:
        return 1
    return 2 if report.invalid else 0


def journal_portal(portal_url: str, replica: Replica | None) -> str:
    """How the journal names the portal of a run: dry runs on the replica are their own."""
    if replica is not None:
        return "dry run (offline replica)"
    parts = urlsplit(portal_url)
    return f"{parts.scheme}://{parts.netloc}"


def step_of(error: Exception) -> str:
    """The guide's step an error happened at, as its message names it (`step 5 (...)`)."""
    named = getattr(error, "step", None)
    if isinstance(named, str) and named:
        return named
    found = re.match(r"step \d \([^)]*\)", str(error))
    return found.group(0) if found else ""
