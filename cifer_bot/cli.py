"""The command line. Each command declares its options and calls one function."""

from __future__ import annotations

import sys
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


def main() -> None:
    try:
        app()
    except CiferBotError as error:  # raised outside a command's own handling
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
