"""The command line. Each command declares its options and calls one function through
the one error handler (`app.handled`)."""

from cifer_bot.cli import data, queue, records, tools, training, walks
from cifer_bot.cli.app import app

__all__ = ["app", "data", "main", "queue", "records", "tools", "training", "walks"]


def main() -> None:
    app()
