"""One application, as far as it safely goes: retried after faults where a fresh start
is safe, never after a press whose outcome is unknown (the portal is asked first), and
never at all for an account the run stopped (a refused password, three wrong captchas,
a password the portal wants changed): portals lock accounts."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.errors import CiferBotError, first_line
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome, now
from cifer_bot.run.accounts import stop_account
from cifer_bot.run.attempt import AccountSession, Run, attempt, key_of, look_up
from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.faults import (
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


def folder_of(run: Run, item: PlanItem) -> Path:
    def slug(text: str) -> str:
        cut = "".join(c if c.isalnum() else "-" for c in text).strip("-")
        return "-".join(part for part in cut.split("-") if part)[:60] or "facility"

    return run.options.out / slug(item.facility.name) / slug(item.application.category.code)


def run_one(run: Run, session: AccountSession, item: PlanItem, index: int, total: int) -> Outcome:
    """One application, with retries after faults where a fresh start is safe."""
    outcome = new_outcome(item)
    category = item.application.category
    folder = folder_of(run, item)
    run.stream.write(
        f"\n== {index}/{total}: {item.facility.name} - {category.name_en} ({category.name_zh}) ==\n"
    )
    pending = run.journal.pending(key_of(item))
    go_on = pending is None or settle_unknown(run, session, item, folder, outcome, pending)
    retries = run.options.retries
    for number in range(1, retries + 2) if go_on else ():
        outcome.attempts = number
        run.journal.attempt(key_of(item), number)
        try:
            attempt(run, session, item, folder, outcome)
            break
        except UnknownOutcome as error:
            run.stream.write(f"      {error}\n")
            if not settle_unknown(run, session, item, folder, outcome, error.action):
                break
        except (LoginRefused, CaptchaError, PasswordChangeRequired) as error:
            _fail(outcome, error)
            stop_account(run, item, error)
            break
        except RetryablePortalError as error:
            _fail(outcome, error)
            if number > retries:
                break
            kind = "session expired" if isinstance(error, SessionExpired) else "portal fault"
            run.stream.write(
                f"      {kind}; starting this application again from step 1 "
                f"(try {number + 1} of {retries + 1}): {error}\n"
            )
        except CiferBotError as error:
            _fail(outcome, error)
            break
        except PlaywrightTimeout as error:
            # A control that did not answer in time: as safe to retry as a slow page.
            outcome.message = f"the portal did not answer in time: {first_line(error)}"
            outcome.status = "failed"
            outcome.error_class = "PageTimeout"
            if number > retries:
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
    outcome.finished = now()
    outcome.artifacts = sorted(str(p) for p in folder.glob("*") if p.is_file())
    if outcome.status in {"failed", "check"}:
        run.stream.write(f"      {outcome.status.upper()}: {outcome.message}\n")
    return outcome


def settle_unknown(
    run: Run, session: AccountSession, item: PlanItem, folder: Path, outcome: Outcome, action: str
) -> bool:
    """Ask the portal what came of a press whose outcome is unknown; whether to fill the
    application now. A draft found means done; an account the login shows to exist means
    go on; a portal that cannot tell means a person looks, and nothing is done again."""
    key = key_of(item)
    run.stream.write(f"      an earlier {action} was never confirmed: asking the portal\n")
    enterprise = item.application.enterprise_name
    sub_item = item.application.category.name_zh
    try:
        listed = look_up(run, session, item, folder)
    except (CiferBotError, PlaywrightError) as error:
        outcome.status = "check"
        outcome.message = (
            f"{action} was pressed for it and the portal did not confirm it; the tool could "
            f"not ask the portal ({first_line(error)}). Look on the portal (综合查询) for "
            f"{sub_item} of {enterprise} before filling it again (--again)"
        )
        return False
    if action == "立即注册":
        # The login just worked: the account exists, whoever created it.
        run.accounts.created.add(item.username)
        run.journal.resolve(key, action, found=True)
        run.stream.write(f"      the account {item.username} exists: signing in to it\n")
        return True
    found = [row for row in listed if row.names(sub_item, enterprise)]
    run.journal.resolve(key, action, found=bool(found))
    if found:
        run.journal.synced(
            key,
            portal_status=found[-1].status or "listed",
            draft_no=found[-1].draft_no,
            application_no=found[-1].number,
        )
    if not found:
        run.stream.write(f"      综合查询 lists no {sub_item} of {enterprise}: filling it again\n")
        return True
    outcome.status = "review"
    outcome.draft_saved = True
    outcome.message = (
        f"the portal holds it already (综合查询: {' | '.join(found[-1].cells)}): the draft an "
        "earlier attempt saved; it is not saved again. Open it on the portal, check it, and "
        "press 提交 yourself"
    )
    run.stream.write(f"      {outcome.message}\n")
    return False


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
