"""A batch on the replica: 100 applications (25 accounts of four food categories each)
with `cifer-bot fill --dry-run --parallel N`, N = 1, 2 and 4, headless.

Applications a minute count the whole command, from its start to its end (the replica,
the browser, every sign-in, report.html). Memory is sampled while it runs: the tool's
own peak resident memory, and the peak of the tool with every process it started
(Chromium's and Playwright's), each process's proportional set size summed
(`measure.py`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fill_speed import at_review, environment, tool_command
from measure import load_average, mib, run
from sites import ITEMS, write_sites
from tables import Table

ACCOUNTS = 25
CATEGORIES = 4
LEVELS = (1, 2, 4)


def bench_parallel(
    folder: Path, levels: tuple[int, ...] = LEVELS
) -> tuple[list[Table], dict[str, float]]:
    facilities = write_sites(folder, "hundred-applications", ACCOUNTS, ITEMS[:CATEGORIES])
    total = ACCOUNTS * CATEGORIES
    env = environment(ACCOUNTS)
    table = Table(
        f"{total} applications ({ACCOUNTS} accounts x {CATEGORIES} categories), "
        "cifer-bot fill --dry-run --parallel N",
        [
            "N",
            "wall s",
            "applications/min",
            "s/application",
            "at review",
            "tool peak RSS MiB",
            "tool + browser peak MiB",
            "load (1, 5, 15 min) at start",
        ],
    )
    figures: dict[str, float] = {}
    for level in levels:
        out = folder / f"parallel-{level}"
        shutil.rmtree(out, ignore_errors=True)
        measured = run(
            tool_command(facilities, out, "--parallel", str(level)),
            env=env,
            cwd=folder,
            sample=True,
        )
        reached = at_review(out) if (out / "report.json").exists() else 0
        per_minute = total / measured.seconds * 60
        table.add(
            level,
            f"{measured.seconds:.1f}",
            f"{per_minute:.1f}",
            f"{measured.seconds / total:.2f}",
            f"{reached}/{total}",
            mib(measured.own_peak),
            mib(measured.tree_peak) + ("" if measured.pss else " (RSS)"),
            measured.load,
        )
        figures[f"per_minute_{level}"] = per_minute
        figures[f"memory_{level}"] = measured.tree_peak
        if reached != total:
            table.notes.append(
                f"--parallel {level}: exit {measured.returncode}; the output "
                "ended: " + " / ".join(measured.stdout.strip().splitlines()[-3:])
            )
    table.notes.append(
        "tool + browser: the peak of the summed proportional set size of the tool and every "
        "process it started, sampled every 0.2 s. "
        f"Load average when the section ended: {load_average()}."
    )
    return [table], figures
