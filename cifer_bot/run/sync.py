"""`cifer-bot sync FILE`: what the portal holds of each application, into the journal.

Each account of the list signs in once (one captcha) and its 综合查询 (comprehensive
query) is read: a draft and its number, or a submission and its application number,
so that an application a person submitted by hand after a headless run gets its number
in the journal, `status` and the report. Nothing is typed into a form, nothing pressed
but the login and the query's link.
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from cifer_bot import browser as browsers
from cifer_bot.credentials import load_credentials
from cifer_bot.errors import CiferBotError, exit_code, first_line
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.files import folder_name, make_folder
from cifer_bot.journal.logins import user_logins
from cifer_bot.options import FillOptions
from cifer_bot.plan import Passwords, PlanItem, make_plan
from cifer_bot.run.accounts import account_stopped, seed_replica, stop_account
from cifer_bot.run.attempt import AccountSession, Run, key_of, look_up
from cifer_bot.run.records import invalid_rows, journal_of, rebuild_report, say_problems
from cifer_bot.run.setup import load_map, open_run
from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.faults import LoginRefused, PasswordChangeRequired
from cifer_bot.steps.query import Listed


def sync(
    options: FillOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Run `cifer-bot sync FILE`; 0 when every account was read, 1 when one could not
    be. (With --journal, `run.sync_shared` reads the accounts of a shared list.)"""
    out = stream or sys.stderr
    selectors = load_map(options)
    intake = read_facilities(options.file)
    out.write(intake.summary() + "\n")
    passwords = Passwords(load_credentials(), dry_run=options.dry_run)
    plan = make_plan(intake, options.only, passwords)
    say_problems(plan, out)
    accounts: dict[str, list[PlanItem]] = {}
    for item in plan.items:
        accounts.setdefault(item.username, []).append(item)
    make_folder(options.out)
    tally = new_tally()
    with (
        open_run(options, selectors, stdin=stdin) as portal,
        journal_of(options.out, options.state, portal.journal_name, out) as journal,
        user_logins(portal.journal_name) as logins,
    ):
        out.write(portal.describe() + "\n")
        run = Run(options, portal, passwords, journal, out, logins=logins)
        seed_replica(run, plan.items)
        failed = sync_accounts(
            run, browser, list(accounts), lambda name: contextlib.nullcontext(accounts[name]), tally
        )
        _, _, html_path = rebuild_report(journal, intake, invalid_rows(intake, plan), options.out)
    return closing(out, tally, html_path, failed=failed)


def sync_accounts(
    run: Run,
    browser: Browser | None,
    accounts: list[str],
    items_of: Callable[[str], AbstractContextManager[list[PlanItem] | None]],
    tally: Counter[str],
) -> bool:
    """Read 综合查询 of each account in turn, its applications held by `items_of` while
    it is read (None: it cannot be read now); whether one could not be read."""
    out, options = run.stream, run.options
    if run.portal.replica is not None:
        out.write(
            "The replica this run serves starts empty: it lists only what this run puts "
            "there, so an application it does not list keeps what the journal says. To "
            "rehearse sync, serve one replica with `cifer-bot replica` and give its "
            "address to fill and sync (--portal-url).\n"
        )
    failed = False
    with browsers.open_browser(
        given=browser, headless=not options.headed, slow_mo=options.slow_mo
    ) as running:
        for number, username in enumerate(accounts, start=1):
            out.write(f"\n== {number}/{len(accounts)}: account {username} ==\n")
            with items_of(username) as items:
                if items is None:
                    read: bool | None = False
                else:
                    session = AccountSession(run, running, username)
                    try:
                        read = _sync_account(run, session, items, tally)
                    finally:
                        session.close()
            if read is not None:  # None: no account to read yet
                tally["accounts read" if read else "accounts not read"] += 1
                failed |= not read
    return failed


def new_tally() -> Counter[str]:
    return Counter({what: 0 for what in _TALLY})


def closing(out: TextIO, tally: Counter[str], html_path: Path, *, failed: bool) -> int:
    """Sync's last lines, and its exit code."""
    said = ", ".join(
        f"{count} {_ONE.get(what, what) if count == 1 else what}"
        for what, count in tally.items()
        if count
    )
    out.write(f"\nSynced: {said or 'nothing to read'}\nReport: {html_path}\n")
    return exit_code(failed=failed)


_ONE = {
    "accounts read": "account read",
    "accounts not read": "account not read",
    "accounts without a password here": "account without a password here",
    "drafts": "draft",
}

# What the closing line counts, in its order.
_TALLY = (
    "accounts read",
    "accounts not read",
    "accounts without a password here",
    "submitted",
    "drafts",
    "listed otherwise",
    "not listed",
    "without an account yet",
)


def _sync_account(
    run: Run, session: AccountSession, items: list[PlanItem], tally: Counter[str]
) -> bool | None:
    """Read 综合查询 of one account into the journal; False when it could not be read,
    None when there is no account to read."""
    first = items[0]
    username = first.username
    if not (first.facility.account_exists or run.journal.account_exists(username)):
        run.stream.write(
            f"      not read: {username} has no account on the portal yet (the facility file "
            "says so, and no run signed in to it)\n"
        )
        tally["without an account yet"] += len(items)
        return None
    stopped = account_stopped(run, first)
    if stopped is not None:
        run.stream.write(f"      not read: {stopped}\n")
        return False
    folder = run.options.out / "sync" / folder_name(username)
    try:
        listed = look_up(run, session, first, folder)
    except (LoginRefused, CaptchaError, PasswordChangeRequired) as error:
        stop_account(run, first, error)
        run.stream.write(f"      FAILED: {error}\n")
        return False
    except (CiferBotError, PlaywrightError) as error:
        run.stream.write(f"      FAILED: {first_line(error)}\n")
        return False
    for record in run.records():
        record.accept_login(username)
    for item in items:
        tally[_record(run, item, listed)] += 1
    return True


def _record(run: Run, item: PlanItem, listed: list[Listed]) -> str:
    """Record what 综合查询 lists of one application; what the closing line counts."""
    sub_item = item.application.category.name_zh
    rows = [row for row in listed if row.names(sub_item, item.application.enterprise_name)]
    name = f"{item.facility.name} - {item.application.category.name_en} ({sub_item})"
    if not rows:
        saved = run.journal.last(key_of(item))
        if (
            saved is not None
            and saved.get("status") in {"review", "saved"}
            and saved.get("draft_saved")
        ):
            run.stream.write(
                f"      {name}: not listed on the portal, though a run saved its draft (暂存) "
                f"({saved.get('at') or 'in an earlier run'}): look for it on the portal "
                "(综合查询) before filling it again\n"
            )
        else:
            run.stream.write(f"      {name}: not listed on the portal\n")
        return "not listed"
    # A submission outranks a draft: it is what the draft became.
    submitted = [row for row in rows if row.status == "submitted"]
    row = (submitted or rows)[-1]
    run.journal.synced(
        key_of(item),
        portal_status=row.status or "listed",
        draft_no=row.draft_no,
        application_no=row.number,
    )
    shown = row.number or row.draft_no or ""
    also = f" ({len(rows)} rows on the portal name it)" if len(rows) > 1 else ""
    run.stream.write(f"      {name}: {row.status or 'listed'} {shown}{also}\n")
    return {"submitted": "submitted", "draft": "drafts"}.get(row.status or "", "listed otherwise")
