"""`cifer-bot fill`: facility file -> plan -> the route for each application -> journal
-> report.

Applications run one after another, each in a fresh browser context, and stop on the
filled form. Faults of the portal where a retry is safe (an HTTP 5xx page, an expired
session, a page that did not show in time) are retried from step 1: nothing is ever
submitted, so starting again harms nothing. What an earlier run with the same journal
(`--out`, or `--state`) finished is skipped (`--again` fills it anew); the report is
rebuilt from the journal at the end, for the whole list.
"""

from __future__ import annotations

import sys
from typing import TextIO

from playwright.sync_api import Browser

from cifer_bot.credentials import load_credentials
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.files import make_folder
from cifer_bot.journal import Record
from cifer_bot.journal.logins import user_logins
from cifer_bot.journal.queue import SETTLED
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, Plan, PlanItem, make_plan
from cifer_bot.report import Outcome, now
from cifer_bot.run.accounts import account_stopped, seed_replica
from cifer_bot.run.attempt import Run, key_of
from cifer_bot.run.one import new_outcome, title_of
from cifer_bot.run.records import (
    invalid_rows,
    journal_of,
    rebuild_report,
    row_fields,
    say_problems,
)
from cifer_bot.run.setup import load_map, open_run
from cifer_bot.run.showing import LEFT_FOR_A_PERSON, showing, summary
from cifer_bot.run.workers import FileWork, by_account, run_accounts


def fill(
    options: FillOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Run `cifer-bot fill`; the exit code: 0 all at review, 1 a portal failure, 2 bad input.

    `browser`: one the caller already runs (tests); by default the tool starts its own.
    With `options.journal`, the work comes from that shared journal (`run.claimed`).
    """
    if options.journal is not None:
        from cifer_bot.run.claimed import fill_shared  # psycopg, for a shared journal only

        return fill_shared(options, stdin=stdin, stream=stream, browser=browser)
    out = stream or sys.stderr
    selectors = load_map(options)
    intake = read_facilities(options.file)
    out.writelines(line + "\n" for line in intake.told())
    passwords = Passwords(load_credentials(), dry_run=options.dry_run)
    plan = make_plan(intake, options.only, passwords)
    say_problems(plan, out)
    make_folder(options.out)
    outcomes: list[Outcome] = []
    invalid = invalid_rows(intake, plan)
    with (
        open_run(options, selectors, stdin=stdin) as portal,
        journal_of(options.out, options.state, portal.journal_name, out) as journal,
        user_logins(portal.journal_name) as logins,
    ):
        out.write(portal.describe() + "\n")
        changed = journal.remember_rows(row_fields(plan))
        for line in changed:
            out.write(f"changed: {line}\n")
        if changed and not options.again:
            out.write(
                "  (an application that reached its stop is not filled again: its draft on the "
                "portal keeps the old values; --only NAME --again fills it anew)\n"
            )
        try:
            with showing(options, portal, out) as (progress, lines):
                run = Run(
                    options, portal, passwords, journal, lines, progress=progress, logins=logins
                )
                run_plan(run, plan, outcomes, browser)
        finally:
            # Rebuilt from the journal: the whole list, whichever run filled what.
            _, _, html_path = rebuild_report(journal, intake, invalid, options.out)
    return summary(out, outcomes, invalid, html_path)


def run_plan(run: Run, plan: Plan, outcomes: list[Outcome], browser: Browser | None = None) -> None:
    """Every application of the plan, account by account, each journalled as it ends.
    What is not filled now (done before, its account stopped) opens no browser."""
    total = len(plan.items)
    todo: list[tuple[int, PlanItem]] = []
    for index, item in enumerate(plan.items, start=1):
        before = run.journal.last(key_of(item))
        skipped = _not_now(run, item, before)
        if skipped is None:
            todo.append((index, item))
            continue
        run.stream.write(
            f"\n== {index}/{total}: {title_of(item)}: {skipped.status}, {skipped.message} ==\n"
        )
        if skipped.status == "failed":
            run.journal.finish(key_of(item), skipped.as_dict())
        outcomes.append(skipped)
    if not todo:
        return
    seed_replica(run, plan.items)
    run.progress.total = len(todo)
    run_accounts(run, FileWork(by_account(todo)), total, outcomes, browser)


def _not_now(run: Run, item: PlanItem, before: Record | None) -> Outcome | None:
    """Why an application is not filled in this run, if it is not: done before (its
    last ending `before`: at review, or left for a person), or its account stopped (a
    password the portal refused stays refused until it changes, in this run and the next)."""
    outcome = new_outcome(item)
    if before is not None and before.get("status") in SETTLED and not run.options.again:
        outcome.status = "skipped"
        done_or_left = {
            "review": "reached the review stop",
            "saved": "was saved on the portal, without review files,",
        }.get(str(before.get("status")), LEFT_FOR_A_PERSON)
        outcome.message = f"{done_or_left} on {before.get('at')}; --again fills it anew"
        return outcome
    stopped = account_stopped(run, item)
    if stopped is not None:
        outcome.status = "failed"
        outcome.message = f"not tried: {stopped}"
        outcome.finished = now()
        return outcome
    return None
