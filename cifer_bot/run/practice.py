"""`cifer-bot replica --accounts FILE`: the replica for practice by hand, with the
accounts of a facility file, each with its password from the environment or `.env` (as
`fill` reads them), and what a trainee needs to sign in. A password is never printed:
the trainee reads it where it is kept."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from cifer_bot.credentials import load_credentials, password_variable
from cifer_bot.errors import InputError
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.options import DEFAULT_MAP_VERSION
from cifer_bot.plan import Passwords, make_plan
from cifer_bot.replica.run import Account, serve
from cifer_bot.selector_map import load_selector_map


def practice_accounts(
    facility_file: Path, *, version: str = DEFAULT_MAP_VERSION
) -> tuple[list[Account], list[str]]:
    """The accounts of the file's valid facilities, and the lines that say how to sign
    in (and which facilities have no account, and why)."""
    intake = read_facilities(facility_file)
    passwords = Passwords(load_credentials(), dry_run=False)
    plan = make_plan(intake, (), passwords)
    told = [f"  not created: {line}" for line in intake.lines()]
    told += [
        f'  not created: row {problem["row"]}, "{problem["facility"]}": {problem["rule"]}'
        for problem in plan.problems
    ]
    accounts: dict[str, Account] = {}
    lines: list[str] = []
    for item in plan.items:
        facility = item.facility
        if item.username in accounts:
            continue
        kind = "authority" if facility.account_origin == "competent_authority" else "self"
        password = passwords.of(facility).get_secret_value()
        accounts[item.username] = Account(item.username, password, kind)
        lines.append(
            f"  {item.username:<18} {facility.name}: its password is "
            f"{password_variable(item.username)} in the environment or .env (not shown)"
        )
    if not accounts:
        raise InputError(
            f"{facility_file}: no account to create:\n" + "\n".join(told or ["  no facility"])
        )
    told = [
        "Accounts to practise with (username, facility):",
        *lines,
        *told,
        "To practise: open the landing page above and walk the six steps by hand; at the",
        "login, type a username, its password and the code the image shows.",
        *textwrap.wrap(load_selector_map(version).guide.practice, 86),
    ]
    return list(accounts.values()), told


def serve_practice(
    *, host: str, port: int, faults: Sequence[str], version: str, accounts: Path | None
) -> None:
    """Serve the replica, with the accounts of a facility file when one is given."""
    created, told = (
        practice_accounts(accounts, version=version) if accounts is not None else ([], [])
    )
    serve(host=host, port=port, faults=faults, version=version, accounts=created, told=told)
