"""`cifer-bot fill`: facility file -> plan -> the route for each application -> journal
-> report.

Applications run one after another, each in a fresh browser context, and stop on the
filled form. Faults of the portal where a retry is safe (an HTTP 5xx page, an expired
session, a page that did not show in time) are retried from step 1: nothing is ever
submitted, so starting again harms nothing. What an earlier run with the same `--out`
finished is skipped (`--again` fills it anew).
"""

from __future__ import annotations

import sys
from typing import TextIO

from playwright.sync_api import Browser

from cifer_bot import browser as browsers
from cifer_bot.credentials import load_credentials, same_password
from cifer_bot.errors import exit_code
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.files import make_folder
from cifer_bot.journal import JsonLinesJournal
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, Plan, PlanItem, make_plan
from cifer_bot.report import Outcome, RunReport, now
from cifer_bot.run.attempt import Run, key_of, login_passwords
from cifer_bot.run.one import new_outcome, run_one
from cifer_bot.run.setup import load_map, open_run


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
        journal = JsonLinesJournal(options.out / "journal.jsonl", portal.journal_name)
        if journal.skipped:
            out.write(
                f"warning: {journal.skipped} line(s) of {journal.path} were cut short by a "
                "crash; they are skipped\n"
            )
        journal.lock()
        try:
            report.save()
            run = Run(options, portal, passwords, journal, out)
            run_plan(run, plan, report, browser)
            report.finished = now()
            report.save()
        finally:
            journal.unlock()
    counts = report.counts()
    out.write(
        f"\nDone: {counts['review']} at the review stop, {counts['account_form']} account forms "
        f"to register, {counts['mismatch']} filled with fields that differ (not saved), "
        f"{counts['check']} left for a person to check on the portal, "
        f"{counts['failed']} failed, {counts['skipped']} skipped, "
        f"{counts['invalid']} invalid rows. Report: {report.path}\n"
    )
    failed = bool(counts["failed"] or counts["mismatch"] or counts["check"])
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
            skipped = _not_now(run, item)
            if skipped is not None:
                run.stream.write(
                    f"\n== {index}/{total}: {item.facility.name}: {skipped.status}, "
                    f"{skipped.message} ==\n"
                )
                if skipped.status == "failed":
                    run.journal.finish(key_of(item), "failed", skipped.message, now())
                report.add(skipped)
                continue
            outcome = run_one(run, running, item, index, total)
            run.journal.finish(key_of(item), outcome.status, outcome.message, outcome.finished)
            report.add(outcome)


def _not_now(run: Run, item: PlanItem) -> Outcome | None:
    """Why an application is not filled in this run, if it is not: done before (or left
    for a person), or its account stopped (a password the portal refused stays refused
    until it changes, in this run and the next)."""
    outcome = new_outcome(item)
    before = run.journal.last(key_of(item))
    if before is not None and before.get("status") in {"review", "check"} and not run.options.again:
        outcome.status = "skipped"
        done_or_left = (
            "reached the review stop"
            if before.get("status") == "review"
            else "was left for a person to check on the portal"
        )
        outcome.message = f"{done_or_left} on {before.get('at')}; --again fills it anew"
        return outcome
    username = item.username
    refusal = run.journal.refused(username)
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
    if username in run.accounts.stopped:
        outcome.status = "failed"
        outcome.message = f"not tried: {run.accounts.stopped[username]}"
        outcome.finished = now()
        return outcome
    return None


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
