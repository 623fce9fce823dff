"""What the filler's tests share: facility files, running `fill` in the session's
browser, building a step's `Flow`, and the watch that proves no test submits."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page

from cifer_bot.options import FillOptions
from cifer_bot.replica import Replica
from cifer_bot.run.batch import fill
from cifer_bot.selector_map import load_selector_map
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.narration import Narrator
from tests.support.http_client import Client

# A tiny PDF, which the intake's signature check and the portal's upload both accept.
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

# The application form's fields, as the read-back table names them, in the form's order.
APPLICATION_FIELDS = (
    "country",
    "approval_no",
    "approval_authority",
    "cn_registration_no",
    "cn_registration_date",
    "cn_registration_expiry",
    "enterprise_name",
    "production_address",
    "founded_date",
    "legal_rep_name",
    "legal_rep_tel",
    "legal_rep_email",
    "contact_name",
    "contact_tel",
    "contact_email",
    "expansion_date",
    "expansion_project",
    "expansion_facilities",
    "remarks",
    "identity_document",
)


# --- the no-submission watch -----------------------------------------------------------


@dataclass
class Watched:
    """A replica started during a test, and its `/__replica/state` just before it stopped."""

    replica: Replica
    final_state: dict[str, Any] = field(default_factory=dict)


@contextlib.contextmanager
def watch_replicas() -> Iterator[list[Watched]]:
    """Record every replica started inside, and check that none recorded a submission.

    The state is read over HTTP (`/__replica/state`), as any client of the replica would,
    right before the replica stops; the in-memory record is checked too.
    """
    watched: list[Watched] = []
    start, stop = Replica.start, Replica.stop

    def recording_start(self: Replica) -> Replica:
        watched.append(Watched(self))
        return start(self)

    def reading_stop(self: Replica) -> None:
        for item in watched:
            if item.replica is self:
                item.final_state = Client(self.url).get("/__replica/state").json()
        stop(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Replica, "start", recording_start)
        patch.setattr(Replica, "stop", reading_stop)
        yield watched
    for item in watched:
        assert item.replica.state.submissions == [], f"a submission on {item.replica.url}"
        assert item.final_state.get("submissions", []) == []


# --- facility files --------------------------------------------------------------------


def facility_row(
    name: str, username: str, *, account_exists: bool, category: str = "巧克力"
) -> dict[str, Any]:
    """One row shaped like examples/facilities.yaml, every application field given, and
    every value but the country its own: a value that crossed from one application to
    another (state shared between accounts) shows in what the portal received."""
    number = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 9000 + 1000
    domain = f"{name}.example.com"
    who = name.replace("-", " ").title()
    return {
        "name": name,
        "role": "manufacturer",
        "account_exists": account_exists,
        "category": category,
        "username": username,
        "country": "Australia",
        "approval_no": f"AU-VIC-{number}",
        "enterprise_name": f"{name.title()} Pty Ltd",
        "department": f"Quality {who}",
        "post": f"Quality manager {number}",
        "contacts": f"Mei Chen {who}",
        "tel": f"+61 3 5550 {number}",
        "mobile": f"+61 491 57{number // 1000} {number % 1000:03d}",
        "address": f"{number} Melba Highway, Yarra Glen VIC 3775, Australia",
        "email": f"export@{domain}",
        "approval_authority": f"Department of Agriculture, office {number}",
        "cn_registration_no": f"CAUS{number}0101",
        "cn_registration_date": date(1995, 1, 1) + timedelta(days=number),
        "cn_registration_expiry": date(2005, 1, 1) + timedelta(days=number),
        "production_address": f"{number} Melba Highway, Yarra Glen VIC 3775, Australia",
        "founded_date": date(1980, 1, 1) + timedelta(days=number),
        "legal_rep_name": f"Thomas Hart {who}",
        "legal_rep_tel": f"+61 2 5550 {number}",
        "legal_rep_email": f"thomas.hart@{domain}",
        "contact_name": f"Mei Chen {who} {number}",
        "contact_tel": f"+61 8 5550 {number}",
        "contact_email": f"mei.chen@{domain}",
        "expansion_date": date(1995, 1, 1) + timedelta(days=number),
        "expansion_project": f"Moulding line {number}",
        "expansion_facilities": f"Tempering and moulding line {number}",
        "remarks": f"Dark and milk chocolate of {who}, moulded on site.",
        "identity_document": f"documents/{name}-abn.pdf",
    }


def document_of(name: str) -> bytes:
    """A facility's own identity document: a tiny PDF that names it (the intake's
    signature check and the portal's upload accept it), so that one facility's upload
    is never another's."""
    return PDF.replace(b"\n1 0 obj", f"\n% {name}\n1 0 obj".encode(), 1)


def write_facilities(folder: Path, *rows: dict[str, Any]) -> Path:
    """A facility file in `folder`, and each row's identity document beside it."""
    for row in rows:
        document = folder / str(row.get("identity_document", "documents/none.pdf"))
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_bytes(document_of(str(row.get("name", ""))))
    path = folder / "facilities.yaml"
    path.write_text(
        yaml.safe_dump({"facilities": list(rows)}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def expected_on_page(row: dict[str, Any]) -> dict[str, str]:
    """What the form should show for each field, from the row as written in the file."""
    shown: dict[str, str] = {}
    for name in APPLICATION_FIELDS:
        value = row.get(name)
        if isinstance(value, date):
            shown[name] = value.isoformat()
        elif name == "identity_document":
            shown[name] = Path(str(value)).name
        else:
            shown[name] = "" if value is None else str(value)
    shown["country"] = {"Australia": "AUS"}.get(str(row["country"]), str(row["country"]))
    return shown


# --- running fill ----------------------------------------------------------------------


@dataclass
class Run:
    """One `fill` run: its exit code, what it wrote, and what the replica recorded."""

    code: int
    out: Path
    stream: str
    report: dict[str, Any]
    states: list[dict[str, Any]]
    replicas: list[Replica]

    def application(self, facility: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = [
            a for a in self.report["applications"] if a["facility"] == facility
        ]
        assert len(found) == 1, f"{len(found)} applications of {facility}"
        return found[0]

    @property
    def state(self) -> dict[str, Any]:
        [state] = self.states
        return state


def run_fill(
    browser: Browser,
    options: FillOptions,
    *,
    passwords: dict[str, str] | None = None,
    environment: dict[str, str] | None = None,
    stdin: str | None = None,
    command: Callable[..., int] = fill,
) -> Run:
    """`fill` (or `command`: `sync`) in the session's browser, with passwords only from
    the environment given (and any other CIFER_BOT_ setting in `environment`); `stdin`:
    what a person types."""
    stream = io.StringIO()
    with watch_replicas() as watched, pytest.MonkeyPatch.context() as patch:
        # No .env of the working directory, no password of the machine's environment.
        patch.chdir(options.file.parent)
        for name in list(os.environ):
            if name.upper().startswith("CIFER_BOT_"):
                patch.delenv(name)
        for username, password in (passwords or {}).items():
            patch.setenv(f"CIFER_BOT_PASSWORD__{username}", password)
        for name, value in (environment or {}).items():
            patch.setenv(name, value)
        typed = io.StringIO(stdin) if stdin is not None else None
        code = command(options, stream=stream, browser=browser, stdin=typed)
    report = json.loads((options.out / "report.json").read_text(encoding="utf-8"))
    return Run(
        code,
        options.out,
        stream.getvalue(),
        report,
        [w.final_state for w in watched],
        [w.replica for w in watched],
    )


def options_for(facility_file: Path, out: Path, **changes: Any) -> FillOptions:
    """A dry run with short timeouts; `changes` override any option."""
    values: dict[str, Any] = {
        "facility_file": facility_file,
        "out": out,
        "dry_run": True,
        "timeout_s": 10.0,
        "save_draft": False,
        **changes,
    }
    return FillOptions(**values)


def journal_events(out: Path, facility: str, kind: str) -> list[str]:
    """The names of a facility's events of one kind in a run's journal, in order."""
    with contextlib.closing(sqlite3.connect(out / "state" / "journal.sqlite3")) as db:
        rows = db.execute(
            "SELECT e.name FROM events e JOIN applications a ON a.id = e.application_id "
            "WHERE a.facility = ? AND e.kind = ? ORDER BY e.id",
            (facility, kind),
        ).fetchall()
    return [name for (name,) in rows]


YARRA = facility_row("yarra-choc", "yarrachoc01", account_exists=True)
BAROSSA = facility_row(
    "barossa-wines", "barossahill", account_exists=False, category="发酵酒及其配制酒"
)


def make_flow(page: Page, portal_url: str, artifacts: Path, *, timeout_s: float = 5.0) -> Flow:
    """A flow as `Filler._attempt` builds one, narrating into a string."""
    selectors = load_selector_map("2021-11-26")
    narrator = Narrator(stream=io.StringIO())
    narrator.attach(page)
    return Flow.build(
        page,
        selectors=selectors,
        narrator=narrator,
        portal_url=portal_url,
        artifacts=artifacts,
        timeout_s=timeout_s,
    )


def log_in_over_http(page: Page, replica: Replica, username: str, password: str) -> None:
    """Log in without the browser, and hand the session cookie to the page's context."""
    client = Client(replica.url)
    client.login(username, password)
    page.context.add_cookies(
        [{"name": c.name, "value": c.value or "", "url": replica.url} for c in client.jar]
    )
