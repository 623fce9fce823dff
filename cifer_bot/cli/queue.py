"""`cifer-bot queue load`: a facility file's applications into a journal several
operators share, as work for `cifer-bot fill --journal URL`."""

from __future__ import annotations

from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled
from cifer_bot.cli.walks import FacilityFile, JournalUrl

queue_app = typer.Typer(
    help="The facility list of a shared journal, as work for several operators.",
    no_args_is_help=True,
)
app.add_typer(queue_app, name="queue")


@queue_app.command("load")
def load_command(
    facility_file: FacilityFile,
    journal: JournalUrl = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Replace the rows that changed since they were loaded, if their "
            "application has not started.",
        ),
    ] = False,
) -> None:
    """Check a facility file and load its applications, each with its identity document,
    into the shared journal. Loading the same file again adds nothing; a changed row is
    reported, and replaced only with --update.

    Exit 0 when every row is valid, 2 when some are not (the valid ones are loaded).
    """
    from cifer_bot.errors import InputError
    from cifer_bot.run.queue import QueueOptions, load_queue

    def work() -> int:
        if journal is None:
            raise InputError("queue load needs --journal postgresql://... (or CIFER_BOT_JOURNAL)")
        return load_queue(QueueOptions(facility_file=facility_file, journal=journal, update=update))

    raise typer.Exit(handled(work))
