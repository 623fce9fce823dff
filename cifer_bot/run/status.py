"""`cifer-bot status FILE`: where a batch stands, from its journal: one line per
application of the list (facility, category, step, state, last error, draft or
application number, when) with totals; `--json` for scripts, `--xlsx` for the sheet an
agent sends a client (bilingual headers). With `--journal URL` (a shared journal) the
list is the journal's, and every operator's progress follows: who holds what, since
when. `cifer-bot report` writes report.html and report.json from the same record, on
any machine (thumbnails are in the journal)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from rich.cells import cell_len, set_cell_size

from cifer_bot.errors import InputError
from cifer_bot.escape import visible
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.journal import SqlJournal
from cifer_bot.report.build import STATES, Entry, Report, build_report, write_report
from cifer_bot.report.sheet import write_sheet
from cifer_bot.run.operators import operator_lines, operators
from cifer_bot.run.queue import listed_work, shared_journal
from cifer_bot.run.records import has_journal, invalid_rows, journal_of, listed
from cifer_bot.run.setup import DRY_RUN_PORTAL, journal_name


@dataclass(frozen=True, kw_only=True)
class StatusOptions:
    facility_file: Path | None = None  # None: the shared journal's list
    journal: str | None = None  # a shared journal (postgresql://...)
    out: Path = Path("cifer-bot-out")
    state: Path | None = None
    dry_run: bool = False  # the dry runs' record (the replica)
    portal_url: str | None = None  # this portal's record; None: the latest used
    as_json: bool = False
    xlsx: Path | None = None


def status(options: StatusOptions, *, stream: TextIO | None = None) -> int:
    """Print the batch's state; 0 when every application of the list is at review or
    submitted (or saved on the portal), 1 when some are not (yet)."""
    out = stream or sys.stdout
    report, portals, team = _record(options)
    if options.xlsx is not None:
        write_sheet(report, options.xlsx)
    if options.as_json:
        data = _json(report)
        if team is not None:
            data["workers"], data["claims"], data["blocked"] = team["json"]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table(report, others=[p for p in portals if p != report.portal]))
        if team is not None:
            out.write("\n".join(team["lines"]) + "\n")
        if options.xlsx is not None:
            out.write(f"Sheet: {options.xlsx}\n")
    return 0 if report.all_at_the_portal() else 1


def report(options: StatusOptions, *, stream: TextIO | None = None) -> int:
    """Run `cifer-bot report`: report.json and report.html of the list, from its
    journal, in `options.out`; the exit code as `status`'s."""
    out = stream or sys.stdout
    built, _, _ = _record(options)
    json_path, html_path = write_report(built, options.out)
    out.write(f"Report: {html_path} (and {json_path.name})\n")
    return 0 if built.all_at_the_portal() else 1


def _portal(options: StatusOptions, portals: list[str]) -> str:
    if options.dry_run:
        return DRY_RUN_PORTAL
    if options.portal_url:
        return journal_name(options.portal_url, dry_run=False)
    return portals[0] if portals else DRY_RUN_PORTAL


def _record(options: StatusOptions) -> tuple[Report, list[str], dict[str, Any] | None]:
    """The report of the list, the portals its journal knows, and (shared) its team."""
    intake = read_facilities(options.facility_file) if options.facility_file else None
    invalid = invalid_rows(intake) if intake else []
    if options.journal is not None:
        with shared_journal(options.journal) as store:
            portals = store.portals()
            view = store.for_portal(_portal(options, portals))
            items = listed(intake) if intake else listed_work(view.work())
            source = str(intake.source) if intake else store.where
            built = build_report(view, items, invalid, source=source)
            return built, portals, _team(built, view, store.where)
    if intake is None:
        raise InputError("give the facility file, or --journal URL for a shared journal")
    source = str(intake.source)
    if not has_journal(options.out, options.state):
        return build_report(None, listed(intake), invalid, source=source), [], None
    with journal_of(options.out, options.state, "", sys.stderr, hold=False) as journal:
        portals = journal.portals()
        view = journal.for_portal(_portal(options, portals))
        return build_report(view, listed(intake), invalid, source=source), portals, None


def _team(built: Report, view: SqlJournal, where: str) -> dict[str, Any]:
    claims, refusals = view.claims(), view.refusals()
    return {
        "lines": operator_lines(built, claims, refusals, where),
        "json": (
            operators(built, claims),
            [asdict(claim) for claim in claims],
            {name: dict(refusal) for name, refusal in refusals.items()},
        ),
    }


def _json(report: Report) -> dict[str, object]:
    data = report.as_dict()
    for entry in data["applications"]:
        # What the report shows of the form is the report's, not the status's.
        for name in ("review", "artifacts", "screenshot", "thumbnail", "review_table"):
            entry.pop(name, None)
    return data


def when(entry: Entry) -> str:
    """When the application last ended (or began), to the minute, with its time zone."""
    stamp = entry.finished or entry.started or ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:16].replace("T", " ")
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".rstrip()


def number(entry: Entry) -> str:
    return entry.application_no or entry.draft_no or ""


def _cut(text: str, most: int) -> str:
    """At most `most` cells of a terminal (a Chinese character takes two)."""
    if cell_len(text) <= most:
        return text
    return set_cell_size(text, most - 1) + "…"


def _table(report: Report, others: list[str]) -> str:
    rows = [("Facility", "Category", "Step", "State", "Number", "When", "Last error")]
    for entry in report.entries:
        error = entry.message if entry.state in {"failed", "check", "mismatch"} else ""
        rows.append(
            (
                entry.facility,
                entry.category,
                entry.reached,
                entry.state,
                number(entry),
                when(entry),
                error[:70] + ("…" if len(error) > 70 else ""),
            )
        )
    shown = [[_cut(visible(cell), 40) for cell in row[:6]] + [visible(row[6])] for row in rows]
    widths = [max(cell_len(row[n]) for row in shown) for n in range(6)]
    portal = "the dry runs on the offline replica" if report.portal == DRY_RUN_PORTAL else None
    lines = [
        f"{report.source}: the record of {portal or report.portal}"
        if report.portal
        else f"{report.source}: no record yet (nothing was filled with this --out or --state)"
    ]
    for row in shown:
        cells = [
            cell + " " * (width - cell_len(cell))
            for cell, width in zip(row[:6], widths, strict=True)
        ]
        lines.append("  ".join([*cells, row[6]]).rstrip())
    totals = ", ".join(f"{count} {state}" for state, count in report.totals().items() if count)
    lines.append(f"{len(report.entries)} applications: {totals or 'none'}")
    if any(entry.state == "review" and not number(entry) for entry in report.entries):
        lines.append(
            "Numbers: the portal gives a draft its number and a submission its application "
            "number; `cifer-bot sync FILE` reads them from its 综合查询."
        )
    # What a person does next, for each state the list holds (the report says it too).
    states = dict.fromkeys(entry.state for entry in report.entries if entry.state != "submitted")
    lines += ["Next:"] if states else []
    lines += [f"  {state}: {STATES[state][1]}" for state in states]
    if others:
        lines.append(f"The journal also holds the records of: {', '.join(others)}")
    return "\n".join(lines) + "\n"
