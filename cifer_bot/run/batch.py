"""`cifer-bot fill`: facility file -> plan -> the route for each application -> journal
-> report.

Applications run one after another, each in a fresh browser context, and stop on the
filled form. Faults of the portal where a retry is safe (an HTTP 5xx page, an expired
session, a page that did not show in time) are retried from step 1: nothing is ever
submitted, so starting again harms nothing. What an earlier run with the same `--out`
finished is skipped (`--again` fills it anew).
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot import browser as browsers
from cifer_bot.credentials import load_credentials
from cifer_bot.errors import CiferBotError, exit_code, first_line
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.files import make_folder
from cifer_bot.journal import JsonLinesJournal, done
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, Plan, PlanItem, make_plan
from cifer_bot.report import Outcome, RunReport, now
from cifer_bot.run.attempt import Run, attempt, key_of
from cifer_bot.run.setup import load_map, open_run
from cifer_bot.steps.faults import RetryablePortalError, SessionExpired


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
    out = stream or sys.stderr
    selectors = load_map(options)
    intake = read_facilities(options.facility_file)
    for line in intake.lines():
        out.write(f"invalid: {line}\n")
    for line in intake.warning_lines():
        out.write(line + "\n")
    out.write(intake.summary() + "\n")
    passwords = Passwords(load_credentials(), dry_run=options.dry_run)
    plan = make_plan(intake, options.only, passwords)
    for problem in plan.problems:
        out.write(
            f'invalid: row {problem["row"]}, "{problem["facility"]}": password (密码): '
            f"{problem['rule']}\n"
        )
    make_folder(options.out)
    with open_run(options, selectors, stdin=stdin) as portal:
        out.write(portal.describe() + "\n")
        report = RunReport(
            path=options.out / "report.json",
            selectors=selectors.version,
            portal_url=portal.url,
            dry_run=options.dry_run,
        )
        report.invalid = [problem.as_dict() for problem in intake.problems] + plan.problems
        report.save()
        journal = JsonLinesJournal(options.out / "journal.jsonl", portal.journal_name)
        run = Run(options, portal, passwords, journal, out)
        run_plan(run, plan, report, browser)
        report.finished = now()
        report.save()
    counts = report.counts()
    out.write(
        f"\nDone: {counts['review']} at the review stop, {counts['account_form']} account forms "
        f"to register, {counts['mismatch']} filled with fields that differ (not saved), "
        f"{counts['failed']} failed, {counts['skipped']} skipped, "
        f"{counts['invalid']} invalid rows. Report: {report.path}\n"
    )
    failed = bool(counts["failed"] or counts["mismatch"])
    return exit_code(failed=failed, invalid=bool(report.invalid))


def run_plan(run: Run, plan: Plan, report: RunReport, browser: Browser | None = None) -> None:
    """Every application of the plan, one after another, each recorded as it ends."""
    if not plan.items:
        return  # nothing valid to fill: no browser needed
    seed_replica(run, plan)
    total = len(plan.items)
    with browsers.open_browser(
        given=browser, headless=not run.options.headed, slow_mo=run.options.slow_mo
    ) as running:
        for index, item in enumerate(plan.items, start=1):
            before = done(run.journal, key_of(item))
            if before is not None and not run.options.again:
                skipped = _outcome(item)
                skipped.status = "skipped"
                skipped.message = (
                    f"reached the review stop on {before.get('at')}; --again fills it anew"
                )
                run.stream.write(
                    f"\n== {index}/{total}: {item.facility.name}: skipped, {skipped.message} ==\n"
                )
                report.add(skipped)
                continue
            outcome = run_one(run, running, item, index, total)
            run.journal.finish(key_of(item), outcome.status, outcome.message, outcome.finished)
            report.add(outcome)


def seed_replica(run: Run, plan: Plan) -> None:
    """A dry run's existing accounts exist on the replica, with the password we hold."""
    replica = run.portal.replica
    if replica is None:
        return
    for item in plan.items:
        facility = item.facility
        if facility.account_exists:
            kind = "authority" if facility.account_origin == "competent_authority" else "self"
            replica.add_account(
                item.username, run.passwords.of(facility).get_secret_value(), kind=kind
            )


def _outcome(item: PlanItem) -> Outcome:
    category = item.application.category
    return Outcome(
        facility=item.facility.name,
        category_code=category.code,
        category=f"{category.name_zh} ({category.name_en})",
        username=item.username,
        row=item.row,
        started=now(),
    )


def _slug(text: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in text).strip("-")
    return "-".join(part for part in slug.split("-") if part)[:60] or "facility"


def run_one(run: Run, browser: Browser, item: PlanItem, index: int, total: int) -> Outcome:
    """One application, with retries after faults where a fresh start is safe."""
    outcome = _outcome(item)
    category = item.application.category
    folder = run.options.out / _slug(item.facility.name) / _slug(category.code)
    run.stream.write(
        f"\n== {index}/{total}: {item.facility.name} - {category.name_en} ({category.name_zh}) ==\n"
    )
    retries = run.options.retries
    for number in range(1, retries + 2):
        outcome.attempts = number
        try:
            attempt(run, browser, item, folder, outcome)
            break
        except RetryablePortalError as error:
            outcome.message = str(error)
            outcome.step = step_of(error)
            if number > retries:
                outcome.status = "failed"
                break
            kind = "session expired" if isinstance(error, SessionExpired) else "portal fault"
            run.stream.write(
                f"      {kind}; starting this application again from step 1 "
                f"(try {number + 1} of {retries + 1}): {error}\n"
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
            if number > retries:
                break
            run.stream.write(f"      {outcome.message}; starting again from step 1\n")
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
        run.stream.write(f"      FAILED: {outcome.message}\n")
    return outcome


def step_of(error: Exception) -> str:
    """The guide's step an error happened at, as its message names it (`step 5 (...)`)."""
    named = getattr(error, "step", None)
    if isinstance(named, str) and named:
        return named
    found = re.match(r"step \d \([^)]*\)", str(error))
    return found.group(0) if found else ""
