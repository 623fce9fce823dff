"""The report of a batch, rebuilt from the journal: every application of the facility
list as the journal knows it, whichever run touched it (a resumed or `--only` run
reports the whole list). `report.json` holds the data; `report.html` shows it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cifer_bot.files import write_atomically
from cifer_bot.journal import AppKey, Application, Journal
from cifer_bot.report.html import render
from cifer_bot.report.outcome import now

# What each state of an application means, and what a person does next.
STATES: dict[str, tuple[str, str]] = {
    "submitted": (
        "submitted on the portal",
        "nothing: the portal has it under its application number",
    ),
    "review": (
        "filled; waiting for a person's review",
        "open it on the portal (综合查询 lists the draft), check it against the review table "
        "and press 提交 yourself; then `cifer-bot sync` records its application number",
    ),
    "saved": (
        "saved on the portal as a draft (earlier, or by a run that stopped); this run "
        "wrote no review files for it",
        "open it on the portal (综合查询 lists the draft), check every field and press 提交 "
        "yourself; then `cifer-bot sync` records its application number",
    ),
    "account_form": (
        "waits for its account: the account form is filled (once per account)",
        "run again with --create-accounts to register the account (立即注册, Register now); "
        "or register it on the portal yourself, set account_exists: yes in the facility "
        "file, and run again",
    ),
    "mismatch": (
        "filled, but the page holds something else: not saved",
        "compare the fields marked below with the page; `cifer-bot selectors check` says "
        "whether the portal changed",
    ),
    "check": (
        "a person must look on the portal first",
        "look in 综合查询 for it; run again with --again only if it is not there",
    ),
    "failed": ("failed", "read the error; run again to retry it"),
    "in_progress": (
        "started, not finished (the run stopped)",
        "run again: it resumes, and asks the portal about any press left unconfirmed",
    ),
    "not_started": ("not started", "run `cifer-bot fill` with the facility file"),
}


# The states in which an application waits for a person on the portal: nothing is left
# for the tool to do.
AT_THE_PORTAL = ("review", "saved", "submitted")

# The presses with an effect on the portal, as the steps of the report name them.
_PRESSES = {"暂存": "暂存 (Save draft)", "立即注册": "立即注册 (Register now)"}


@dataclass(frozen=True)
class Listed:
    """One application of the facility list, as the list names it."""

    key: AppKey
    row: int | None
    category: str  # the sub-item, in Chinese and English


@dataclass
class Entry:
    """One application in the report: the list's names and the journal's record."""

    facility: str
    category_code: str
    category: str
    username: str
    row: int | None
    state: str
    state_text: str
    next: str
    reached: str = ""  # the latest step of the route the application reached
    message: str = ""
    error_class: str = ""
    attempts: int = 0
    draft_no: str | None = None
    application_no: str | None = None
    started: str | None = None
    finished: str | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    outcome: dict[str, Any] = field(default_factory=dict)
    # The review screenshot's thumbnail (a JPEG) as the journal keeps it: report.html
    # embeds it; report.json leaves it out.
    thumbnail: bytes | None = field(default=None, repr=False)


def state_of(application: Application | None) -> str:
    if application is None:
        return "not_started"
    if application.portal_status == "submitted" or application.application_no:
        return "submitted"
    if application.status:
        return application.status
    return "in_progress" if application.history else "not_started"


def _entry(item: Listed, application: Application | None) -> Entry:
    state = state_of(application)
    text, next_step = STATES[state]
    entry = Entry(
        facility=item.key.facility,
        category_code=item.key.category,
        category=item.category,
        username=item.key.username,
        row=item.row,
        state=state,
        state_text=text,
        next=next_step,
    )
    if application is not None:
        entry.reached = application.step
        entry.message = application.message
        entry.error_class = application.error_class
        entry.attempts = application.attempts
        entry.draft_no = application.draft_no
        entry.application_no = application.application_no
        entry.started = application.started
        entry.finished = application.finished
        entry.outcome = application.outcome
        entry.thumbnail = application.thumbnail
        # The latest attempt's steps: what the report's timings are of.
        history = application.history
        starts = [n for n, step in enumerate(history) if step.kind == "attempt"]
        said = {"step": "{}", "intent": "{} pressed", "confirm": "{} confirmed by the portal"}
        entry.steps = [
            {"step": said[step.kind].format(_PRESSES.get(step.name, step.name)), "at": step.at}
            for step in history[starts[-1] if starts else 0 :]
            if step.kind in said
        ]
    return entry


@dataclass
class Report:
    """The whole list: a summary, the applications and the rows that are not valid."""

    source: str
    portal: str
    entries: list[Entry]
    invalid: list[dict[str, Any]]
    built: str = field(default_factory=now)

    def all_at_the_portal(self) -> bool:
        """Whether every application waits on the portal (`AT_THE_PORTAL`)."""
        return all(entry.state in AT_THE_PORTAL for entry in self.entries)

    def totals(self) -> dict[str, int]:
        totals = {state: 0 for state in STATES}
        for entry in self.entries:
            totals[entry.state] += 1
        totals["invalid"] = len({(p.get("row"), p.get("facility")) for p in self.invalid})
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "portal": self.portal,
            "built": self.built,
            "totals": self.totals(),
            "applications": [flat(entry) for entry in self.entries],
            "invalid": self.invalid,
        }


def flat(entry: Entry) -> dict[str, Any]:
    """An application as report.json holds it: the latest ending as the run saw it
    (status, review table, screenshot...), and the journal's state, steps and numbers."""
    data = asdict(entry)
    data.pop("thumbnail")
    outcome = data.pop("outcome")
    return {**outcome, "status": outcome.get("status"), **data}


def build_report(
    journal: Journal | None, listed: list[Listed], invalid: list[dict[str, Any]], *, source: str
) -> Report:
    """The report of the list `listed`, from what `journal` holds of each application
    (None: there is no journal yet)."""
    applications = journal.applications() if journal is not None else []
    known = {application.key: application for application in applications}
    entries = [_entry(item, _find(known, item.key)) for item in listed]
    portal = journal.portal if journal is not None else ""
    return Report(source=source, portal=portal, entries=entries, invalid=invalid)


def _find(known: dict[AppKey, Application], key: AppKey) -> Application | None:
    found = known.get(key)
    # An ending of earlier versions names no account: it stands for any.
    return found if found is not None else known.get(key._replace(username=""))


def write_report(report: Report, out: Path) -> tuple[Path, Path]:
    """`report.json` and `report.html` in `out`, each written whole or not at all."""
    data = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    json_path, html_path = out / "report.json", out / "report.html"
    write_atomically(json_path, data)
    write_atomically(html_path, render(report, out))
    return json_path, html_path
