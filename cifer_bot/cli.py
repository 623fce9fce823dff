"""The command line. Each command declares its options and calls one function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cifer_bot.errors import CiferBotError

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


def fail(error: CiferBotError) -> NoReturn:
    """Print the error as one sentence on stderr and exit with its code."""
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
    version: Annotated[str, typer.Option(help="Portal version to replicate.")] = "2021-11-26",
) -> None:
    """Serve the offline replica of the portal on loopback until Ctrl-C."""
    from cifer_bot.replica.run import serve

    try:
        serve(host=host, port=port, faults=fault or [], version=version)
    except CiferBotError as error:
        fail(error)


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
    from cifer_bot.browser_setup import ensure_browser

    try:
        ensure_browser(install=install)
    except CiferBotError as error:
        fail(error)


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
    from cifer_bot.catalog import list_categories

    try:
        typer.echo(list_categories(self_registration_only=self_registration, as_json=as_json))
    except CiferBotError as error:
        fail(error)


@app.command("template")
def template_command(
    file: Annotated[Path, typer.Argument(help="The spreadsheet to write (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write an empty facility spreadsheet with bilingual headers, notes and drop-downs."""
    from cifer_bot.template import write_template

    try:
        path = write_template(path=file, force=force)
    except CiferBotError as error:
        fail(error)
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

    from cifer_bot.intake import validate_file

    try:
        result = validate_file(path=file)
    except CiferBotError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            typer.echo(line)
        typer.echo(result.summary())
    if not result.ok:
        raise typer.Exit(2)


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

    try:
        typer.echo(new_password(username=username, env_file=env_file, force=force))
    except CiferBotError as error:
        fail(error)


@app.command("fill")
def fill_command(
    facility_file: Annotated[
        Path, typer.Argument(help="Facilities: .xlsx, .csv, .yaml or .json.", exists=True)
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Run against the offline replica of the portal (served on loopback for "
            "this run), answering the captcha through it.",
        ),
    ] = False,
    portal_url: Annotated[
        str | None,
        typer.Option(help="The portal's address; by default the live portal's landing page."),
    ] = None,
    selectors: Annotated[
        str, typer.Option(help="Selector map: a version (2021-11-26) or a .yaml file.")
    ] = "2021-11-26",
    headed: Annotated[
        bool,
        typer.Option(
            "--headed",
            help="Show the browser, explain each step on the page, and leave the filled form "
            "open for review.",
        ),
    ] = False,
    slow_mo: Annotated[
        float, typer.Option(help="Slow every browser action by this many milliseconds.")
    ] = 0,
    captcha: Annotated[
        str | None,
        typer.Option(
            help="Who reads the captcha: prompt (the terminal), browser (the window, with "
            "--headed) or replica (dry runs). Default: replica for --dry-run, browser when "
            "--headed, else prompt.",
        ),
    ] = None,
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
    fault: Annotated[
        list[str] | None,
        typer.Option("--fault", help="With --dry-run: a fault mode of the replica (training)."),
    ] = None,
) -> None:
    """Fill the portal's forms for each facility and stop before the final submission."""
    from cifer_bot.captcha import SOLVERS
    from cifer_bot.filler import FillOptions, fill

    if captcha is not None and captcha not in SOLVERS:
        typer.echo(f"error: --captcha must be one of {', '.join(SOLVERS)}", err=True)
        raise typer.Exit(2)
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
    try:
        code = fill(options)
    except CiferBotError as error:
        fail(error)
    raise typer.Exit(code)


selectors_app = typer.Typer(help="The versioned selector maps.", no_args_is_help=True)
app.add_typer(selectors_app, name="selectors")


@selectors_app.command("check")
def selectors_check_command(
    portal_url: Annotated[
        str | None,
        typer.Option(
            help="The portal to check; by default the live portal. With --dry-run, the replica."
        ),
    ] = None,
    selectors: Annotated[
        str, typer.Option(help="Selector map: a version (2021-11-26) or a .yaml file.")
    ] = "2021-11-26",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check against the offline replica.")
    ] = False,
    fault: Annotated[
        list[str] | None,
        typer.Option("--fault", help="With --dry-run: a fault mode of the replica (drift)."),
    ] = None,
    username: Annotated[
        str | None,
        typer.Option(help="An account to log in with, to check the pages behind the login."),
    ] = None,
    captcha: Annotated[
        str | None, typer.Option(help="prompt, browser (with --headed) or replica.")
    ] = None,
    headed: Annotated[bool, typer.Option("--headed", help="Show the browser.")] = False,
    out: Annotated[
        Path, typer.Option(help="Folder for the report and the evidence of what is missing.")
    ] = Path("cifer-bot-out/selectors-check"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Walk the portal's pages and report each map entry: found once, not found, ambiguous."""
    from cifer_bot.drift import CheckOptions, check_selectors

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
    try:
        code = check_selectors(options)
    except CiferBotError as error:
        fail(error)
    raise typer.Exit(code)


def main() -> None:
    try:
        app()
    except CiferBotError as error:  # raised outside a command's own handling
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
