"""`report.html`: one page that opens from disk with no server. A summary, then each
application: its state, steps and timings, a thumbnail of its review screenshot that
links to the full picture, the bilingual review table with mismatches marked, and what
to do next. Thumbnails are embedded (small JPEGs); full pictures stay beside it.
Every text of the facility file or the portal is escaped."""

from __future__ import annotations

import base64
import contextlib
import os
import re
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cifer_bot.escape import visible

if TYPE_CHECKING:
    from cifer_bot.report.build import Entry, Report

_STYLE = """
body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#1f2d3d}
h1{font-size:22px}h2{font-size:17px;margin:28px 0 6px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccd;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#eef1f6}
.state{display:inline-block;padding:1px 8px;border-radius:9px;background:#dde;font-size:12px}
.review,.submitted{background:#d5f0d8}.failed,.mismatch,.check{background:#f8d7d7}
.account_form,.in_progress,.saved{background:#fbeecb}.bad{background:#fde2e2}
.app{border-top:1px solid #ccd;padding-top:6px;display:flow-root}
.thumb{float:right;margin:0 0 8px 16px;border:1px solid #ccd;max-width:200px}
.next{color:#36506b}.muted{color:#667}
"""


def _e(value: object) -> str:
    return escape(visible(str(value)), quote=True)


_CODE = re.compile(r"`([^`]+)`")


def _said(text: str) -> str:
    """The tool's own words, escaped, with a `command` set as code."""
    return _CODE.sub(r"<code>\1</code>", _e(text))


def _thumbnail(entry: Entry) -> str | None:
    """The thumbnail as the journal keeps it; for an older record, its file on disk."""
    data = entry.thumbnail
    path = entry.outcome.get("thumbnail")
    if data is None and path:
        with contextlib.suppress(OSError):
            data = Path(path).read_bytes()
    if data is None:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _elsewhere(entry: Entry, name: str) -> str | None:
    """Where a file of the application lies when it is not on this machine: the full
    screenshot and review table stay on the disk of the worker that filled it."""
    path = entry.outcome.get(name)
    if not path or Path(path).exists():
        return None
    worker = entry.outcome.get("worker")
    return f"{path} on {worker}" if worker else str(path)


def _href(path: str, out: Path) -> str:
    with contextlib.suppress(ValueError):
        return Path(os.path.relpath(path, out)).as_posix()
    return Path(path).as_uri()


def _seconds(start: str, end: str) -> str:
    try:
        span = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    except (TypeError, ValueError):
        return ""
    # An ending is stamped to the second, a step to the millisecond.
    return f"{span.total_seconds():.1f} s" if span.total_seconds() >= 0 else ""


def _steps(entry: Entry) -> str:
    if not entry.steps:
        return ""
    cells = []
    for step, following in zip(entry.steps, [*entry.steps[1:], None], strict=True):
        end = following["at"] if following else entry.finished or step["at"]
        cells.append(f"<tr><td>{_e(step['step'])}</td><td>{_seconds(step['at'], end)}</td></tr>")
    return "<table><tr><th>Step</th><th>Took</th></tr>" + "".join(cells) + "</table>"


def _review(outcome: dict[str, Any]) -> str:
    rows = outcome.get("review") or []
    if not rows:
        return ""
    cells = []
    differ = sum(not row.get("match") for row in rows)
    for row in rows:
        match = bool(row.get("match"))
        mark = "match" if match else f"MISMATCH (meant {_e(row.get('expected', ''))})"
        cells.append(
            f"<tr{'' if match else ' class=bad'}><td>{_e(row.get('label_zh', ''))}</td>"
            f"<td>{_e(row.get('label_en', ''))}</td><td>{_e(row.get('actual', ''))}</td>"
            f"<td>{mark}</td></tr>"
        )
    # Open where a field differs: the rest are one line each until a person opens them.
    said = f"{differ} of {len(rows)} fields differ" if differ else f"{len(rows)} fields, all match"
    return (
        f"<details{' open' if differ else ''}><summary>Review table ({said})</summary>"
        "<table><tr><th>字段 (Chinese label)</th>"
        "<th>Field</th><th>Value on the page</th><th>Match</th></tr>"
        + "".join(cells)
        + "</table></details>"
    )


def _application(number: int, entry: Entry, out: Path) -> str:
    outcome = entry.outcome
    title = f"{number}. {_e(entry.facility)}: {_e(entry.category)}"
    parts = [f"<section class=app id=a{number}><h2>{title}</h2>"]
    thumb = _thumbnail(entry)
    shot = outcome.get("screenshot")
    far = _elsewhere(entry, "screenshot")
    picture = f'<img class=thumb alt="review screenshot of {_e(entry.facility)}" src="{thumb}">'
    if thumb and shot and not far:
        parts.append(f'<a href="{_e(_href(shot, out))}">{picture}</a>')
    elif thumb:
        parts.append(picture)
    numbers = ""
    if entry.application_no:
        numbers = f" Application number: <b>{_e(entry.application_no)}</b>."
    elif entry.draft_no:
        numbers = f" Draft: {_e(entry.draft_no)}."
    parts.append(
        f"<p><span class='state {_e(entry.state)}'>{_e(entry.state_text)}</span> "
        f"<span class=muted>row {_e(entry.row or '-')}, account {_e(entry.username)}, "
        f"attempts {entry.attempts}</span>{numbers}</p>"
    )
    if entry.message:
        kind = f"{_e(entry.error_class)}: " if entry.error_class else ""
        parts.append(f"<p>{kind}{_said(entry.message)}</p>")
    parts.append(f"<p class=next>Next: {_said(entry.next)}.</p>")
    if far:
        parts.append(f"<p class=muted>The full screenshot: {_e(far)}</p>")
    table = _elsewhere(entry, "review_table")
    if table:
        parts.append(f"<p class=muted>The review table: {_e(table)}</p>")
    elif outcome.get("review_table"):
        parts.append(f'<p><a href="{_e(_href(outcome["review_table"], out))}">review.md</a></p>')
    parts.append(_steps(entry))
    parts.append(_review(outcome))
    parts.append("</section>")
    return "".join(parts)


def render(report: Report, out: Path) -> str:
    """The whole page, as text."""
    totals = "".join(
        f"<tr><td>{_e(state)}</td><td>{count}</td></tr>"
        for state, count in report.totals().items()
        if count
    )
    index = "".join(
        f"<tr><td><a href='#a{n}'>{_e(e.facility)}</a></td><td>{_e(e.category)}</td>"
        f"<td><span class='state {_e(e.state)}'>{_e(e.state)}</span></td>"
        f"<td>{_e(e.application_no or e.draft_no or '')}</td></tr>"
        for n, e in enumerate(report.entries, start=1)
    )
    invalid = "".join(
        f"<li>row {_e(p.get('row', '-'))}, {_e(p.get('facility') or '')}: "
        f"{_e(p.get('label_en') or p.get('field') or '')} {_e(p.get('label_zh') or '')}: "
        f"{_e(p.get('rule', ''))}</li>"
        for p in report.invalid
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>cifer-bot report: {_e(report.source)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>cifer-bot report</h1><p class=muted>{_e(report.source)}; portal "
        f"{_e(report.portal)}; built {_e(report.built)}</p>"
        f"<table><tr><th>State</th><th>Applications</th></tr>{totals}</table>"
        f"<table><tr><th>Facility</th><th>Food category</th><th>State</th><th>Number</th></tr>"
        f"{index}</table>"
        + (f"<h2>Rows not valid</h2><ul>{invalid}</ul>" if invalid else "")
        + "".join(_application(n, e, out) for n, e in enumerate(report.entries, start=1))
        + "</body></html>\n"
    )
