"""The legs of the route: what to do on each page of the portal, written once.

Each `Leg` acts on one page of the selector map; `LEGS` lists them in the guide's order.
A leg with an `effect` presses a control that changes something on the portal (`立即注册`,
`暂存`): whoever walks the route records the intent before and the confirmation after.
`selectors check` walks only the legs that do not `type`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.facilities.catalog import CatalogItem
from cifer_bot.facilities.models import AbroadAccount, Application
from cifer_bot.steps import (
    account,
    application,
    category,
    home,
    landing,
    login,
    password_change,
    portal_menu,
    query,
)
from cifer_bot.steps.captcha import Solver
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.query import Listed
from cifer_bot.steps.review import ReviewRow

Stop = Literal["account_form", "review", "mismatch", "query"]


# More legs than any walk of the route takes: a portal that sends the browser round in
# circles is stopped, not followed for ever.
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
    # The portal's forced password change at the first login: the new password to give
    # it (`password` is the old one then), only when told to (--change-password); None:
    # the walk stops there and says what to do.
    new_password: SecretStr | None = None
    # Look in 综合查询 for this sub-item and enterprise instead of filling anything.
    lookup: tuple[str, str] | None = None
    listed: list[Listed] | None = None
    # Begin on the page the browser shows, when it is behind the login and the walk has
    # a leg there (where a look at 综合查询 left it), rather than at the portal's address.
    resume: bool = False
    # What the walk found: the legs taken, the read-back table, where it stopped.
    done: list[str] = field(default_factory=list)
    review: list[ReviewRow] = field(default_factory=list)
    form: Frame | None = None
    stop: Stop | None = None
    account_created: bool = False
    draft_saved: bool = False
    told_signed_in: bool = False


@dataclass(frozen=True)
class Leg:
    """One step of the guide: the page it acts on, and what it does there."""

    name: str
    page: str | None  # the selector map's page (None: before any page, the address)
    step: str  # how messages name it: `step 5 (food category)`
    run: Callable[[Flow, Visit], None]
    applies: Callable[[Visit], bool] = lambda visit: True
    types: bool = False  # types into a form or saves one (selectors check skips it)
    effect: str | None = None  # the caption of a control with an effect on the portal


def _log_in(flow: Flow, visit: Visit) -> None:
    assert visit.username and visit.password is not None and visit.solver is not None
    login.log_in(
        flow,
        username=visit.username,
        password=visit.password,
        solver=visit.solver,
        old=visit.new_password is not None,
    )


def _choose(flow: Flow, visit: Visit) -> None:
    assert visit.category is not None
    category.choose_category(flow, visit.category)


def _open_registration(flow: Flow, visit: Visit) -> None:
    assert visit.new_account is not None
    account.open_registration(flow, visit.new_account)


def _account_form(flow: Flow, visit: Visit) -> None:
    assert visit.new_account is not None
    # The new password is on the form from now until it is registered (or never).
    if flow.recording is not None:
        flow.recording.pause()
    visit.review = account.fill_registration(flow, visit.new_account)
    if any(not row.match for row in visit.review):
        visit.stop = "mismatch"
    elif not visit.create_accounts:
        visit.stop = "account_form"


def _register(flow: Flow, visit: Visit) -> None:
    # The portal may say the name is taken (AccountExists): the account exists, and
    # whoever walks the route signs in to it, having looked at what it holds.
    account.register(flow)
    visit.account_created = True
    if flow.recording is not None:
        flow.recording.resume()  # the form and its password are gone


def _change_password(flow: Flow, visit: Visit) -> None:
    assert visit.username and visit.password is not None
    if visit.new_password is None:
        raise password_change.required(flow, visit.username)
    password_change.change(
        flow, username=visit.username, old=visit.password, new=visit.new_password
    )


def _read_query(flow: Flow, visit: Visit) -> None:
    visit.listed = query.listed(flow)
    visit.stop = "query"


def _fill(flow: Flow, visit: Visit) -> None:
    assert visit.application is not None
    visit.form, visit.review = application.fill_application(flow, visit.application)
    if any(not row.match for row in visit.review):
        # The read-back decides: a form that holds something else, or leaves a mandatory
        # field empty, is never saved as if it were ready.
        visit.stop = "mismatch"
    elif not visit.save_draft:
        visit.stop = "review"


def _save(flow: Flow, visit: Visit) -> None:
    assert visit.form is not None
    application.save_draft(flow, visit.form)
    visit.draft_saved = True
    visit.stop = "review"


def _new_account(visit: Visit) -> bool:
    return visit.new_account is not None and not visit.account_created


def _applications(name: str, page: str) -> Leg:
    """注册申请 in the system home's sidebar, clicked while `page` shows beside it."""
    return Leg(
        name,
        page,
        home.STEP,
        lambda flow, _: home.open_applications(flow),
        applies=lambda visit: visit.lookup is None,
    )


LEGS: tuple[Leg, ...] = (
    Leg("open", None, landing.STEP, lambda flow, _: landing.open_portal(flow)),
    Leg("landing", "landing", landing.STEP, lambda flow, _: landing.open_new_portal(flow)),
    Leg(
        "portal",
        "portal",
        portal_menu.STEP,
        lambda flow, _: portal_menu.open_registration_system(flow),
    ),
    Leg("create account", "login", account.STEP, _open_registration, applies=_new_account),
    Leg("login", "login", login.STEP, _log_in, applies=lambda visit: not _new_account(visit)),
    Leg("account form", "register", account.STEP, _account_form, applies=_new_account, types=True),
    Leg(
        "register",
        "register",
        account.STEP,
        _register,
        applies=lambda visit: _new_account(visit) and visit.create_accounts,
        types=True,
        effect="立即注册",
    ),
    Leg(
        "change password",
        "change_password",
        password_change.STEP,
        _change_password,
        types=True,
    ),
    Leg(
        "comprehensive query",
        "home",
        query.STEP,
        lambda flow, _: query.open_query(flow),
        applies=lambda visit: visit.lookup is not None,
    ),
    Leg(
        "read query",
        "query",
        query.STEP,
        _read_query,
        applies=lambda visit: visit.lookup is not None,
    ),
    _applications("home", "home"),
    # A walk that begins where a look at 综合查询 left the browser (signed in, the
    # sidebar beside the query): 注册申请 from there, as from the home (listed after
    # it, so that a fault on the way is named as the food category's).
    _applications("home after query", "query"),
    Leg("category", "categories", category.STEP, _choose),
    Leg(
        "application form",
        "form",
        application.STEP,
        _fill,
        applies=lambda visit: visit.application is not None,
        types=True,
    ),
    Leg(
        "save draft",
        "form",
        application.STEP,
        _save,
        applies=lambda visit: visit.save_draft and visit.form is not None,
        types=True,
        effect="暂存",
    ),
)

# The pages the route may arrive on, in the route's order: where `selectors check` looks.
PAGES: tuple[str, ...] = tuple(dict.fromkeys(leg.page for leg in LEGS if leg.page))
