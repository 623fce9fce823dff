"""What `selectors check` reports, for the person who writes the next map version.

Per entry: found once, not found (with the three labels on the page nearest its own),
ambiguous, or not checked (its page was not reached: one line for the step, and how
many entries behind it). Per page: what showed it (each page of the map the windows
showed or hinted at there, and its evidence), and the controls the map names none of,
which is what a new portal version added. `write_draft` turns the suggestions into a new map version
whose every suggestion waits for a person's `confirm: true`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from cifer_bot.errors import InputError
from cifer_bot.files import write_atomically
from cifer_bot.resources import read_yaml
from cifer_bot.selector_map import SelectorMap

Result = Literal["found", "not found", "ambiguous", "not checked"]


@dataclass
class Near:
    """A label on the page near a map entry's own, and the kind of control it labels."""

    label: str
    kind: str
    ratio: float


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
    nearest: list[Near] = field(default_factory=list)
    # On a page the portal shows only in some cases, which this walk did not meet: not
    # checked, and not counted as missing either.
    conditional: bool = False


@dataclass
class Unnamed:
    """A control a page shows that no entry of the map names."""

    page: str
    step: int
    label: str
    kind: str
    mandatory: bool
    suggested_for: str = ""  # the entry not found whose nearest label this is


@dataclass
class DriftReport:
    version: str
    portal_url: str
    checks: list[EntryCheck] = field(default_factory=list)
    unnamed: list[Unnamed] = field(default_factory=list)
    # Per page the walk met: every page of the map the windows showed or hinted at
    # there, with its evidence (`login (shown by controls username, password, captcha)`).
    seen: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(check.result == "found" or check.conditional for check in self.checks)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for check in self.checks:
            result = "not met" if check.conditional else check.result
            counts[result] = counts.get(result, 0) + 1
        return counts

    def table(self) -> str:
        """The report as lines a person reads."""
        lines = [f"Selector map {self.version} against {self.portal_url}:"]
        for page, places in self.seen.items():
            lines.append(f"PAGE {page}: known by what showed: {'; '.join(places) or 'nothing'}")
        checks = self.checks
        index = 0
        while index < len(checks):
            check = checks[index]
            if check.conditional:
                same = [c for c in checks[index:] if c.page == check.page and c.conditional]
                lines.append(
                    f"---- step {check.step} {check.page}: shown only when {check.detail}; "
                    f"its {len(same)} entries were not checked"
                )
                index += len(same)
                continue
            if check.result == "not checked":
                # One line for the step that was not reached, one for what is behind it.
                behind = [
                    c for c in checks[index:] if c.result == "not checked" and not c.conditional
                ]
                pages = list(dict.fromkeys(c.page for c in behind))
                lines.append(f"---- step {check.step} {check.page}: not reached: {check.detail}")
                lines.append(
                    f"       {len(behind)} entries behind it were not checked "
                    f"(pages {', '.join(pages)})"
                )
                index += len(behind)
                continue
            mark = {"found": "ok  ", "not found": "MISS", "ambiguous": "MANY"}[check.result]
            lines.append(
                f"{mark} step {check.step} {check.page}.{check.entry}: {check.label} "
                f"({check.english}) - {check.result}"
                + (f": {check.detail}" if check.result == "ambiguous" else "")
            )
            if check.result == "not found":
                near = "; ".join(f"{n.label} ({n.kind}, {n.ratio:.2f})" for n in check.nearest)
                lines.append(f"       nearest labels on the page: {near or 'none'}")
            index += 1
        for item in self.unnamed:
            need = ", mandatory" if item.mandatory else ""
            said = (
                f"suggested for {item.suggested_for}"
                if item.suggested_for
                else "no entry of the map names it"
            )
            lines.append(
                f"NEW  step {item.step} {item.page}: {item.label} ({item.kind}{need}) - {said}"
            )
        summary = ", ".join(f"{count} {name}" for name, count in sorted(self.counts().items()))
        lines.append(f"{len(self.checks)} entries: {summary}.")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "portal_url": self.portal_url,
            "ok": self.ok,
            "counts": self.counts(),
            "entries": [asdict(c) for c in self.checks],
            "unnamed": [asdict(u) for u in self.unnamed],
            "seen": self.seen,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _draft_version(version: str) -> str:
    today = date.today().isoformat()
    return today if today > version[:10] else f"{version}-draft"


def _entry_name(label: str, taken: set[str]) -> str:
    base = "new_" + (re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "field")
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    taken.add(name)
    return name


def write_draft(report: DriftReport, selectors: SelectorMap, path: Path) -> Path:
    """A new map version with the check's suggestions filled in, each `confirm: false`:
    the nearest label for every entry not found, and an entry for every mandatory field
    the map does not name (to be given a fixed `value`, or a facility field in code)."""
    if selectors.source is None:
        raise InputError("the selector map was not read from a file: no draft can be made")
    raw: dict[str, Any] = read_yaml(selectors.source)
    pages = {page["name"]: page for page in raw["pages"]}
    for check in report.checks:
        if check.result != "not found" or not check.nearest:
            continue
        for entry in pages[check.page].get("entries", []):
            if entry["name"] == check.entry and "label" in entry:
                entry["label"] = check.nearest[0].label
                entry["confirm"] = False
    for item in report.unnamed:
        if not item.mandatory or item.kind == "button" or item.suggested_for:
            continue
        entries = pages[item.page].setdefault("entries", [])
        taken = {entry["name"] for entry in entries}
        kind = {"textarea": "textarea", "select": "select", "date": "date"}.get(item.kind, "text")
        entries.append(
            {
                "name": _entry_name(item.label, taken),
                "label": item.label,
                "english": f"(a field the portal added: {item.label})",
                "kind": kind,
                "value": "",
                "confirm": False,
            }
        )
    raw["version"] = _draft_version(selectors.version)
    header = (
        f"# A DRAFT of a new selector map, written by `cifer-bot selectors check` against\n"
        f"# {report.portal_url} from map {selectors.version}. Every entry marked\n"
        "# `confirm: false` is a suggestion: check it on the portal's page, correct it,\n"
        "# then set `confirm: true`. A new mandatory field needs a `value` (the same for\n"
        "# every facility) or a field of the facility models (a change of code).\n"
    )
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
    write_atomically(path, header + text)
    return path
