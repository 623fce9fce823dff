"""`cifer-bot replica`: serve the replica in the foreground until interrupted."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from cifer_bot.replica.faults import parse_fault
from cifer_bot.replica.server import Replica


def serve(*, host: str, port: int, faults: Sequence[str], version: str) -> None:
    """Serve the replica and say where; return on Ctrl-C."""
    parsed = [parse_fault(text) for text in faults]
    replica = Replica(host=host, port=port, faults=parsed, version=version)
    with_faults = f" with faults: {', '.join(faults)}" if faults else ""
    typer.echo(f"Replica of the portal as of {version}{with_faults}")
    typer.echo(f"  landing page (step 1): {replica.url}")
    typer.echo(f"  login (step 3):        {replica.url}cas/login")
    typer.echo(f"  record of what happened: {replica.url}__replica/state")
    typer.echo("Press Ctrl-C to stop.", err=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        typer.echo("Replica stopped.", err=True)
    finally:
        replica.stop()
