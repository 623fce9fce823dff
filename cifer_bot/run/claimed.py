"""`cifer-bot fill --journal URL`: one worker of a facility list that several operators
share through a journal in PostgreSQL (loaded with `cifer-bot queue load`).

A worker claims one account's open applications at a time (one captcha per account):
only accounts whose password it holds, and never one whose password the portal refused
(that blocks the account for every worker holding the same password). It heartbeats
the claim from a thread of its own while it fills them, so that a person reading a
captcha does not lose it, and releases it at the end. When all that is left is claimed
by others it waits, woken when one is released (a NOTIFY) or when one lapses by the
database's clock, and takes that one over: the journal's never-twice rules ask the
portal about any press its dead worker left unconfirmed. It ends when nothing is left
that it could take. Documents come from the journal, never from a shared disk.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from playwright.sync_api import Browser

from cifer_bot.credentials import Credentials, load_credentials, same_password
from cifer_bot.errors import CiferBotError
from cifer_bot.files import make_folder
from cifer_bot.journal import Claim, PostgresJournal, SqliteJournal, WorkQueue
from cifer_bot.journal.logins import user_logins
from cifer_bot.options import MAX_PARALLEL, FillOptions
from cifer_bot.plan import Passwords
from cifer_bot.report import Outcome
from cifer_bot.report.build import build_report, write_report
from cifer_bot.run.accounts import seed_replica
from cifer_bot.run.attempt import Run
from cifer_bot.run.queue import listed_work, plan_of, shared_journal
from cifer_bot.run.setup import Portal, load_map, open_run
from cifer_bot.run.showing import showing, summary
from cifer_bot.run.workers import AccountWork, run_accounts

# The longest a worker waits before it looks at the list again, though nothing woke it
# (a NOTIFY lost with a connection).
WAIT_S = 60.0


def worker_name(given: str | None) -> str:
    """How the shared journal names this worker: who, on which machine, which run."""
    return given or f"{getpass.getuser()}@{socket.gethostname()}:{os.getpid()}"


def fill_shared(
    options: FillOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Fill what the shared journal's list holds for this worker, account by account;
    the exit code as `fill`'s, for the applications this worker filled."""
    out = stream or sys.stderr
    outcomes: list[Outcome] = []
    with shared_run(options, out, stdin=stdin) as shared:
        portal, journal, worker, held = shared.portal, shared.journal, shared.worker, shared.held
        listed = listed_work(journal.work())
        accounts = {item.key.username.lower() for item in listed}
        mine = accounts if held is None else accounts & held
        out.write(
            f"Journal: {journal.where}, as worker {worker}: {len(listed)} applications of "
            f"{len(accounts)} accounts; this machine holds the password of {len(mine)}\n"
        )
        if not listed:
            out.write("The list is empty: `cifer-bot queue load FILE --journal URL` loads it\n")
        try:
            with showing(options, portal, out) as (progress, lines):
                progress.total = len(listed)
                run = Run(
                    options,
                    portal,
                    shared.passwords,
                    journal,
                    lines,
                    progress=progress,
                    worker=worker,
                    logins=shared.logins,
                )
                source = ClaimedWork(run, journal, shared.credentials, held=held)
                run_accounts(run, source, len(listed), outcomes, browser)
        finally:
            # The whole list, whoever filled what; thumbnails come from the journal.
            report = build_report(journal, listed, [], source=journal.where)
            _, html_path = write_report(report, options.out)
    return summary(out, outcomes, [], html_path)


@dataclass(frozen=True)
class SharedRun:
    """A run on a shared journal: its portal and journal, this machine's passwords and
    the accounts it holds one of (None: any, on a dry run), and the worker's name."""

    portal: Portal
    journal: PostgresJournal
    credentials: Credentials
    passwords: Passwords
    held: set[str] | None
    worker: str
    logins: SqliteJournal  # the user's record of refused passwords (`journal.logins`)


@contextlib.contextmanager
def shared_run(options: FillOptions, out: TextIO, *, stdin: TextIO | None) -> Iterator[SharedRun]:
    """The portal (a dry run's replica served) and the shared journal, open while the
    block runs, as a worker of `options.journal` (`fill` or `sync` with --journal)."""
    assert options.journal is not None
    selectors = load_map(options)
    credentials = load_credentials()
    # A dry run makes up the password of any account; a real one holds a few.
    held = None if options.dry_run else held_accounts(credentials)
    make_folder(options.out)
    with (
        open_run(options, selectors, stdin=stdin) as portal,
        shared_journal(options.journal, portal.journal_name) as journal,
        user_logins(portal.journal_name) as logins,
    ):
        out.write(portal.describe() + "\n")
        passwords = Passwords(credentials, dry_run=options.dry_run)
        worker = worker_name(options.worker)
        yield SharedRun(portal, journal, credentials, passwords, held, worker, logins)


def held_accounts(credentials: Credentials) -> set[str]:
    """The accounts this machine holds a password of (lower case)."""
    return {name.lower() for name, secret in credentials.password.items() if secret}


class Heartbeat:
    """Keeps a claim alive from a thread of its own, three times in its timeout; sets
    `lost` when the journal says the claim lapsed or was taken over."""

    def __init__(self, journal: WorkQueue, claim: Claim) -> None:
        self.lost = threading.Event()
        self._journal = journal
        self._claim = claim
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{claim.username}", daemon=True
        )
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self._claim.timeout_s / 3):
            try:
                alive = self._journal.heartbeat(self._claim)
            except CiferBotError:
                continue  # the database out of reach a moment: the claim lives till it lapses
            if not alive:
                self.lost.set()
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class ClaimedWork:
    """The accounts of the shared list, claimed one at a time (a `WorkSource`)."""

    most = MAX_PARALLEL

    def __init__(
        self,
        run: Run,
        journal: PostgresJournal,
        credentials: Credentials,
        *,
        held: set[str] | None,
    ) -> None:
        self._run = run
        self._journal = journal
        self._credentials = credentials
        self._held = held
        self._documents = run.options.out / "documents"
        self._taken: set[str] = set()  # an account is claimed once per run at most
        self._said: set[str] = set()
        self._claims: dict[int, tuple[Claim, Heartbeat]] = {}
        self._lock = threading.Lock()

    def take(self) -> AccountWork | None:
        journal, options = self._journal, self._run.options
        while True:
            since = journal.generation()
            with self._lock:
                skip = self._taken | self._blocked()
            claim = journal.claim(
                self._run.worker or "",
                held=self._held,
                skip=skip,
                timeout_s=options.claim_timeout_s,
            )
            if claim is not None:
                return self._start(claim)
            if not journal.wait_for_work(held=self._held, skip=skip, since=since, most_s=WAIT_S):
                return None

    def _start(self, claim: Claim) -> AccountWork:
        with self._lock:
            self._taken.add(claim.username)
        beat = Heartbeat(self._journal, claim)
        try:
            items = plan_of(self._journal, self._journal.work(claim.username), self._documents)
        except BaseException:
            beat.stop()
            self._journal.release(claim)
            raise
        over = f"; taken over from {claim.previous}, whose claim lapsed" if claim.previous else ""
        many = f"{len(items)} open application{'' if len(items) == 1 else 's'}"
        self._run.stream.write(f"\n-- claimed the account {claim.username}: {many}{over}\n")
        seed_replica(self._run, [item for _, item in items])
        work = AccountWork(items[0][1].username if items else claim.username, items, beat.lost)
        with self._lock:
            self._claims[id(work)] = (claim, beat)
        return work

    def done(self, account: AccountWork) -> None:
        with self._lock:
            claim, beat = self._claims.pop(id(account))
        beat.stop()
        self._journal.release(claim)

    def _blocked(self) -> set[str]:
        """Accounts whose password the portal refused, as this machine holds it: no
        worker tries it again until it changes (or --retry-login names it)."""
        retry = {name.lower() for name in self._run.options.retry_login}
        blocked = set()
        for username, refusal in self._journal.refusals().items():
            try:
                password = self._credentials.password_for(username)
            except CiferBotError:
                continue
            if username in retry or not same_password(password, str(refusal.get("fingerprint"))):
                continue
            blocked.add(username)
            if username not in self._said:
                self._said.add(username)
                self._run.stream.write(
                    f"\n-- not tried: the portal refused the password of {username} on "
                    f"{refusal.get('at')} ({refusal.get('reason')}); no worker tries it again "
                    f"until it changes, or --retry-login {username} is given\n"
                )
        return blocked
