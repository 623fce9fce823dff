"""`cifer-bot selectors check`: the drift report a person runs when the portal changes.

It walks the portal's pages the way the filler does (logging in through the captcha
pause when it is given an account, or with a throwaway account on the replica) and
reports, for every entry of the selector map: found once, not found, or ambiguous.
It types nothing into the forms and presses no button that sends one.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from playwright.sync_api import Browser
from pydantic import SecretStr

from cifer_bot import browser as browsers
from cifer_bot.captcha import SOLVERS, SolverName, default_solver_name, make_solver
from cifer_bot.catalog import load_catalog
from cifer_bot.credentials import generate_password, load_credentials
from cifer_bot.errors import CiferBotError, InputError
from cifer_bot.narration import Narrator
from cifer_bot.report import write_atomically
from cifer_bot.resolver import LabelAmbiguous, LabelError
from cifer_bot.selector_map import Entry, load_selector_map
from cifer_bot.steps import login
from cifer_bot.steps.flow import Flow
from cifer_bot.target import open_portal

Result = Literal["found", "not found", "ambiguous", "not checked"]
CHECK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class CheckOptions:
    portal_url: str | None = None
    selectors: str = "2021-11-26"
    dry_run: bool = False
    faults: tuple[str, ...] = ()
    username: str | None = None
    captcha: str | None = None
    headed: bool = False
    out: Path = Path("cifer-bot-out/selectors-check")
    as_json: bool = False


@dataclass
class EntryCheck:
    page: str
    step: int
    entry: str
    label: str
    english: str
    kind: str
    result: Result = "not checked"
    detail: str = ""


@dataclass
class DriftReport:
    version: str
    portal_url: str
    checks: list[EntryCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.result == "found" for check in self.checks)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for check in self.checks:
            counts[check.result] = counts.get(check.result, 0) + 1
        return counts

    def table(self) -> str:
        lines = [f"Selector map {self.version} against {self.portal_url}:"]
        for check in self.checks:
            mark = {"found": "ok  ", "not found": "MISS", "ambiguous": "MANY"}.get(
                check.result, "----"
            )
            lines.append(
                f"{mark} step {check.step} {check.page}.{check.entry}: {check.label} "
                f"({check.english}) - {check.result}"
                + (f": {check.detail}" if check.detail and check.result != "found" else "")
            )
        summary = ", ".join(f"{count} {name}" for name, count in sorted(self.counts().items()))
        lines.append(f"{len(self.checks)} entries: {summary}.")
        return "\n".join(lines)


class _Walker:
    """Visits each page of the map and checks its entries where it stands."""

    def __init__(self, flow: Flow, report: DriftReport, sample_item: str) -> None:
        self.flow = flow
        self.report = report
        self.params = {"sub_item": sample_item, "day": "1"}

    def check_page(self, page_name: str, *, skip: tuple[str, ...] = ()) -> None:
        spec = self.flow.spec(page_name)
        for entry in spec.entries:
            if entry.name in skip:
                continue
            self.check(page_name, entry)

    def check(self, page_name: str, entry: Entry) -> bool:
        spec = self.flow.spec(page_name)
        label = entry.label_for(self.params) if entry.label else f"css {entry.css}"
        row = EntryCheck(spec.name, spec.step, entry.name, label, entry.english, entry.kind)
        self.report.checks.append(row)
        try:
            self.flow.find(page_name, entry.name, params=self._params_for(entry))
        except LabelAmbiguous as error:
            row.result, row.detail = "ambiguous", str(error)
            return False
        except LabelError as error:
            row.result, row.detail = "not found", str(error)
            return False
        row.result = "found"
        return True

    def _params_for(self, entry: Entry) -> dict[str, str] | None:
        return {name: self.params[name] for name in entry.params} or None

    def unchecked(self, page_name: str, reason: str) -> None:
        spec = self.flow.spec(page_name)
        for entry in spec.entries:
            label = entry.label or f"css {entry.css}"
            self.report.checks.append(
                EntryCheck(
                    spec.name,
                    spec.step,
                    entry.name,
                    label,
                    entry.english,
                    entry.kind,
                    detail=reason,
                )
            )


def check_selectors(
    options: CheckOptions, *, stream: TextIO | None = None, browser: Browser | None = None
) -> int:
    """Run the drift report; exit code 0 when every entry is found exactly once.

    `browser`: one the caller already runs (tests); by default the tool starts its own.
    """
    out_stream = stream or sys.stdout
    selectors = load_selector_map(options.selectors)
    if options.captcha is not None and options.captcha not in SOLVERS:
        raise InputError(f"--captcha must be one of {', '.join(SOLVERS)}")
    with open_portal(
        dry_run=options.dry_run,
        portal_url=options.portal_url,
        faults=options.faults,
        selectors=selectors,
    ) as (portal_url, replica):
        report = DriftReport(selectors.version, portal_url)
        password: SecretStr | None = None
        username = options.username
        if replica is not None and username is None:
            username, password = "driftcheck01", generate_password()
            replica.add_account(username, password.get_secret_value())
        elif username is not None:
            password = load_credentials().password_for(username)
        solver_name: SolverName = options.captcha or default_solver_name(
            dry_run=options.dry_run, headed=options.headed
        )
        solver = make_solver(solver_name, portal_url=portal_url, headed=options.headed)
        with browsers.open_browser(headless=not options.headed, given=browser) as running:
            context = browsers.new_context(
                running, allowed_hosts=frozenset(selectors.portal.allowed_hosts)
            )
            page = context.new_page()
            flow = Flow.build(
                page,
                selectors=selectors,
                narrator=Narrator(stream=sys.stderr),
                portal_url=portal_url,
                artifacts=options.out,
                label_timeout_s=CHECK_TIMEOUT_S,
            )
            sample = load_catalog().self_registration_items()[0].name_zh
            _walk(_Walker(flow, report, sample), username, password, solver)
            context.close()
    write_atomically(
        options.out / "selectors-check.json",
        json.dumps(
            {
                "version": report.version,
                "portal_url": report.portal_url,
                "ok": report.ok,
                "counts": report.counts(),
                "entries": [asdict(c) for c in report.checks],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    if options.as_json:
        out_stream.write(json.dumps([asdict(c) for c in report.checks], ensure_ascii=False) + "\n")
    else:
        out_stream.write(report.table() + "\n")
    return 0 if report.ok else 1


def _walk(
    walker: _Walker, username: str | None, password: SecretStr | None, solver: object
) -> None:
    flow = walker.flow
    flow.page.goto(flow.portal_url)
    walker.check_page("landing")
    if not _go(walker, "landing", "new_portal", "portal"):
        for name in ("portal", "login", "register", "home", "categories", "form"):
            walker.unchecked(name, "the way to this page was not found")
        return
    walker.check_page("portal", skip=("cifer_system",))
    with contextlib.suppress(CiferBotError):
        flow.find("portal", "cifer_menu").locator.hover()
    walker.check(flow.spec("portal").name, flow.spec("portal").entry("cifer_system"))
    if not _go(walker, "portal", "cifer_system", "login"):
        for name in ("login", "register", "home", "categories", "form"):
            walker.unchecked(name, "the way to this page was not found")
        return
    login_url = flow.page.url
    walker.check_page("login")
    if _go(walker, "login", "create_account", "register"):
        walker.check_page("register")
    else:
        walker.unchecked("register", "the link to it was not found")
    flow.page.goto(login_url)
    if username is None or password is None:
        for name in ("home", "categories", "form"):
            walker.unchecked(name, "behind the login: give --username to check it")
        return
    try:
        login.log_in(flow, username=username, password=password, solver=solver)  # type: ignore[arg-type]
    except CiferBotError as error:
        for name in ("home", "categories", "form"):
            walker.unchecked(name, f"could not log in: {error}")
        return
    walker.check_page("home")
    if not _go(walker, "home", "apply", "categories"):
        walker.unchecked("categories", "the link to it was not found")
        walker.unchecked("form", "the link to it was not found")
        return
    walker.check_page("categories")
    sub_item = {"sub_item": walker.params["sub_item"]}
    if not _go(walker, "categories", "sub_item", "form", params=sub_item):
        walker.unchecked("form", "the sample sub-item was not found")
        return
    picker = ("picker_year", "picker_month", "picker_day", "picker_clear")
    walker.check_page("form", skip=picker)
    # The date picker's parts show only while it is open: open it on the first date field.
    spec = flow.spec("form")
    first_date = next((e for e in spec.entries if e.kind == "date"), None)
    if first_date is not None:
        with contextlib.suppress(CiferBotError):
            date_input = flow.find("form", first_date.name).locator
            flow.clicker.click(date_input, what="a date field, to open the date picker")
    for name in picker:
        walker.check("form", spec.entry(name))


def _go(
    walker: _Walker,
    page_name: str,
    entry: str,
    then: str,
    params: dict[str, str] | None = None,
) -> bool:
    """Click a navigation entry if it is there and wait for the page `then`."""
    try:
        walker.flow.click(page_name, entry, params=params)
    except CiferBotError:
        return False
    # The next page may come late, or in a new window: a check made too early fails.
    with contextlib.suppress(CiferBotError):
        walker.flow.wait_for(then, step=f"step {walker.flow.spec(then).step} ({then})")
    return True
