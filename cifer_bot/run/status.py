"""`cifer-bot status FILE`: where a batch stands, from its journal: one line per
application of the list (facility, category, step, state, last error, draft or
application number, when) with totals; `--json` for scripts, `--xlsx` for the sheet an
agent sends a client (bilingual headers)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cifer_bot.escape import visible
from cifer_bot.facilities.intake import read_facilities
from cifer_bot.report.build import Entry, Report, build_report
from cifer_bot.report.sheet import write_sheet
from cifer_bot.run.records import has_journal, invalid_rows, journal_of, listed
from cifer_bot.run.setup import DRY_RUN_PORTAL, journal_name


@dataclass(frozen=True, kw_only=True)
class StatusOptions:
    facility_file: Path
    out: Path = Path("cifer-bot-out")
    state: Path | None = None
    dry_run: bool = False  # the dry runs' record (the replica)
    portal_url: str | None = None  # this portal's record; None: the latest used
    as_json: bool = False
    xlsx: Path | None = None


def status(options: StatusOptions, *, stream: TextIO | None = None) -> int:
    """Print the batch's state; 0 when every application of the list is at review or
    submitted, 1 when some are not (yet)."""
    out = stream or sys.stdout
    intake = read_facilities(options.facility_file)
    source = str(intake.source)
    if not has_journal(options.out, options.state):
        portals: list[str] = []
        report = build_report(None, listed(intake), invalid_rows(intake), source=source)
    else:
        with journal_of(options.out, options.state, "", sys.stderr, hold=False) as journal:
            portals = journal.portals()
            if options.dry_run:
                portal = DRY_RUN_PORTAL
            elif options.portal_url:
                portal = journal_name(options.portal_url, dry_run=False)
            else:
                portal = portals[0] if portals else DRY_RUN_PORTAL
            view = journal.for_portal(portal)
            report = build_report(view, listed(intake), invalid_rows(intake), source=source)
    if options.xlsx is not None:
        write_sheet(report, options.xlsx)
    if options.as_json:
        out.write(json.dumps(_json(report), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table(report, others=[p for p in portals if p != report.portal]))
        if options.xlsx is not None:
            out.write(f"Sheet: {options.xlsx}\n")
    totals = report.totals()
    finished = totals["review"] + totals["submitted"]
    return 0 if finished == len(report.entries) else 1


def _json(report: Report) -> dict[str, object]:
    data = report.as_dict()
    for entry in data["applications"]:
        # What the report shows of the form is the report's, not the status's.
        for name in ("review", "artifacts", "screenshot", "thumbnail", "review_table"):
            entry.pop(name, None)
    return data


def when(entry: Entry) -> str:
    return (entry.finished or entry.started or "")[:16].replace("T", " ")


def number(entry: Entry) -> str:
    return entry.application_no or entry.draft_no or ""


def _table(report: Report, others: list[str]) -> str:
    rows = [("Facility", "Category", "Step", "State", "Number", "When", "Last error")]
    for entry in report.entries:
        error = entry.message if entry.state in {"failed", "check", "mismatch"} else ""
        rows.append(
            (
                entry.facility,
                entry.category_code,
                entry.reached,
                entry.state,
                number(entry),
                when(entry),
                error[:70] + ("…" if len(error) > 70 else ""),
            )
        )
    widths = [max(len(row[n]) for row in rows) for n in range(6)]
    lines = [
        f"{report.source}: the record of {report.portal}"
        if report.portal
        else f"{report.source}: no record yet (nothing was filled with this --out or --state)"
    ]
    for row in rows:
        cells = [visible(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, visible(row[6])]).rstrip())
    totals = ", ".join(f"{count} {state}" for state, count in report.totals().items() if count)
    lines.append(f"{len(report.entries)} applications: {totals or 'none'}")
    if others:
        lines.append(f"The journal also holds the records of: {', '.join(others)}")
    return "\n".join(lines) + "\n"
