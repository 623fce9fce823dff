"""The route: what to do on each page of the portal, written once.

The walk follows the page, not a fixed sequence: it asks which page of the selector map
the browser shows (the map's `identify`), and takes the leg for that page. So a run may
start at any step's address (the registration system's own login page, say), a portal
that skips or merges a step is still walked, and a session that is signed in already
goes straight on. A page that no entry of the map describes stops the walk with its
title and a screenshot.

`fill` walks every leg that applies to its application; `selectors check` walks the legs
that only move from page to page (those that do not `type`). A leg with an `effect`
presses a control that changes something on the portal (`立即注册`, `暂存`): whoever walks
the route records the intent before and the confirmation after (`Hooks`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Frame
from pydantic import SecretStr

from cifer_bot.errors import PortalError
from cifer_bot.facilities.catalog import CatalogItem
from cifer_bot.facilities.models import AbroadAccount, Application
from cifer_bot.steps import account, application, category, home, landing, login, portal_menu
from cifer_bot.steps.captcha import Solver
from cifer_bot.steps.faults import PageTimeout, SessionExpired, UnknownPage
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.review import ReviewRow

Stop = Literal["account_form", "review", "mismatch"]
# More legs than any walk of the route takes: a portal that sends the browser round in
# circles is stopped, not followed for ever.
MAX_LEGS = 24


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


@dataclass
class Hooks:
    """What a walker does around the legs: record them, check the pages."""

    arrived: Callable[[str, Visit], bool] = lambda page, visit: True  # False: stop here
    before: Callable[[Leg, Visit], None] = lambda leg, visit: None
    after: Callable[[Leg, Visit], None] = lambda leg, visit: None


def _log_in(flow: Flow, visit: Visit) -> None:
    assert visit.username and visit.password is not None and visit.solver is not None
    login.log_in(flow, username=visit.username, password=visit.password, solver=visit.solver)


def _choose(flow: Flow, visit: Visit) -> None:
    assert visit.category is not None
    category.choose_category(flow, visit.category)


def _open_registration(flow: Flow, visit: Visit) -> None:
    assert visit.new_account is not None
    account.open_registration(flow, visit.new_account)


def _account_form(flow: Flow, visit: Visit) -> None:
    assert visit.new_account is not None
    visit.review = account.fill_registration(flow, visit.new_account)
    if any(not row.match for row in visit.review):
        visit.stop = "mismatch"
    elif not visit.create_accounts:
        visit.stop = "account_form"


def _register(flow: Flow, visit: Visit) -> None:
    account.register(flow)
    visit.account_created = True


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
    Leg("home", "home", home.STEP, lambda flow, _: home.open_applications(flow)),
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


def _next_leg(page: str, visit: Visit, legs: Sequence[Leg]) -> Leg | None:
    """The first leg for `page` that applies and has not been taken."""
    return next(
        (
            leg
            for leg in legs
            if leg.page == page and leg.name not in visit.done and leg.applies(visit)
        ),
        None,
    )


def arrive(flow: Flow, step: str, *, left: str | None) -> str:
    """Wait until the browser shows a page of the map (another than `left`, the page a
    leg has just acted on); its name. Raises on a portal fault, a page the map does not
    describe, or nothing in time."""

    def look() -> str | None:
        place = flow.here(settled=True)
        if place is None or place.page == left:
            flow.http_fault(step)
            return None
        return place.page

    found = flow.settle(look)
    if found is not None:
        return found
    flow.http_fault(step)
    place = flow.here()
    if place is not None:
        raise PageTimeout(
            f"{step}: the portal stayed on the {place.page} page for {flow.timeout_s:g} s "
            f"(at {flow.page.url}). The portal may be slow: try --timeout with more seconds. "
            f"{flow.save_evidence(step)}"
        )
    title = flow.page.title() if not flow.page.is_closed() else ""
    raise UnknownPage(
        f"{step}: the browser shows a page that no page of selector map "
        f"{flow.selectors.version} describes (title «{title}», at {flow.page.url}). The "
        f"portal may have changed: compare it with the map (`cifer-bot selectors check`). "
        f"{flow.save_evidence(step)}"
    )


def walk(
    flow: Flow, visit: Visit, *, hooks: Hooks | None = None, legs: Sequence[Leg] = LEGS
) -> None:
    """Follow the portal from its address to where the visit stops."""
    hooks = hooks or Hooks()
    leg: Leg | None = legs[0]
    page: str | None = None
    for _ in range(MAX_LEGS):
        if leg is None:
            assert page is not None
            if page == "login" and "login" in visit.done:
                raise SessionExpired(
                    f"step 3 (log in): the portal showed its login page again: the session "
                    f"expired. Nothing was submitted. {flow.save_evidence('step 3 (log in)')}"
                )
            raise PortalError(
                f"the portal showed the {page} page, where nothing is left to do "
                f"(after: {', '.join(visit.done)}). {flow.save_evidence(page)}"
            )
        hooks.before(leg, visit)
        leg.run(flow, visit)
        visit.done.append(leg.name)
        hooks.after(leg, visit)
        if visit.stop is not None:
            return
        left = leg.page if leg.page and _next_leg(leg.page, visit, legs) is None else None
        step = _step_after(leg, legs)
        page = arrive(flow, step, left=left) if left or leg.page is None else leg.page
        if page == "result":
            raise PortalError(
                "the portal shows a submission's result: the tool never submits, so a person "
                f"did, in this window. {flow.save_evidence(page)}"
            )
        if not hooks.arrived(page, visit):
            return
        if _signed_in_already(flow, page, visit):
            flow.narrator.note(f"already signed in as {visit.username}: no captcha this time")
        leg = _next_leg(page, visit, legs)
    raise PortalError(f"the walk took {MAX_LEGS} steps without reaching the form")


def _step_after(leg: Leg, legs: Sequence[Leg]) -> str:
    """How messages name the step the route goes to after `leg` (on another page)."""
    later = legs[list(legs).index(leg) + 1 :] if leg in legs else ()
    return next((other.step for other in later if other.page != leg.page), leg.step)


def _signed_in_already(flow: Flow, page: str, visit: Visit) -> bool:
    """Whether this page is the first behind the login in a walk that did not log in."""
    behind = flow.selectors.page(page).step > flow.selectors.page("login").step
    if not behind or "login" in visit.done or visit.username is None or visit.told_signed_in:
        return False
    visit.told_signed_in = True
    return True
