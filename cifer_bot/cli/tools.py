"""`cifer-bot replica` and `cifer-bot browser`: the offline portal and the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled
from cifer_bot.options import DEFAULT_MAP_VERSION


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
            help="A fault mode for tests; may be given more than once. slow[:SECONDS[:STEP]], "
            "http500:STEP[:TIMES], expire-session, captcha-wrong-once, drift.",
        ),
    ] = None,
    version: Annotated[
        str, typer.Option(help="Portal version to replicate.")
    ] = DEFAULT_MAP_VERSION,
    accounts: Annotated[
        Path | None,
        typer.Option(
            "--accounts",
            exists=True,
            help="A facility file whose accounts the replica holds from the start, for "
            "practice by hand (passwords from the environment or .env, as for fill).",
        ),
    ] = None,
) -> None:
    """Serve the offline replica of the portal on loopback until Ctrl-C."""
    from cifer_bot.run.practice import serve_practice

    handled(
        lambda: serve_practice(
            host=host, port=port, faults=fault or [], version=version, accounts=accounts
        )
    )


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
