"""`cifer-bot demo`: the training demo, headed and explained in English."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled


@app.command("demo")
def demo_command(
    facility_file: Annotated[
        Path | None,
        typer.Argument(
            help="Facilities (.xlsx, .csv, .yaml or .json); the first facility's first "
            "application is shown. Default: the example facilities.",
            exists=True,
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="On the real portal (needs FILE and the account's password). It never "
            "presses 立即注册 (Register now) or 暂存 (Save draft) there.",
        ),
    ] = False,
    portal_url: Annotated[
        str | None,
        typer.Option(
            help="With --live: the portal's address (by default the live portal's landing "
            "page), or a replica served by `cifer-bot replica` on loopback."
        ),
    ] = None,
    speed: Annotated[
        str, typer.Option(help="slow or normal: how slowly the browser acts.")
    ] = "slow",
    autoplay: Annotated[
        bool,
        typer.Option(
            "--autoplay",
            help="Go on without waiting for Enter or Next at each step; on the replica, "
            "the replica answers the captcha.",
        ),
    ] = False,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            help="A folder for the video (demo.webm) and the handout (handout.html, and "
            "handout.pdf where Chromium prints one).",
        ),
    ] = None,
    only: Annotated[
        str | None, typer.Option("--only", help="The facility to show, by name.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the review table and screenshot. Default: RECORD/run, or "
            "cifer-bot-out/demo."
        ),
    ] = None,
) -> None:
    """Walk the six steps in a browser window, slowly, explaining each in English, and
    stop on the filled form: for staff learning the portal. It needs a display
    (`xvfb-run -a cifer-bot demo` gives one)."""
    from cifer_bot.options import DemoOptions
    from cifer_bot.run.demo import demo

    def work() -> int:
        options = DemoOptions(
            facility_file=facility_file,
            only=only,
            live=live,
            portal_url=portal_url,
            speed=speed,
            autoplay=autoplay,
            record=record,
            out=out,
        )
        return demo(options)

    raise typer.Exit(handled(work))
