"""The tool against a bare Playwright script, on the replica, headless.

`cifer-bot fill --dry-run` and `benchmarks/bare.py` are run as commands, one after the
other in turns (tool, bare, tool, bare, ...), so that whatever else the machine does
weighs on both alike. Each run is a fresh process from start to end: it serves the
replica, launches Chromium, signs in once, fills each application from the landing page
to its review stop (the same fields, the same upload, 暂存, one full-page screenshot)
and ends. The load average is written beside each figure.

- One application: the median, min and max of each side's runs, and the ratio.
- Ten applications of one account: the same, and the steady-state cost of a form:
  (ten applications - one application) / 9, from the medians.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from measure import Measured, load_average, run, stats
from sites import ITEMS, passwords, write_sites
from tables import Table

HERE = Path(__file__).resolve().parent
# The checkout whose package is measured: this one, unless `run.py --package` names
# another (an earlier version, for a before-and-after).
PACKAGE = {"root": HERE.parent}
TOOL = Path(sys.executable).with_name("cifer-bot")


def environment(sites: int) -> dict[str, str]:
    """This checkout's package first, and every account's password."""
    env = dict(os.environ)
    root = str(PACKAGE["root"])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env | passwords(sites)


def tool_command(facilities: Path, out: Path, *extra: str) -> list[str]:
    return [str(TOOL), "fill", str(facilities), "--dry-run", "--out", str(out), *extra]


def bare_command(facilities: Path, out: Path) -> list[str]:
    return [sys.executable, str(HERE / "bare.py"), str(facilities), "--out", str(out)]


def tool_forms(out: Path) -> list[float]:
    """The seconds each application of a tool run took but the last, from the journal's
    steps: from opening the landing page to opening it for the next application (the
    review stop, the journal and the next page included)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    opened = [
        datetime.fromisoformat(step["at"])
        for item in report["applications"]
        for step in item["steps"]
        if step["step"] == "open"
    ]
    return [(b - a).total_seconds() for a, b in pairwise(opened)]


def bare_forms(measured: Measured) -> list[float]:
    """The seconds of each form of a bare run, landing page to screenshot."""
    forms: list[float] = json.loads(measured.stdout.strip().splitlines()[-1])["forms"]
    return forms


def at_review(out: Path) -> int:
    """How many applications of a tool run reached their review stop."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return sum(1 for item in report["applications"] if item["status"] == "review")


@dataclass
class Side:
    """One side's runs."""

    runs: list[Measured] = field(default_factory=list)
    # Each run's forms after its first, seconds each (steady state: signed in already).
    forms: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [r.seconds for r in self.runs]

    def median(self) -> float:
        return stats(self.seconds)[0]


def alternate(
    folder: Path, facilities: Path, sites: int, pairs: int, expected: int
) -> tuple[Side, Side]:
    """`pairs` runs of each, in turns, after one of each not counted (the first run of a
    command reads its files from disk)."""
    env = environment(sites)
    tool, bare = Side(), Side()
    for turn in range(pairs + 1):
        out = folder / "tool-out"
        shutil.rmtree(out, ignore_errors=True)
        measured = run(tool_command(facilities, out), env=env, cwd=folder)
        reached = at_review(out) if measured.returncode == 0 else 0
        if reached != expected:
            raise SystemExit(f"the tool reached {reached} of {expected}:\n{measured.stdout}")
        if turn:
            tool.runs.append(measured)
            tool.forms += tool_forms(out)[1:]
        measured = run(bare_command(facilities, folder / "bare-out"), env=env, cwd=folder)
        if measured.returncode != 0:
            raise SystemExit(f"the bare script failed:\n{measured.stdout}")
        if turn:
            bare.runs.append(measured)
            bare.forms += bare_forms(measured)[1:-1]
    return tool, bare


def _side_rows(
    table: Table, what: str, tool: Side, bare: Side, per: Callable[[float], str]
) -> None:
    for name, side in (("cifer-bot fill --dry-run", tool), ("bare Playwright script", bare)):
        median, low, high = stats(side.seconds)
        loads = sorted({r.load.split()[0] for r in side.runs}, key=float)
        table.add(
            what,
            name,
            len(side.runs),
            f"{median:.2f}",
            f"{low:.2f}",
            f"{high:.2f}",
            per(median),
            f"{loads[0]}-{loads[-1]}",
        )


def bench_fill(folder: Path, pairs: int, ten_pairs: int) -> tuple[list[Table], dict[str, float]]:
    """Both comparisons; the figures the summary quotes."""
    one = write_sites(folder, "one-application", 1, ITEMS[:1])
    ten = write_sites(folder, "ten-applications", 1, ITEMS[:10])
    began = load_average()
    tool1, bare1 = alternate(folder, one, 1, pairs, 1)
    tool10, bare10 = alternate(folder, ten, 1, ten_pairs, 10)
    table = Table(
        "One account on the replica: the tool against a bare Playwright script (s)",
        ["applications", "runner", "runs", "median", "min", "max", "per form", "load (1 min)"],
    )
    _side_rows(table, "1", tool1, bare1, lambda m: f"{m:.2f}")
    _side_rows(table, "10", tool10, bare10, lambda m: f"{m / 10:.2f}")
    ratio1 = tool1.median() / bare1.median()
    steady_tool, low_tool, high_tool = stats(tool10.forms)
    steady_bare, low_bare, high_bare = stats(bare10.forms)
    pair_ratios = sorted(t / b for t, b in zip(tool1.seconds, bare1.seconds, strict=True))
    table.notes += [
        f"One application: the tool takes **{ratio1:.2f}x** the bare script (medians; "
        f"per pair from {pair_ratios[0]:.2f}x to {pair_ratios[-1]:.2f}x, median "
        f"{stats(pair_ratios)[0]:.2f}x).",
        f"Ten applications: **{tool10.median() / bare10.median():.2f}x** (whole runs). "
        "A form in steady state (the second to the ninth of each run: signed in already), "
        f"median of {len(tool10.forms)} and {len(bare10.forms)}: tool {steady_tool:.2f} s "
        f"({low_tool:.2f}-{high_tool:.2f}), bare script {steady_bare:.2f} s "
        f"({low_bare:.2f}-{high_bare:.2f}), **{steady_tool / steady_bare:.2f}x**; that is "
        f"{60 / steady_tool:.0f} against {60 / steady_bare:.0f} forms a minute for one "
        "account in one browser. The tool's form is timed from opening the landing page "
        "to opening it for the next (its review stop, journal and new page included), the "
        "bare script's from the landing page to its screenshot.",
        "Each run is a whole process (start, the replica, Chromium, sign-in, the forms, "
        "the end), alternated tool, bare, tool, bare after one of each not counted. "
        f"Load average (1, 5, 15 min) when the section began: {began}; at its end: "
        f"{load_average()}. The load column is the 1-minute load when each run began.",
    ]
    figures = {
        "one_tool": tool1.median(),
        "one_bare": bare1.median(),
        "one_ratio": ratio1,
        "steady_tool": steady_tool,
        "steady_bare": steady_bare,
    }
    return [table], figures
