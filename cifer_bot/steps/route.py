"""The route: the guide's six steps in their order, written once.

`fill` walks every leg that applies to its application; `selectors check` walks the
legs that only move from page to page (`Leg.moves`), checking each page it arrives
on. A leg with an `effect` presses a control that changes something on the portal
(`立即注册`, `暂存`): whoever walks the route records the intent before and the
confirmation after (the journal's "never twice" rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.facilities.catalog import CatalogItem
from cifer_bot.facilities.models import AbroadAccount, Application
from cifer_bot.steps import account, application, category, home, landing, login, portal_menu
from cifer_bot.steps.captcha import Solver
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.review import ReviewRow

Stop = Literal["account_form", "review"]


@dataclass
class Visit:
    """What one walk of the route is for, and what it found on the way."""

    # Who signs in (None: a walk that stops at the login page), and the sub-item to open.
    username: str | None = None
    password: SecretStr | None = None
    solver: Solver | None = None
    category: CatalogItem | None = None
    # The registration form to fill, when the account does not exist yet.
    new_account: AbroadAccount | None = None
    create_accounts: bool = False
    # The application form to fill; None walks to the form and stops there.
    application: Application | None = None
    save_draft: bool = False
    # What the walk found: the read-back table, and where it stopped for a person.
    review: list[ReviewRow] = field(default_factory=list)
    form: Frame | None = None
    stop: Stop | None = None
    account_created: bool = False
    draft_saved: bool = False


@dataclass(frozen=True)
class Leg:
    """One step of the guide: the page it starts on, and what it does there."""

    name: str
    page: str | None  # the selector map's page the leg starts on (None: no page yet)
    run: Callable[[Flow, Visit], None]
    applies: Callable[[Visit], bool] = lambda visit: True
    moves: bool = False  # only moves on to the next page: types nothing, saves nothing
    effect: str | None = None  # the caption of a control with an effect on the portal


def _account_form(flow: Flow, visit: Visit) -> None:
    assert visit.new_account is not None
    visit.review = account.fill_registration(flow, visit.new_account)
    if not visit.create_accounts:
        visit.stop = "account_form"


def _register(flow: Flow, visit: Visit) -> None:
    account.register(flow)
    visit.account_created = True


def _fill(flow: Flow, visit: Visit) -> None:
    assert visit.application is not None
    visit.form, visit.review = application.fill_application(flow, visit.application)
    if not visit.save_draft:
        visit.stop = "review"


def _save(flow: Flow, visit: Visit) -> None:
    assert visit.form is not None
    application.save_draft(flow, visit.form)
    visit.draft_saved = True
    visit.stop = "review"


def _log_in(flow: Flow, visit: Visit) -> None:
    assert visit.username and visit.password is not None and visit.solver is not None
    login.log_in(flow, username=visit.username, password=visit.password, solver=visit.solver)


def _choose(flow: Flow, visit: Visit) -> None:
    assert visit.category is not None
    category.choose_category(flow, visit.category)


def _new_account(visit: Visit) -> bool:
    return visit.new_account is not None


ROUTE: tuple[Leg, ...] = (
    Leg("open", None, lambda flow, _: landing.open_portal(flow), moves=True),
    Leg("landing", "landing", lambda flow, _: landing.open_new_portal(flow), moves=True),
    Leg("portal", "portal", lambda flow, _: portal_menu.open_registration_system(flow), moves=True),
    Leg("account form", "login", _account_form, applies=_new_account),
    Leg(
        "register",
        "register",
        _register,
        applies=lambda visit: _new_account(visit) and visit.create_accounts,
        effect="立即注册",
    ),
    Leg("login", "login", _log_in, moves=True),
    Leg("home", "home", lambda flow, _: home.open_applications(flow), moves=True),
    Leg("category", "categories", _choose, moves=True),
    Leg("application form", "form", _fill, applies=lambda visit: visit.application is not None),
    Leg("save draft", "form", _save, applies=lambda visit: visit.save_draft, effect="暂存"),
)

# The pages the route arrives on, in order (the account form beside the login): where
# `selectors check` looks.
PAGES: tuple[str, ...] = ("landing", "portal", "login", "register", "home", "categories", "form")
