"""The route: the walk that follows the page, not a fixed sequence.

It asks which page of the selector map the browser shows (the map's `identify`), and
takes the leg for that page (`cifer_bot.steps.legs`). So a run may start at any step's
address (the registration system's own login page, say), a portal that skips or merges
a step is still walked, and a session that is signed in already goes straight on. A
page that no entry of the map describes stops the walk with its title and a screenshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cifer_bot.errors import PortalError
from cifer_bot.portal.where import described
from cifer_bot.steps.faults import PageTimeout, SessionExpired, UnknownPage
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.legs import LEGS, PAGES, Leg, Stop, Visit

__all__ = ["LEGS", "PAGES", "Hooks", "Leg", "Stop", "Visit", "arrive", "walk"]

# More legs than any walk of the route takes: a portal that sends the browser round in
# circles is stopped, not followed for ever.
MAX_LEGS = 24


@dataclass
class Hooks:
    """What a walker does around the legs: record them, check the pages."""

    arrived: Callable[[str, Visit], bool] = lambda page, visit: True  # False: stop here
    before: Callable[[Leg, Visit], None] = lambda leg, visit: None
    after: Callable[[Leg, Visit], None] = lambda leg, visit: None


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
        place = flow.here(settled=True, leaving=left)
        # What was loaded is judged by its status before the page it shows is taken: a
        # 5xx page in the iframe beside the sidebar is a fault, not the system home. Its
        # response came before its document, so before the look that saw it ended.
        flow.http_fault(step)
        if place is None or place.page == left:
            return None
        flow.arrived = (place, flow.moves)
        return place.page

    found = flow.settle(look)
    if found is not None:
        return found
    flow.http_fault(step)
    seen = flow.sighting()
    place = flow.here()
    if place is not None:
        raise PageTimeout(
            f"{step}: the portal stayed on the {place.page} page for {flow.timeout_s:g} s "
            f"(at {flow.page.url}; {described(seen)}). The portal may be slow: try "
            f"--timeout with more seconds. {flow.save_evidence(step)}"
        )
    title = flow.page.title() if not flow.page.is_closed() else ""
    raise UnknownPage(
        f"{step}: the browser shows a page that no page of selector map "
        f"{flow.selectors.version} describes (title «{title}», at {flow.page.url}; "
        f"{described(seen)}). The portal may have changed: compare it with the map "
        f"(`cifer-bot selectors check`). {flow.save_evidence(step)}"
    )


def walk(
    flow: Flow, visit: Visit, *, hooks: Hooks | None = None, legs: Sequence[Leg] = LEGS
) -> None:
    """Follow the portal from its address to where the visit stops."""
    hooks = hooks or Hooks()
    # The sub-item the walk looks for: the category page is known by it.
    flow.params = {"sub_item": visit.category.name_zh} if visit.category is not None else {}
    leg: Leg | None = legs[0]
    page: str | None = _resumed(flow, visit, legs) if visit.resume else None
    if page is not None:
        leg = _next_leg(page, visit, legs)
        visit.told_signed_in = True  # the login is the one the walk before it made
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


def _resumed(flow: Flow, visit: Visit, legs: Sequence[Leg]) -> str | None:
    """The page a walk may begin on: the one the browser shows, if it is behind the login,
    the system home shows beside it (whose sidebar a resumed walk goes on with) and the
    walk has a leg there; None: begin at the portal's address."""
    place = flow.here(settled=True)
    if place is None or flow.selectors.page(place.page).step <= flow.selectors.page("login").step:
        return None
    if flow.where("home") is None or _next_leg(place.page, visit, legs) is None:
        return None
    return place.page


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
