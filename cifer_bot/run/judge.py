"""The portal is the judge of "done": before an application is filled, what the portal
and the journal hold of it decides whether it is filled at all.

- A draft the portal confirmed (暂存) that no ending has told since (a run killed while
  it wrote the review files, a full disk) is on the portal: it is recorded as saved and
  never saved again.
- Before an account's first application of a run, its 综合查询 (comprehensive query) is
  read once: an application the portal lists, as a draft or submitted, is not filled
  again, whatever the journal holds (a lost journal, a new --out, another machine), or
  with --again is filled anew beside it. A press whose outcome is unknown (暂存) is
  settled by a fresh reading; one that cannot be made leaves it for a person.
- A 立即注册 whose outcome is unknown is pressed again: the portal says whether the name
  is taken (then the account exists, and is signed in to once).
- An account whose form a run filled and left for a person (or that read back other
  than the file) is filled once, for its first application: its others wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cifer_bot.errors import CiferBotError, first_line
from cifer_bot.journal import ClaimLost
from cifer_bot.journal.sql import SAVE_DRAFT
from cifer_bot.journal.sql_accounts import CREATE
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome
from cifer_bot.run.attempt import AccountSession, Run, key_of, look_up
from cifer_bot.run.visits import account_exists
from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.faults import LoginRefused, PasswordChangeRequired, RetryablePortalError
from cifer_bot.steps.query import Listed


@dataclass(frozen=True)
class Look:
    """One reading of an account's 综合查询: the rows it lists, or why it could not be read."""

    listed: list[Listed] | None
    failure: str = ""


def ready(
    run: Run, session: AccountSession, item: PlanItem, folder: Path, outcome: Outcome
) -> bool:
    """Whether to fill the application now; when not, `outcome` says why. Raises what a
    login raises (a refused password stops the account) while 综合查询 is read."""
    key = key_of(item)
    untold = run.journal.draft_untold(key)
    if untold is not None:
        saved_untold(outcome, untold)
        run.stream.write(f"      {outcome.message}\n")
        return False
    form = run.accounts.forms.get(item.username)
    if form is not None and not account_exists(run, item):
        outcome.status, outcome.message = form
        run.stream.write(f"      {outcome.message}\n")
        return False
    pending = run.journal.pending(key)
    if pending == CREATE:
        run.stream.write(
            f"      an earlier {CREATE} (Register now) was never confirmed: the account form is "
            "filled and pressed again, and the portal says whether the name is taken\n"
        )
        return True
    if not account_exists(run, item):
        return True  # a new account: the portal holds nothing of it
    if pending is None and (item.username in run.accounts.created or run.training is not None):
        # Created by this run: nothing of it to list. A training demo saves no draft of
        # its own, and walks the guide's six steps as they are.
        return True
    if pending is not None:
        run.stream.write(f"      an earlier {pending} was never confirmed: asking the portal\n")
    look = look_at(run, session, item, folder, fresh=pending is not None)
    category = item.application.category
    what = f"{category.name_zh} ({category.name_en}) of {item.application.enterprise_name}"
    if look.listed is None:
        if pending is not None:
            outcome.status = "check"
            outcome.message = (
                f"{pending} was pressed for it and the portal did not confirm it; 综合查询 "
                f"(comprehensive query) could not be read ({look.failure}). Look on the "
                f"portal (综合查询) for {what} before filling it again (--again)"
            )
            return False
        run.stream.write(
            f"      综合查询 (comprehensive query) could not be read, so whether the portal "
            f"holds {what} already is not known: filling it ({look.failure})\n"
        )
        return True
    rows = [
        row for row in look.listed if row.names(category.name_zh, item.application.enterprise_name)
    ]
    if pending is not None:
        run.journal.resolve(key, pending, found=bool(rows))
    if not rows:
        if pending is not None:
            run.stream.write(
                f"      综合查询 (comprehensive query) lists no {what}: filling it again\n"
            )
        return True
    submitted = [row for row in rows if row.status == "submitted"]
    row = (submitted or rows)[-1]
    run.journal.synced(
        key, portal_status=row.status or "listed", draft_no=row.draft_no, application_no=row.number
    )
    listed = _listed_as(row)
    if pending is None and run.options.again:
        run.stream.write(
            f"      note: {listed} already; --again saves another draft beside it: delete "
            "the older one on the portal\n"
        )
        return True
    outcome.status = "saved"
    outcome.draft_saved = not submitted
    if submitted:
        outcome.message = f"submitted on the portal already ({listed}): not filled again"
    elif pending is not None:
        outcome.message = (
            f"the portal holds the draft an earlier {pending} saved ({listed}): it is not "
            f"saved again, and this run wrote no review files for it. {OPEN_IT}"
        )
    else:
        outcome.message = (
            f"saved on the portal earlier ({listed}): not filled again, and this run wrote "
            f"no review files for it. {OPEN_IT}; --again fills it anew beside it"
        )
    run.stream.write(f"      {outcome.message}\n")
    return False


# What a person does with a draft on the portal that this run made no review files for.
OPEN_IT = "Open it on the portal (综合查询), check every field and press 提交 (Submit) yourself"


def _listed_as(row: Listed) -> str:
    """How 综合查询 lists an application, in words (its raw row is Chinese)."""
    if row.status == "submitted":
        return f"综合查询 lists it as submitted (已提交), application number {row.number or '?'}"
    if row.status == "draft":
        return f"综合查询 lists it as a draft (暂存), number {row.draft_no or '?'}"
    return f"综合查询 lists it: {' | '.join(row.cells)}"


def saved_untold(outcome: Outcome, at: str, *, then: str = "") -> None:
    """The outcome of an application whose draft the portal confirmed on `at` and whose
    ending no run told (it stopped first; `then`: what stopped it, in this run)."""
    stopped = f"then: {then}" if then else "and the run stopped before it told the ending"
    outcome.status = "saved"
    outcome.draft_saved = True
    outcome.message = (
        f"saved on the portal: the portal confirmed its draft ({SAVE_DRAFT}) on {at}, {stopped}; "
        f"its review files were not written, and it is not saved again. {OPEN_IT}"
    )


def look_at(
    run: Run, session: AccountSession, item: PlanItem, folder: Path, *, fresh: bool = False
) -> Look:
    """The account's 综合查询, read once per run (`fresh`: read again, after a press whose
    outcome is unknown). A portal fault is retried as a fill would be (--retries)."""
    if session.look is not None and not fresh:
        return session.look
    failure = ""
    for number in range(1, run.options.retries + 2):
        try:
            listed = look_up(run, session, item, folder)
        except (RetryablePortalError, PlaywrightTimeout) as error:
            failure = first_line(error)
            if number <= run.options.retries:
                run.stream.write(f"      reading 综合查询 again, after: {failure}\n")
            continue
        except (ClaimLost, LoginRefused, CaptchaError, PasswordChangeRequired):
            raise  # the account stops, not only the look
        except (CiferBotError, PlaywrightError) as error:
            failure = first_line(error)
            break
        drafts = sum(row.status == "draft" for row in listed)
        submitted = sum(row.status == "submitted" for row in listed)
        run.stream.write(
            f"      综合查询 (comprehensive query) of {item.username}: {len(listed)} "
            f"listed ({drafts} draft{'' if drafts == 1 else 's'}, {submitted} submitted)\n"
        )
        session.look = Look(listed)
        return session.look
    session.look = Look(None, failure)
    return session.look
