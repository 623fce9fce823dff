"""The applications of a run, account by account: each account's applications one
after another in its own browser context (one captcha per account), and with
`--parallel N` up to N accounts at once, each in a thread of its own, all in one
browser. A person answers the captchas of all of them at one desk.

The accounts come from a `WorkSource`: the facility file's, in order (`FileWork`), or the
shared journal's, claimed one at a time (`run.claimed`)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TextIO, cast

from playwright.sync_api import Browser

from cifer_bot import browser as browsers
from cifer_bot.browser.server import browser_server, connect
from cifer_bot.journal import ClaimLost
from cifer_bot.plan import PlanItem
from cifer_bot.report import Outcome, now
from cifer_bot.run.accounts import account_stopped
from cifer_bot.run.attempt import AccountSession, Run, key_of
from cifer_bot.run.one import folder_of, new_outcome, run_one, title_of


@dataclass
class AccountWork:
    """One account's applications in this run, each with its number in the plan."""

    username: str
    items: list[tuple[int, PlanItem]]
    # Set when the account's claim in a shared journal was lost: stop before the next.
    lost: threading.Event = field(default_factory=threading.Event)


class WorkSource(Protocol):
    """Where a run's accounts come from, one at a time (safe from several threads)."""

    most: int  # accounts it can give at once

    def take(self) -> AccountWork | None:
        """The next account to fill; None when there is none left."""

    def done(self, account: AccountWork) -> None:
        """The account's applications have ended (or stopped)."""


class FileWork:
    """The accounts of a facility file, in order."""

    def __init__(self, work: list[AccountWork]) -> None:
        self.most = len(work)
        self._queue = deque(work)
        self._taken = threading.Lock()

    def take(self) -> AccountWork | None:
        with self._taken:
            return self._queue.popleft() if self._queue else None

    def done(self, account: AccountWork) -> None:
        """Nothing to tell: the file's accounts are this run's alone."""


def by_account(numbered: Sequence[tuple[int, PlanItem]]) -> list[AccountWork]:
    """The applications grouped by account, accounts in the order they first appear."""
    found: dict[str, AccountWork] = {}
    for number, item in numbered:
        found.setdefault(item.username, AccountWork(item.username, [])).items.append((number, item))
    return list(found.values())


def run_accounts(
    run: Run, source: WorkSource, total: int, outcomes: list[Outcome], given: Browser | None
) -> None:
    """Every account of `source`, `run.options.parallel` accounts at once."""
    parallel = min(run.options.parallel, source.most)
    options = run.options
    failures: list[BaseException] = []

    def fill_all(browser: Browser) -> None:
        while not failures and (account := source.take()) is not None:
            try:
                fill_account(run, browser, account, total, outcomes)
            finally:
                source.done(account)

    if parallel <= 1:
        with browsers.open_browser(
            given=given, headless=not options.headed, slow_mo=options.slow_mo
        ) as browser:
            fill_all(browser)
        return

    def worker(endpoint: str) -> None:
        try:
            with connect(endpoint, slow_mo=options.slow_mo) as browser:
                fill_all(browser)
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
            if account.lost.is_set():
                run.stream.write(
                    f"\n== the claim on {account.username} was lost: its other applications are "
                    "left to the worker that holds it now ==\n"
                )
                return
            key = key_of(item)
            title = f"{item.facility.name} - {item.application.category.name_en}"
            stopped = account_stopped(run, item)
            if stopped is not None:
                # Stopped by an earlier application of this run: not tried.
                outcome = new_outcome(item)
                outcome.message = f"not tried: {stopped}"
                outcome.finished = now()
                run.stream.write(f"\n== {number}/{total}: {title_of(item)}: {outcome.message} ==\n")
            else:
                run.progress.begin(key, title, str(folder_of(run, item)))
            try:
                if stopped is None:
                    outcome = run_one(run, session, item, number, total)
                outcome.worker = run.worker
                run.journal.finish(key, outcome.as_dict(), thumbnail=_thumbnail(outcome))
            except ClaimLost as lost:
                account.lost.set()
                run.stream.write(f"      {lost}: its outcome is left to that worker\n")
                return
            outcomes.append(outcome)
            files = {"screenshot": outcome.screenshot, "review_table": outcome.review_table}
            run.progress.end(key, title, outcome.status, files)
    finally:
        session.close()


def _thumbnail(outcome: Outcome) -> bytes | None:
    """The review screenshot's thumbnail, for the journal: a report built on another
    machine shows it (the full screenshot stays on this one)."""
    if not outcome.thumbnail:
        return None
    try:
        return Path(outcome.thumbnail).read_bytes()
    except OSError:
        return None
