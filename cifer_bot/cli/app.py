"""The command line's application, and its one error handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from cifer_bot.errors import CiferBotError

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
