"""The plan: from the checked facility file to the applications to fill, each with its
account and that account's password.

One application per facility and food category, in file order. Passwords come from the
environment or `.env` (`cifer_bot.credentials`); a dry run makes one up for an account
the machine holds none for. A facility whose password is missing, or cannot register a
new account, leaves the plan with a problem that names it; the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from cifer_bot.credentials import Credentials, abroad_account, generate_password
from cifer_bot.errors import CiferBotError, InputError
from cifer_bot.facilities.intake import IntakeResult
from cifer_bot.facilities.models import AbroadAccount, Application, Facility


@dataclass(frozen=True)
class PlanItem:
    """One application to fill: a facility, its row in the file, and one sub-item."""

    facility: Facility
    row: int | None
    application: Application

    @property
    def username(self) -> str:
        return self.facility.account.username


@dataclass
class Plan:
    """The applications to fill, in file order, and the facilities left out."""

    items: list[PlanItem] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)


class Passwords:
    """Each account's password, for one run: stored ones, or in a dry run made up."""

    def __init__(self, credentials: Credentials, *, dry_run: bool) -> None:
        self.credentials = credentials
        self.dry_run = dry_run
        self._made_up: dict[str, SecretStr] = {}

    def of(self, facility: Facility) -> SecretStr:
        username = facility.account.username
        try:
            return self.credentials.password_for(username)
        except CiferBotError:
            if not self.dry_run:
                raise
        if username not in self._made_up:
            self._made_up[username] = generate_password()
        return self._made_up[username]

    def old(self, facility: Facility) -> SecretStr | None:
        """The account's previous password, for the portal's forced change, if kept."""
        return self.credentials.old_password_for(facility.account.username)

    def new_account(self, facility: Facility) -> AbroadAccount:
        """The registration form of the facility's new account, its password included."""
        return abroad_account(facility.account, password=self.of(facility))


def make_plan(intake: IntakeResult, only: tuple[str, ...], passwords: Passwords) -> Plan:
    """One item per (facility, category) of the valid rows; `only` keeps the named ones.

    A facility whose password is missing, or would not register its new account, is left
    out with a problem of its own, checked here before any browser opens.
    """
    wanted = {name.casefold() for name in only}
    known = {facility.name.casefold() for facility in intake.facilities}
    unknown = sorted(name for name in only if name.casefold() not in known)
    if unknown:
        raise InputError(
            f"--only names no facility of {intake.source}: {', '.join(unknown)} "
            f"(its facilities: {', '.join(f.name for f in intake.facilities) or 'none valid'})"
        )
    plan = Plan()
    for facility, row in zip(intake.facilities, intake.facility_rows, strict=False):
        if wanted and facility.name.casefold() not in wanted:
            continue
        try:
            passwords.of(facility) if facility.account_exists else passwords.new_account(facility)
        except CiferBotError as error:
            plan.problems.append(
                {
                    "row": row,
                    "facility": facility.name,
                    "field": "password",
                    "label_en": "Password",
                    "label_zh": "密码",
                    "value": None,
                    "rule": str(error),
                }
            )
            continue
        plan.items.extend(PlanItem(facility, row, item) for item in facility.applications)
    return plan
