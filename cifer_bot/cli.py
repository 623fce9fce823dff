"""The command line. Each command declares its options and calls one function."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from cifer_bot.errors import CiferBotError
from cifer_bot.options import CAPTCHA_NAMES, DEFAULT_MAP_VERSION

T = TypeVar("T")

app = typer.Typer(
    name="cifer-bot",
    help="Fill the China International Trade Single Window import-food registration "
    "(CIFER) forms, and stop for a person to review.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root() -> None:
    """Fill the CIFER forms of the China International Trade Single Window for food plants."""


def handled(work: Callable[[], T]) -> T:
    """Run a command's work; the package's errors become a sentence on stderr and an
    exit code (1 at the portal or the machine, 2 for bad input). Every command calls it."""
    try:
        return work()
    except CiferBotError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


@app.command("replica")
def replica_command(
    host: Annotated[
        str, typer.Option(help="Loopback address to serve on (127.0.0.1, ::1 or localhost).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on; 0 picks a free one.")] = 8021,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            "--fault",
            help="A fault mode for tests; may be given more than once. "
            "slow[:SECONDS], http500:STEP[:TIMES], expire-session, captcha-wrong-once, drift.",
        ),
    ] = None,
    version: Annotated[
        str, typer.Option(help="Portal version to replicate.")
    ] = DEFAULT_MAP_VERSION,
) -> None:
    """Serve the offline replica of the portal on loopback until Ctrl-C."""
    from cifer_bot.replica.run import serve

    handled(lambda: serve(host=host, port=port, faults=fault or [], version=version))


@app.command("browser")
def browser_command(
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Install a browser (Playwright's Chromium, else the system's) and a CJK "
            "font when they are missing.",
        ),
    ] = False,
) -> None:
    """Say which browser the tool drives; with --install, install what is missing."""
    from cifer_bot.browser.setup import ensure_browser

    handled(lambda: ensure_browser(install=install))


@app.command("categories")
def categories_command(
    self_registration: Annotated[
        bool,
        typer.Option(
            "--self-registration",
            help="Only the categories a self-registered account may apply for.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalog as JSON.")] = False,
) -> None:
    """List the food categories (Decree 248) in Chinese and English, with their codes."""
    from cifer_bot.facilities.catalog import list_categories

    typer.echo(
        handled(lambda: list_categories(self_registration_only=self_registration, as_json=as_json))
    )


@app.command("template")
def template_command(
    file: Annotated[Path, typer.Argument(help="The spreadsheet to write (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write an empty facility spreadsheet with bilingual headers, notes and drop-downs."""
    from cifer_bot.facilities.template import write_template

    path = handled(lambda: write_template(path=file, force=force))
    typer.echo(f"wrote {path}: one row per site, then `cifer-bot validate {path}`")


@app.command("validate")
def validate_command(
    file: Annotated[Path, typer.Argument(help="Facility file: .xlsx, .csv, .yaml or .json.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check every row of a facility file and print all problems at once.

    Exit 0 when every row is valid, 2 otherwise.
    """
    import json

    from cifer_bot.errors import exit_code
    from cifer_bot.facilities.intake import validate_file

    result = handled(lambda: validate_file(path=file))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            typer.echo(line)
        typer.echo(result.summary())
    raise typer.Exit(exit_code(failed=False, invalid=not result.ok))


password_app = typer.Typer(
    help="Portal account passwords, kept in the environment or .env, never printed.",
    no_args_is_help=True,
)
app.add_typer(password_app, name="password")


@password_app.command("new")
def password_new_command(
    username: Annotated[str, typer.Argument(help="The portal account's username.")],
    env_file: Annotated[
        Path, typer.Option("--env-file", help="The file to store the password in.")
    ] = Path(".env"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace the account's existing password.")
    ] = False,
) -> None:
    """Generate a password that meets the portal's rules and store it (mode 0600)."""
    from cifer_bot.credentials import new_password

    typer.echo(handled(lambda: new_password(username=username, env_file=env_file, force=force)))


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
        Path, typer.Argument(help="Facilities: .xlsx, .csv, .yaml or .json.", exists=True)
    ],
    dry_run: DryRun = False,
    portal_url: PortalUrl = None,
    selectors: SelectorsVersion = DEFAULT_MAP_VERSION,
    headed: Headed = False,
    slow_mo: Annotated[
        float, typer.Option(help="Slow every browser action by this many milliseconds.")
    ] = 0,
    captcha: Captcha = None,
    out: Annotated[
        Path, typer.Option(help="Folder for report.json, review tables and screenshots.")
    ] = Path("cifer-bot-out"),
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Fill only the facility of this name (repeatable)."),
    ] = None,
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
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for each page of the portal.", min=1)
    ] = 30.0,
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
) -> None:
    """Fill the portal's forms for each facility and stop before the final submission."""
    from cifer_bot.options import FillOptions
    from cifer_bot.run.batch import fill

    def work() -> int:
        options = FillOptions(
            facility_file=facility_file,
            out=out,
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
) -> None:
    """Walk the portal's pages and report each map entry: found once, not found, ambiguous."""
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
        )
        return check_selectors(options)

    raise typer.Exit(handled(work))


def main() -> None:
    app()
