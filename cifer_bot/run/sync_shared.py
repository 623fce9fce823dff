"""`cifer-bot sync --journal URL`: what the portal holds of a shared list's applications,
into the shared journal.

Each account of the list whose password this machine holds is claimed by name while
its 综合查询 is read (whatever state its applications are in), so that no worker
filling it signs in beside the sync; an account another worker holds is left for a
later sync. The report is the whole list's, as `fill --journal` writes it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from playwright.sync_api import Browser

from cifer_bot.journal import PostgresJournal, WorkItem
from cifer_bot.options import FillOptions
from cifer_bot.plan import PlanItem
from cifer_bot.report.build import build_report, write_report
from cifer_bot.run.accounts import seed_replica
from cifer_bot.run.attempt import Run
from cifer_bot.run.claimed import Heartbeat, shared_run
from cifer_bot.run.queue import listed_work, plan_of
from cifer_bot.run.sync import closing, new_tally, sync_accounts


def sync_shared(
    options: FillOptions,
    *,
    stdin: TextIO | None = None,
    stream: TextIO | None = None,
    browser: Browser | None = None,
) -> int:
    """Sync the accounts of the shared list this machine can sign in to; 0 when every
    one was read, 1 when one could not be (held by another worker, or refused)."""
    out = stream or sys.stderr
    tally = new_tally()
    with shared_run(options, out, stdin=stdin) as shared:
        journal, worker, held = shared.journal, shared.worker, shared.held
        work = journal.work()
        accounts: dict[str, list[WorkItem]] = {}
        for item in work:
            accounts.setdefault(item.key.username.lower(), []).append(item)
        mine = [name for name in accounts if held is None or name in held]
        out.write(
            f"Journal: {journal.where}, as worker {worker}: {len(accounts)} accounts; this "
            f"machine holds the password of {len(mine)}\n"
        )
        for name in accounts:
            if name not in mine:
                out.write(f"not read: {name}: no password for it on this machine\n")
                tally["accounts without a password here"] += 1
        run = Run(
            options,
            shared.portal,
            shared.passwords,
            journal,
            out,
            worker=worker,
            logins=shared.logins,
        )

        @contextlib.contextmanager
        def claimed(username: str) -> Iterator[list[PlanItem] | None]:
            claim = journal.claim_account(worker, username, timeout_s=options.claim_timeout_s)
            if claim is None:
                out.write(f"      not read: {_holder(journal, username)}; sync it again later\n")
                yield None
                return
            beat = Heartbeat(journal, claim)
            try:
                its = accounts[username]
                items = [item for _, item in plan_of(journal, its, options.out / "documents")]
                seed_replica(run, items)
                yield items
            finally:
                beat.stop()
                journal.release(claim)

        failed = sync_accounts(run, browser, mine, claimed, tally)
        report = build_report(journal, listed_work(work), [], source=journal.where)
        _, html_path = write_report(report, options.out)
    return closing(out, tally, html_path, failed=failed)


def _holder(journal: PostgresJournal, username: str) -> str:
    """Who holds an account now, as `status` names them."""
    for claim in journal.claims():
        if claim.username == username and claim.expires_in_s > 0:
            return f"the worker {claim.worker} holds it (since {claim.since})"
    return "another worker holds it"
