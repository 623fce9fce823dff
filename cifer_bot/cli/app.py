"""The command line's application, and its one error handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from cifer_bot import __version__
from cifer_bot.errors import CiferBotError
from cifer_bot.escape import visible
from cifer_bot.files import file_error

T = TypeVar("T")

app = typer.Typer(
    name="cifer-bot",
    help="Fill the China International Trade Single Window import-food registration "
    "(CIFER) forms, and stop for a person to review.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"cifer-bot {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version of cifer-bot and stop.",
        ),
    ] = False,
) -> None:
    """Fill the CIFER forms of the China International Trade Single Window for food plants."""


def handled(work: Callable[[], T], *, as_json: bool = False) -> T:
    """Run a command's work; the package's errors become a sentence on stderr and an
    exit code (1 at the portal or the machine, 2 for bad input). Every command calls it.

    A file the system would not read or write (a read-only folder, a full disk) is such
    an error too, never a traceback. With `as_json` the error is also JSON on stdout,
    so that a program reading it always gets JSON.
    """
    try:
        return work()
    except CiferBotError as error:
        failure = error
    except OSError as error:
        failure = file_error(error, doing="use")
    # A message may quote a file's text: shown, never obeyed, by the terminal.
    message = visible(str(failure), keep_newlines=True)
    typer.echo(f"error: {message}", err=True)
    if as_json:
        report = {"ok": False, "error": str(failure), "exit_code": failure.exit_code}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    raise typer.Exit(failure.exit_code) from None
