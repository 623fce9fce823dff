"""Commands on a batch's record: `status` (where it stands, from the journal), `report`
(report.html from the journal, on any machine) and `sync` (what the portal's 综合查询
lists, into the journal)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled
from cifer_bot.cli.walks import (
    Captcha,
    ClaimTimeout,
    DryRun,
    JournalUrl,
    Only,
    Out,
    PortalUrl,
    RetryLogin,
    SelectorsVersion,
    State,
    Timeout,
    Worker,
)
from cifer_bot.options import CLAIM_TIMEOUT_S, DEFAULT_MAP_VERSION

ListFile = Annotated[
    Path | None,
    typer.Argument(
        help="Facilities: .xlsx, .csv, .yaml or .json. None with --journal: the shared "
        "journal's list.",
        exists=True,
    ),
]
RecordDryRun = Annotated[
    bool, typer.Option("--dry-run", help="The record of the dry runs (the replica).")
]
RecordPortal = Annotated[
    str | None,
    typer.Option(help="The record of this portal; by default the one used last."),
]

BatchOut = Annotated[
    Path,
    typer.Option(
        "--out", help="The batch's output folder: its journal is OUT/state (unless --state)."
    ),
]
SyncHeaded = Annotated[
    bool,
    typer.Option("--headed", help="Show the browser while it signs in and reads 综合查询."),
]


@app.command("status")
def status_command(
    facility_file: ListFile = None,
    journal: JournalUrl = None,
    out: BatchOut = Path("cifer-bot-out"),
    state: State = None,
    dry_run: RecordDryRun = False,
    portal_url: RecordPortal = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
    xlsx: Annotated[
        Path | None,
        typer.Option(help="Also write the status as a spreadsheet (bilingual headers)."),
    ] = None,
) -> None:
    """Where a batch stands: each application's step, state, last error and number;
    with --journal, every operator's progress too (who holds what, since when).

    Exit 0 when every application is at review or submitted, 1 otherwise.
    """
    from cifer_bot.run.status import StatusOptions, status

    options = StatusOptions(
        facility_file=facility_file,
        journal=journal,
        out=out,
        state=state,
        dry_run=dry_run,
        portal_url=portal_url,
        as_json=as_json,
        xlsx=xlsx,
    )
    raise typer.Exit(handled(lambda: status(options), as_json=as_json))


@app.command("report")
def report_command(
    facility_file: ListFile = None,
    journal: JournalUrl = None,
    out: Out = Path("cifer-bot-out"),
    state: State = None,
    dry_run: RecordDryRun = False,
    portal_url: RecordPortal = None,
) -> None:
    """Write report.html and report.json of the list into --out, from its journal: with
    --journal, anyone can build it (thumbnails are in the journal; full screenshots stay
    on the disk of the worker that took them, and the report says where).

    Exit 0 when every application is at review or submitted, 1 otherwise.
    """
    from cifer_bot.run.status import StatusOptions, report

    options = StatusOptions(
        facility_file=facility_file,
        journal=journal,
        out=out,
        state=state,
        dry_run=dry_run,
        portal_url=portal_url,
    )
    raise typer.Exit(handled(lambda: report(options)))


@app.command("sync")
def sync_command(
    facility_file: ListFile = None,
    journal: JournalUrl = None,
    dry_run: DryRun = False,
    portal_url: PortalUrl = None,
    selectors: SelectorsVersion = DEFAULT_MAP_VERSION,
    captcha: Captcha = None,
    headed: SyncHeaded = False,
    out: Out = Path("cifer-bot-out"),
    state: State = None,
    only: Only = None,
    timeout: Timeout = 30.0,
    retry_login: RetryLogin = None,
    claim_timeout: ClaimTimeout = CLAIM_TIMEOUT_S,
    worker: Worker = None,
) -> None:
    """Read each account's 综合查询 (comprehensive query) on the portal into the journal:
    drafts, submissions and their application numbers. One captcha per account; with
    --journal, each account of the shared list this machine has the password of, held
    from other workers while it is read."""
    from cifer_bot.options import FillOptions

    def work() -> int:
        options = FillOptions(
            facility_file=facility_file,
            out=out,
            state=state,
            dry_run=dry_run,
            portal_url=portal_url,
            selectors=selectors,
            captcha=captcha,
            headed=headed,
            only=tuple(only or ()),
            timeout_s=timeout,
            retry_login=tuple(retry_login or ()),
            journal=journal,
            claim_timeout_s=claim_timeout,
            worker=worker,
        )
        if options.journal is not None:
            from cifer_bot.run.sync_shared import sync_shared  # psycopg: a shared list only

            return sync_shared(options)
        from cifer_bot.run.sync import sync

        return sync(options)

    raise typer.Exit(handled(work))
