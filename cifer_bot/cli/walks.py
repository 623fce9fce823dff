"""Commands that walk the portal: `fill` and `selectors check`, and the options they
share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled
from cifer_bot.options import CAPTCHA_NAMES, CLAIM_TIMEOUT_S, DEFAULT_MAP_VERSION, MAX_PARALLEL

# Options `fill` and `selectors check` share: where, which map, who reads the captcha.
PortalUrl = Annotated[
    str | None,
    typer.Option(
        help="The portal's address; by default the live portal's landing page. "
        "Not with --dry-run, which serves the replica."
    ),
]
SelectorsVersion = Annotated[
    str, typer.Option(help=f"Selector map: a version ({DEFAULT_MAP_VERSION}) or a .yaml file.")
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Run against the offline replica of the portal (served on loopback for this "
        "run), answering the captcha through it.",
    ),
]
Faults = Annotated[
    list[str] | None,
    typer.Option("--fault", help="With --dry-run: a fault mode of the replica (repeatable)."),
]
Captcha = Annotated[
    str | None,
    typer.Option(
        help=f"Who reads the captcha: {', '.join(CAPTCHA_NAMES)}. prompt: the terminal; "
        "browser: the window, with --headed; replica: dry runs. Default: replica for "
        "--dry-run, browser when --headed, else prompt.",
    ),
]
Out = Annotated[
    Path,
    typer.Option(help="Folder for report.html, report.json, review tables and screenshots."),
]
State = Annotated[
    Path | None,
    typer.Option(
        help="Folder of the batch's journal (journal.sqlite3), which makes a batch "
        "resumable; by default OUT/state."
    ),
]
FacilityFile = Annotated[
    Path, typer.Argument(help="Facilities: .xlsx, .csv, .yaml or .json.", exists=True)
]
JournalUrl = Annotated[
    str | None,
    typer.Option(
        "--journal",
        envvar="CIFER_BOT_JOURNAL",
        help="A journal several operators share: postgresql://USER@HOST/DATABASE (its "
        "password in PGPASSWORD, ~/.pgpass or .env; ?sslmode=require for TLS).",
        show_envvar=True,
    ),
]
Only = Annotated[
    list[str] | None,
    typer.Option("--only", help="Only the facility of this name (repeatable)."),
]
RetryLogin = Annotated[
    list[str] | None,
    typer.Option(
        "--retry-login",
        help="Try once more the login of this account, whose password the portal refused "
        "in an earlier run (repeatable).",
    ),
]
Timeout = Annotated[float, typer.Option(help="Seconds to wait for each page of the portal.", min=1)]
ClaimTimeout = Annotated[
    float,
    typer.Option(
        help="With --journal: seconds an account's claim lives without its worker's "
        "heartbeat; then another worker takes it over.",
        min=1,
    ),
]
Worker = Annotated[
    str | None,
    typer.Option(
        help="With --journal: how the journal names this worker (default user@host:pid).",
        envvar="CIFER_BOT_WORKER",
    ),
]
Headed = Annotated[
    bool,
    typer.Option(
        "--headed",
        help="Show the browser, explain each step on the page, and leave the filled form "
        "open for review.",
    ),
]


@app.command("fill")
def fill_command(
    facility_file: Annotated[
        Path | None,
        typer.Argument(
            help="Facilities: .xlsx, .csv, .yaml or .json. None with --journal: the work "
            "comes from the shared journal (`queue load`).",
            exists=True,
        ),
    ] = None,
    dry_run: DryRun = False,
    portal_url: PortalUrl = None,
    selectors: SelectorsVersion = DEFAULT_MAP_VERSION,
    headed: Headed = False,
    slow_mo: Annotated[
        float, typer.Option(help="Slow every browser action by this many milliseconds.")
    ] = 0,
    captcha: Captcha = None,
    out: Out = Path("cifer-bot-out"),
    state: State = None,
    only: Only = None,
    create_accounts: Annotated[
        bool,
        typer.Option(
            "--create-accounts",
            help="Press 立即注册 (Register now) on the account form; without it the tool "
            "stops on the filled account form for a person.",
        ),
    ] = False,
    save_draft: Annotated[
        bool | None,
        typer.Option(
            "--save-draft/--no-save-draft",
            help="Press 暂存 (save a draft) on the filled form. Default: yes when headless "
            "(the form would be lost), no when --headed.",
        ),
    ] = None,
    timeout: Timeout = 30.0,
    retries: Annotated[
        int,
        typer.Option(
            min=0,
            help="Times to start an application again after a portal fault (HTTP 5xx, an "
            "expired session, a page that did not show).",
        ),
    ] = 1,
    again: Annotated[
        bool,
        typer.Option("--again", help="Fill anew what an earlier run with this --out finished."),
    ] = False,
    fault: Faults = None,
    retry_login: RetryLogin = None,
    parallel: Annotated[
        int,
        typer.Option(
            help="Accounts at once, each in its own context of one browser; the "
            "applications of one account run one after another (one captcha each).",
            min=1,
            max=MAX_PARALLEL,
        ),
    ] = 1,
    console: Annotated[
        bool,
        typer.Option(
            "--console",
            help="Serve a page on loopback (its address, with a secret token, is printed "
            "once) that shows the captchas waiting, with a box for each answer, and each "
            "application's step and review.",
        ),
    ] = False,
    trace: Annotated[
        bool,
        typer.Option(
            "--trace",
            help="Record a Playwright trace per application (trace.zip beside its review; "
            "`playwright show-trace` opens it), paused while a secret is on the page.",
        ),
    ] = False,
    captcha_stale: Annotated[
        float,
        typer.Option(
            help="Seconds the portal keeps its login form alive: a captcha that waited "
            "longer for a person is fetched anew before it is shown.",
            min=10,
        ),
    ] = 300.0,
    change_password: Annotated[
        bool,
        typer.Option(
            "--change-password",
            help="Where the portal asks an account to change its password at its first "
            "login, fill its form with the old password (CIFER_BOT_PASSWORD_OLD__USER) and "
            "the new one (CIFER_BOT_PASSWORD__USER, from `password new USER --force`).",
        ),
    ] = False,
    journal: JournalUrl = None,
    claim_timeout: ClaimTimeout = CLAIM_TIMEOUT_S,
    worker: Worker = None,
) -> None:
    """Fill the portal's forms for each facility and stop before the final submission."""
    from cifer_bot.options import FillOptions
    from cifer_bot.run.batch import fill

    def work() -> int:
        options = FillOptions(
            facility_file=facility_file,
            out=out,
            state=state,
            dry_run=dry_run,
            portal_url=portal_url,
            selectors=selectors,
            headed=headed,
            slow_mo=slow_mo,
            captcha=captcha,
            only=tuple(only or ()),
            create_accounts=create_accounts,
            save_draft=save_draft,
            timeout_s=timeout,
            retries=retries,
            again=again,
            faults=tuple(fault or ()),
            retry_login=tuple(retry_login or ()),
            change_password=change_password,
            parallel=parallel,
            console=console,
            trace=trace,
            captcha_stale_s=captcha_stale,
            journal=journal,
            claim_timeout_s=claim_timeout,
            worker=worker,
        )
        return fill(options)

    raise typer.Exit(handled(work))


selectors_app = typer.Typer(help="The versioned selector maps.", no_args_is_help=True)
app.add_typer(selectors_app, name="selectors")


@selectors_app.command("check")
def selectors_check_command(
    portal_url: PortalUrl = None,
    selectors: SelectorsVersion = DEFAULT_MAP_VERSION,
    dry_run: DryRun = False,
    fault: Faults = None,
    username: Annotated[
        str | None,
        typer.Option(help="An account to log in with, to check the pages behind the login."),
    ] = None,
    captcha: Captcha = None,
    headed: Annotated[bool, typer.Option("--headed", help="Show the browser.")] = False,
    out: Annotated[
        Path, typer.Option(help="Folder for the report and the evidence of what is missing.")
    ] = Path("cifer-bot-out/selectors-check"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    write_draft: Annotated[
        Path | None,
        typer.Option(
            "--write-draft",
            help="Write a new map version with the suggestions filled in, each marked "
            "`confirm: false` for a person to check.",
        ),
    ] = None,
) -> None:
    """Walk the portal's pages and report each map entry: found once, not found (with the
    labels nearest it), ambiguous; and the controls the map does not name."""
    from cifer_bot.options import CheckOptions
    from cifer_bot.run.check import check_selectors

    def work() -> int:
        options = CheckOptions(
            portal_url=portal_url,
            selectors=selectors,
            dry_run=dry_run,
            faults=tuple(fault or ()),
            username=username,
            captcha=captcha,
            headed=headed,
            out=out,
            as_json=as_json,
            write_draft=write_draft,
        )
        return check_selectors(options)

    raise typer.Exit(handled(work, as_json=as_json))
