"""The applications of a run, account by account: each account's applications one
after another in its own browser context (one captcha per account), and with
`--parallel N` up to N accounts at once, each in a thread of its own, all in one
browser. A person answers the captchas of all of them at one desk."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TextIO, cast

from playwright.sync_api import Browser

from cifer_bot import browser as browsers
from cifer_bot.browser.server import browser_server, connect
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome, now
from cifer_bot.run.accounts import account_stopped
from cifer_bot.run.attempt import AccountSession, Run, key_of
from cifer_bot.run.one import folder_of, new_outcome, run_one


@dataclass
class AccountWork:
    """One account's applications in this run, each with its number in the plan."""

    username: str
    items: list[tuple[int, PlanItem]]


def by_account(numbered: Sequence[tuple[int, PlanItem]]) -> list[AccountWork]:
    """The applications grouped by account, accounts in the order they first appear."""
    found: dict[str, AccountWork] = {}
    for number, item in numbered:
        found.setdefault(item.username, AccountWork(item.username, [])).items.append((number, item))
    return list(found.values())


def run_accounts(
    run: Run, work: list[AccountWork], total: int, outcomes: list[Outcome], given: Browser | None
) -> None:
    """Every account's applications, `run.options.parallel` accounts at once."""
    parallel = min(run.options.parallel, len(work))
    options = run.options
    if parallel <= 1:
        with browsers.open_browser(
            given=given, headless=not options.headed, slow_mo=options.slow_mo
        ) as browser:
            for account in work:
                fill_account(run, browser, account, total, outcomes)
        return
    queue = deque(work)
    taken = threading.Lock()
    failures: list[BaseException] = []

    def worker(endpoint: str) -> None:
        try:
            with connect(endpoint, slow_mo=options.slow_mo) as browser:
                while True:
                    with taken:
                        if not queue or failures:
                            return
                        account = queue.popleft()
                    fill_account(run, browser, account, total, outcomes)
        except BaseException as error:  # the run ends with it, in the main thread
            failures.append(error)

    with browser_server(headless=not options.headed) as endpoint:
        threads = [
            threading.Thread(target=worker, args=(endpoint,), name=f"account-{n}")
            for n in range(parallel)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]


class Prefixed:
    """A stream whose every line starts with `prefix`."""

    def __init__(self, stream: TextIO, prefix: str) -> None:
        self._stream = stream
        self._prefix = prefix
        self._at_start = True

    def write(self, text: str) -> int:
        out = []
        for piece in text.splitlines(keepends=True):
            if self._at_start and piece.strip():
                out.append(self._prefix)
            out.append(piece)
            self._at_start = piece.endswith("\n")
        return self._stream.write("".join(out))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()


def fill_account(
    run: Run, browser: Browser, account: AccountWork, total: int, outcomes: list[Outcome]
) -> None:
    """One account's applications, one after another, in one context of `browser`."""
    if run.options.parallel > 1:
        # Lines of several accounts interleave: each names its account.
        run = replace(run, stream=cast(TextIO, Prefixed(run.stream, f"[{account.username}] ")))
    session = AccountSession(run, browser, account.username)
    try:
        for number, item in account.items:
            key = key_of(item)
            title = f"{item.facility.name} - {item.application.category.name_en}"
            stopped = account_stopped(run, item)
            if stopped is not None:
                # Stopped by an earlier application of this run: not tried.
                outcome = new_outcome(item)
                outcome.message = f"not tried: {stopped}"
                outcome.finished = now()
                run.stream.write(
                    f"\n== {number}/{total}: {item.facility.name}: {outcome.message} ==\n"
                )
            else:
                run.progress.begin(key, title, str(folder_of(run, item)))
                outcome = run_one(run, session, item, number, total)
            run.journal.finish(key, outcome.as_dict())
            outcomes.append(outcome)
            files = {"screenshot": outcome.screenshot, "review_table": outcome.review_table}
            run.progress.end(key, title, outcome.status, files)
    finally:
        session.close()
