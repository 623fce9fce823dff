"""`cifer-bot selectors check`: the drift report a person runs when the portal changes.

It walks the route as `fill` does, through the legs that only move from page to page
(logging in through the captcha pause when it is given an account, or with a throwaway
account on the replica), and reports, for every entry of the selector map: found once,
not found, or ambiguous. It types nothing into the forms and presses no button that
sends one.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TextIO

from playwright.sync_api import Browser
from pydantic import SecretStr

from cifer_bot import browser as browsers
from cifer_bot.credentials import generate_password, load_credentials
from cifer_bot.errors import CiferBotError, exit_code, first_line
from cifer_bot.facilities.catalog import load_catalog
from cifer_bot.files import write_atomically
from cifer_bot.options import CheckOptions
from cifer_bot.portal.inventory import inventory, nearest
from cifer_bot.portal.resolver import LabelAmbiguous, LabelError
from cifer_bot.run.check_report import DriftReport, EntryCheck, Near, Unnamed, write_draft
from cifer_bot.run.setup import load_map, open_run
from cifer_bot.selector_map import Entry, PageSpec
from cifer_bot.steps import menus
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Narrator
from cifer_bot.steps.route import LEGS, PAGES, Hooks, Visit
from cifer_bot.steps.route import walk as route_walk

CHECK_TIMEOUT_S = 3.0
# The dry run's throwaway account on the replica, to check the pages behind the login.
REPLICA_USERNAME = "driftcheck01"


class Walker:
    """Checks each page of the map where the route arrives on it."""

    def __init__(self, flow: Flow, report: DriftReport, sample_item: str) -> None:
        self.flow = flow
        self.report = report
        self.params = {"sub_item": sample_item, "day": "1"}

    def check_page(self, page_name: str) -> None:
        """Every entry of the page (those shown by another entry once it is opened); then
        the labels nearest each entry not found, and the controls the map names none of."""
        spec = self.flow.spec(page_name)
        self.report.seen[page_name] = [place.describe() for place in self.flow.sighting()]
        first = len(self.report.checks)
        for entry in spec.entries:
            if entry.shown_by is None:
                self.check(page_name, entry)
        opened: set[str] = set()
        native: set[str] = set()  # date fields that are the browser's own
        for entry in spec.entries:
            if entry.shown_by is not None and entry.shown_by not in opened:
                opened.add(entry.shown_by)
                if self._native_date(page_name, spec.entry(entry.shown_by)):
                    native.add(entry.shown_by)
                else:
                    self._open(page_name, spec.entry(entry.shown_by))
            if entry.shown_by in native:
                # The browser's own date picker shows nothing of the page: its parts are
                # the map's for a page that draws its own, not missing here.
                why = f"the page draws its own date picker ({entry.shown_by} is the browser's)"
                self._not_met(page_name, entry, why)
            elif entry.shown_by is not None:
                self.check(page_name, entry)
        every = inventory([frame for window in self.flow.windows for frame in window.frames])
        for row in self.report.checks[first:]:
            if row.result == "not found":
                row.nearest = [
                    Near(seen.name, seen.kind, round(ratio, 2))
                    for seen, ratio in nearest(row.label, every)
                ]
        suggested = {
            row.nearest[0].label: f"{row.page}.{row.entry}"
            for row in self.report.checks[first:]
            if row.result == "not found" and row.nearest
        }
        frame = self.flow.where(page_name)
        # A page whose entry names its items by a parameter (the food sub-items) lists
        # them: its radio buttons and check boxes are those items, not new fields.
        listed = any(entry.params and entry.kind == "link" for entry in spec.entries)
        for seen in inventory([frame]) if frame is not None else []:
            # The final submission is a person's: never an entry, never news.
            if seen.kind == "button" and self.flow.clicker.is_forbidden([seen.label]):
                continue
            if listed and seen.kind in ("radio", "checkbox"):
                continue
            if not seen.named and seen.name:
                self.report.unnamed.append(
                    Unnamed(
                        page_name,
                        spec.step,
                        seen.name,
                        seen.kind,
                        seen.mandatory,
                        suggested.get(seen.name, ""),
                    )
                )

    def _native_date(self, page_name: str, entry: Entry) -> bool:
        if entry.kind != "date":
            return False
        found = self.flow.find_now(page_name, entry.name)
        return found is not None and found.control.evaluate("(el) => el.type") == "date"

    def _not_met(self, page_name: str, entry: Entry, when: str) -> None:
        spec = self.flow.spec(page_name)
        label = entry.label_for(self.params) if entry.label else f"css {entry.css}"
        self.report.checks.append(
            EntryCheck(
                spec.name,
                spec.step,
                entry.name,
                label,
                entry.english,
                entry.kind,
                detail=when,
                conditional=True,
            )
        )

    def _open(self, page_name: str, entry: Entry) -> None:
        # A menu opens as the walk opens it (a hover, a click, Enter: until what it shows
        # does); anything else (a date field's picker) on a click.
        with contextlib.suppress(CiferBotError):
            if entry.kind == "hover_menu":
                spec = self.flow.spec(page_name)
                item = next(e.name for e in spec.entries if e.shown_by == entry.name)
                menus.reveal(self.flow, page_name, entry.name, item)
                return
            control = self.flow.find(page_name, entry.name).locator
            self.flow.clicker.click(control, what=f"{entry.english}, to open what it shows")

    def check(self, page_name: str, entry: Entry) -> bool:
        spec = self.flow.spec(page_name)
        label = entry.label_for(self.params) if entry.label else f"css {entry.css}"
        row = EntryCheck(spec.name, spec.step, entry.name, label, entry.english, entry.kind)
        self.report.checks.append(row)
        params = {name: self.params[name] for name in entry.params} or None
        try:
            self.flow.find(page_name, entry.name, params=params)
        except LabelAmbiguous as error:
            row.result, row.detail = "ambiguous", str(error)
            return False
        except LabelError as error:
            row.result, row.detail = "not found", str(error)
            # An item a link names may be offered by a radio button, an option, a node;
            # a field may stand in a part of the form not shown yet (a tab, a pane).
            if self._offered(spec, entry, params):
                row.result, row.detail = "found", "as a radio button, option or tree node"
            elif entry.label and self.flow.find_now(page_name, entry.name, hidden=True):
                row.result, row.detail = "found", "in a part of the page not shown yet"
            return row.result == "found"
        row.result = "found"
        return True

    def _offered(self, spec: PageSpec, entry: Entry, params: dict[str, str] | None) -> bool:
        """Whether the page offers the entry as another kind of control than its own."""
        frames = self.flow.page.frames
        return any(
            len(self.flow.resolver.look(lambda: frames, spec, other, params)) == 1
            for other in entry.ways()[1:]
        )

    def unchecked(self, pages: tuple[str, ...], reason: str) -> None:
        """Entries the walk did not check; a page the portal shows only in some cases
        is said to be so, and does not count as missing."""
        for page_name in pages:
            spec = self.flow.spec(page_name)
            for entry in spec.entries:
                self.report.checks.append(
                    EntryCheck(
                        spec.name,
                        spec.step,
                        entry.name,
                        entry.label or f"css {entry.css}",
                        entry.english,
                        entry.kind,
                        detail=spec.shown_when or reason,
                        conditional=spec.shown_when is not None,
                    )
                )


def check_selectors(
    options: CheckOptions, *, stream: TextIO | None = None, browser: Browser | None = None
) -> int:
    """Run the drift report; exit code 0 when every entry is found exactly once.

    `browser`: one the caller already runs (tests); by default the tool starts its own.
    """
    out = stream or sys.stdout
    selectors = load_map(options)
    with open_run(options, selectors) as portal:
        report = DriftReport(selectors.version, portal.url)
        password: SecretStr | None = None
        username = options.username
        if portal.replica is not None and username is None:
            username, password = REPLICA_USERNAME, generate_password()
            portal.replica.add_account(username, password.get_secret_value())
        elif username is not None:
            password = load_credentials().password_for(username)
        sample = load_catalog().self_registration_items()[0]
        with browsers.open_browser(headless=not options.headed, given=browser) as running:
            context = browsers.new_context(running, allowed_hosts=portal.allowed_hosts)
            flow = Flow.build(
                context.new_page(),
                selectors=selectors,
                narrator=Narrator(stream=sys.stderr),
                portal_url=portal.url,
                artifacts=options.out,
                label_timeout_s=CHECK_TIMEOUT_S,
            )
            visit = Visit(username=username, password=password, solver=portal.solver)
            visit.category = sample
            walk(Walker(flow, report, sample.name_zh), visit)
            context.close()
    write_atomically(options.out / "selectors-check.json", report.as_json() + "\n")
    if options.write_draft is not None:
        written = write_draft(report, selectors, options.write_draft)
        print(f"wrote a draft map: {written} (confirm each suggestion)", file=sys.stderr)
    out.write((report.as_json() if options.as_json else report.table()) + "\n")
    return exit_code(failed=not report.ok)


def walk(walker: Walker, visit: Visit) -> None:
    """The route's legs that only move on, checking each page where it arrives."""
    seen: list[str] = []

    def arrived(page: str, visit: Visit) -> bool:
        if page not in seen:
            seen.append(page)
            walker.check_page(page)
        if page == "login" and "register" not in seen:
            seen.append("register")
            _register_page(walker)
        if page == "login" and (visit.username is None or visit.password is None):
            rest = [name for name in PAGES if name not in seen]
            walker.unchecked(tuple(rest), "behind the login: give --username to check it")
            seen.extend(rest)
            return False
        return page != "form"

    try:
        route_walk(
            walker.flow,
            visit,
            hooks=Hooks(arrived=arrived),
            legs=[leg for leg in LEGS if not leg.types],
        )
    except CiferBotError as error:
        rest = tuple(name for name in PAGES if name not in seen)
        walker.unchecked(rest, f"not reached: {first_line(error)}")
        return
    rest = tuple(name for name in PAGES if name not in seen)
    walker.unchecked(rest, "the portal's route did not pass this page")


def _register_page(walker: Walker) -> None:
    """A side trip from the login page to the account form, and back."""
    flow = walker.flow
    login = flow.wait_for("login", step="step 3 (log in)")
    login_url = login.url
    try:
        flow.click("login", "create_account", scope=login)
        flow.wait_for("register", step="step 3 (register)")
    except CiferBotError as error:
        walker.unchecked(("register",), f"the link to it was not found: {first_line(error)}")
    else:
        walker.check_page("register")
    (flow.page.main_frame if login.is_detached() else login).goto(login_url)
