"""One application, as far as it safely goes: retried after faults where a fresh start
is safe, never after a press whose outcome is unknown (the portal is asked first, by
`judge`), and never at all for an account the run stopped (a refused password, three
wrong captchas, a password the portal wants changed): portals lock accounts."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.errors import CiferBotError, first_line
from cifer_bot.files import folder_name
from cifer_bot.journal import ClaimLost
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome, now
from cifer_bot.run.accounts import stop_account
from cifer_bot.run.attempt import AccountSession, Run, attempt, key_of
from cifer_bot.run.judge import ready, saved_untold
from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.faults import (
    AccountExists,
    LoginRefused,
    PasswordChangeRequired,
    RetryablePortalError,
    SessionExpired,
    UnknownOutcome,
)


def new_outcome(item: PlanItem) -> Outcome:
    category = item.application.category
    return Outcome(
        facility=item.facility.name,
        category_code=category.code,
        category=f"{category.name_zh} ({category.name_en})",
        username=item.username,
        row=item.row,
        started=now(),
    )


def title_of(item: PlanItem) -> str:
    """How the run's lines name an application: its facility and food category."""
    category = item.application.category
    return f"{item.facility.name} - {category.name_en} ({category.name_zh})"


def folder_of(run: Run, item: PlanItem) -> Path:
    """Where an application's review files go: OUT/<facility>/<category>."""
    category = item.application.category.code
    return run.options.out / folder_name(item.facility.name) / folder_name(category)


def run_one(run: Run, session: AccountSession, item: PlanItem, index: int, total: int) -> Outcome:
    """One application, with retries after faults where a fresh start is safe; before
    each try, the portal and the journal judge whether it is to be filled (`judge`)."""
    outcome = new_outcome(item)
    folder = folder_of(run, item)
    run.stream.write(f"\n== {index}/{total}: {title_of(item)} ==\n")
    key = key_of(item)
    tries = run.options.retries + 1
    number = 0
    while True:
        try:
            if not ready(run, session, item, folder, outcome) or number >= tries:
                break
            number += 1
            outcome.attempts = number
            run.journal.attempt(key, number)
            attempt(run, session, item, folder, outcome)
            break
        except AccountExists as exists:
            # Not a fault: the name is taken, so the account exists. The next try signs
            # in to it, once 综合查询 has told what it holds.
            run.stream.write(f"      {exists}\n")
            tries += 1
        except UnknownOutcome as error:
            _fail(outcome, error)  # the next look asks the portal, never presses blindly
            run.stream.write(f"      {error}\n")
        except ClaimLost:
            raise  # another worker owns the account now: nothing of it is recorded here
        except (LoginRefused, CaptchaError, PasswordChangeRequired) as error:
            _fail(outcome, error)
            stop_account(run, item, error)
            break
        except RetryablePortalError as error:
            _fail(outcome, error)
            if number >= tries:
                break
            kind = "session expired" if isinstance(error, SessionExpired) else "portal fault"
            run.stream.write(
                f"      {kind}; starting this application again from step 1 "
                f"(try {number + 1} of {tries}): {error}\n"
            )
        except CiferBotError as error:
            _fail(outcome, error)
            break
        except PlaywrightTimeout as error:
            # A control that did not answer in time: as safe to retry as a slow page.
            outcome.message = f"the portal did not answer in time: {first_line(error)}"
            outcome.status = "failed"
            outcome.error_class = "PageTimeout"
            if number >= tries:
                break
            run.stream.write(f"      {outcome.message}; starting again from step 1\n")
        except PlaywrightError as error:
            outcome.status = "failed"
            outcome.error_class = "BrowserError"
            outcome.message = f"the browser reported: {first_line(error)}"
            if "net::ERR_" in str(error):
                outcome.message += (
                    "; the portal could not be reached: check the network or the proxy, "
                    "or try the offline replica with --dry-run"
                )
            break
    if outcome.status == "failed" and (saved := run.journal.draft_untold(key)) is not None:
        saved_untold(outcome, saved, then=outcome.message)  # a draft whatever failed after
        run.stream.write(f"      SAVED, WITHOUT REVIEW FILES: {outcome.message}\n")
    outcome.finished = now()
    outcome.artifacts = sorted(str(p) for p in folder.glob("*") if p.is_file())
    if outcome.status in {"failed", "check"}:
        run.stream.write(f"      {outcome.status.upper()}: {outcome.message}\n")
    return outcome


def _fail(outcome: Outcome, error: Exception) -> None:
    outcome.status = "failed"
    outcome.message = str(error)
    outcome.error_class = type(error).__name__
    outcome.step = step_of(error)


def step_of(error: Exception) -> str:
    """The guide's step an error happened at, as its message names it (`step 5 (...)`)."""
    named = getattr(error, "step", None)
    if isinstance(named, str) and named:
        return named
    found = re.match(r"step \d \([^)]*\)", str(error))
    return found.group(0) if found else ""
