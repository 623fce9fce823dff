"""`cifer-bot replica`: serve the replica in the foreground until interrupted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import typer

from cifer_bot.replica.faults import parse_fault
from cifer_bot.replica.server import Replica


class Account(NamedTuple):
    """An account the replica holds from its start (`--accounts`, for practice)."""

    username: str
    password: str
    kind: str  # self, or authority (issued by GACC)


def serve(
    *,
    host: str,
    port: int,
    faults: Sequence[str],
    version: str,
    accounts: Sequence[Account] = (),
    told: Sequence[str] = (),
) -> None:
    """Serve the replica with `accounts` and say where, then `told`; return on Ctrl-C."""
    parsed = [parse_fault(text) for text in faults]
    replica = Replica(host=host, port=port, faults=parsed, version=version)
    for account in accounts:
        replica.add_account(account.username, account.password, kind=account.kind)
    with_faults = f" with faults: {', '.join(faults)}" if faults else ""
    typer.echo(f"Replica of the portal as of {version}{with_faults}")
    typer.echo(f"  landing page (step 1): {replica.url}")
    typer.echo(f"  login (step 3):        {replica.url}cas/login")
    typer.echo(f"  record of what happened: {replica.url}__replica/state")
    for line in told:
        typer.echo(line)
    typer.echo("Press Ctrl-C to stop.", err=True)
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        typer.echo("Replica stopped.", err=True)
    finally:
        replica.stop()
