"""The figures' tables: printed as text, written as Markdown; the machine they were
measured on, and RESULTS.md with the notes a person wrote kept."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import re
import resource
import sys
import tracemalloc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
# The hand-written reading of the figures survives a re-run: the script rewrites
# everything above this line and keeps what follows it.
NOTES_MARK = "<!-- notes below are written by hand and kept by benchmarks/run.py -->"


# --- tables --------------------------------------------------------------------------


@dataclass
class Table:
    """One section's figures: printed as aligned text, written as Markdown."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append([str(cell) for cell in cells])

    def text(self) -> str:
        widths = [
            max(len(row[i]) for row in [self.headers, *self.rows]) for i in range(len(self.headers))
        ]
        lines = [self.title, "=" * len(self.title)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        for row in self.rows:
            lines.append("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
        lines.extend(self.notes)
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.headers) + " |")
        lines.append("|" + "|".join(" --- " for _ in self.headers) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def mib(size: float) -> str:
    return f"{size / 2**20:,.1f}"


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def traced() -> Iterator[list[int]]:
    """The peak of memory allocated by Python inside the block, in bytes (in `peak[0]`)."""
    peak = [0]
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


# --- the machine and the report ------------------------------------------------------


def machine() -> dict[str, str]:
    facts: dict[str, str] = {}
    facts["date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    one, five, fifteen = os.getloadavg()
    facts["load average at the start (1, 5, 15 min)"] = f"{one:.2f} {five:.2f} {fifteen:.2f}"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    meminfo = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = f" ({found.group(1).strip()})" if found else ""
        total = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        meminfo = f"{int(total.group(1)) / 2**20:.1f} GiB" if total else ""
    except OSError:
        pass
    facts["CPUs (nproc)"] = f"{cpus}{model}"
    facts["memory"] = meminfo or "unknown"
    facts["system"] = platform.platform()
    facts["Python"] = sys.version.split()[0]
    facts["command"] = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    for package in ("playwright", "pydantic", "openpyxl", "PyYAML", "Pillow"):
        try:
            facts[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            facts[package] = "not installed"
    return facts


@dataclass
class Section:
    """One section of a run: when it began, its tables, the figures the targets read."""

    name: str
    stamp: str
    tables: list[Table]
    figures: dict[str, float]

    def markdown(self) -> str:
        parts = [f"<!-- section: {self.name} -->", f"_{self.stamp}_", ""]
        parts += [table.markdown() + "\n" for table in self.tables]
        parts.append(f"<!-- figures: {json.dumps(self.figures, sort_keys=True)} -->")
        return "\n".join(parts)


def section_stamp() -> str:
    """When a section began, and the machine's load then."""
    one, five, fifteen = os.getloadavg()
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load = f"{one:.2f} {five:.2f} {fifteen:.2f}"
    return f"Measured {when}; load average at its start (1, 5, 15 min): {load}"


_SECTION = re.compile(r"<!-- section: (\w+) -->\n(.*?)<!-- figures: (.*?) -->", re.S)


def _kept(text: str) -> dict[str, tuple[str, dict[str, float]]]:
    """The sections of an earlier results file: their Markdown and their figures."""
    return {
        name: (f"<!-- section: {name} -->\n{body}<!-- figures: {figures} -->", json.loads(figures))
        for name, body, figures in _SECTION.findall(text)
    }


def write_results(
    path: Path,
    facts: dict[str, str],
    ran: dict[str, Section],
    took: float,
    *,
    order: Sequence[str],
) -> Table:
    """Write the results file: the sections of this run, those of the last run kept
    for the others (each says when it was measured), the targets from all of them, and
    the notes after NOTES_MARK kept. Returns the targets."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old.split(NOTES_MARK, 1)[1].strip() if NOTES_MARK in old else ""
    kept = _kept(old.split(NOTES_MARK, 1)[0])
    blocks: list[str] = []
    figures: dict[str, float] = {}
    for name in order:
        if name in ran:
            blocks += [ran[name].markdown(), ""]
            figures |= ran[name].figures
        elif name in kept:
            blocks += [kept[name][0], ""]
            figures |= kept[name][1]
    summary = targets(figures)
    again = [name for name in order if name in ran]
    lines = [
        "# Benchmarks",
        "",
        "Measured by `benchmarks/run.py`; re-run with `make benchmark` (or "
        "`.venv/bin/python benchmarks/run.py`, about a quarter of an hour on two cores), "
        "which rewrites the figures below and keeps the notes at the end. `--only SECTION` "
        "measures one section again and keeps the others (each section says when it was "
        "measured, and the machine's load then); `--quick` (fewer runs, smaller files) and "
        "`--out FILE` are for trying it out.",
        "",
        "## The machine",
        "",
        *(f"- {name}: {value}" for name, value in facts.items()),
        f"- sections measured by this run: {', '.join(again)}",
        "- load average at the end (1, 5, 15 min): "
        + " ".join(f"{load:.2f}" for load in os.getloadavg()),
        f"- this run: {took:.0f} s; peak resident memory of the benchmark process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB",
        "",
        "## Figures",
        "",
        summary.markdown(),
        "",
        *blocks,
        NOTES_MARK,
        "",
        notes or "## Reading the figures\n\n(not written yet)",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return summary


# The targets of the figures, and how each is read from them: (what, target, measured,
# met). A figure a run did not measure (--only) is left out.
def targets(figures: dict[str, float]) -> Table:
    table = Table("Targets", ["figure", "target", "measured", "met"])

    def row(what: str, target: str, shown: str, met: bool) -> None:
        table.add(what, target, shown, "yes" if met else "**no**")

    if "one_ratio" in figures:
        ratio = figures["one_ratio"]
        row("one application, tool / bare script", "at most 1.15x", f"{ratio:.2f}x", ratio <= 1.15)
    if "steady_tool" in figures:
        ratio = figures["steady_tool"] / figures["steady_bare"]
        row("a form in steady state, tool / bare script", "(reported)", f"{ratio:.2f}x", True)
    rates = {k.removeprefix("per_minute_"): v for k, v in figures.items() if "per_minute_" in k}
    memory = {k.removeprefix("memory_"): v for k, v in figures.items() if "memory_" in k}
    if rates:
        best = max(rates, key=lambda level: rates[level])
        shown = f"{rates[best]:.1f} (--parallel {best})"
        row("applications a minute, best --parallel", "at least 60", shown, rates[best] >= 60)
        limit = 1.5 * 2**30
        for level in sorted({best, max(memory, key=int)}, key=int):
            peak = memory[level]
            row(
                f"peak memory, 100 applications, tool + browser, --parallel {level}",
                "under 1,536 MiB",
                f"{peak / 2**20:,.0f} MiB",
                peak < limit,
            )
    if "help" in figures:
        row("cifer-bot --help", "under 0.3 s", f"{figures['help']:.3f} s", figures["help"] < 0.3)
    for variant in ("one in four bad", "all valid"):
        key = f"validate_{variant}_yaml_s"
        if key in figures:
            row(
                f"validate 10,000 rows of YAML ({variant})",
                "under 3 s",
                f"{figures[key]:.2f} s",
                figures[key] < 3,
            )
    table.notes.append(
        "Medians; each figure's table below says how it was measured, with "
        "the load average of the machine at the time."
    )
    return table
