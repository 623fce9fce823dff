"""Commands a person types and waits for: `cifer-bot --help`, and `cifer-bot validate`
on 10,000 rows in each format the tool reads.

Each is run as a command of its own (a fresh process: the imports are part of the
time); `--help` after one run not counted. The validate files hold the intake
section's rows with none spoiled, in each format, and as YAML with one row in four
spoiled, each in a way of its own (2,500 rows to report). The files are run round by
round (each once, then again), just written, so read from memory. Peak memory is
the kernel's high-water mark of the process's resident memory, and the peak of it with
the fork that checks part of a long file beside it (PSS summed, sampled every 20 ms).
"""

from __future__ import annotations

from pathlib import Path

from fill_speed import TOOL, environment
from measure import Measured, load_average, mib, run, stats
from rows import facility_row, minimal_pdf, write_file
from tables import Table

FORMATS = ("yaml", "csv", "xlsx", "json")
HELP_RUNS = 10
VALIDATE_ROWS = 10_000
VALIDATE_RUNS = 3


def bench_help(runs: int = HELP_RUNS) -> tuple[list[Table], dict[str, float]]:
    env = environment(0)
    command = [str(TOOL), "--help"]
    run(command, env=env)
    measured = [run(command, env=env) for _ in range(runs)]
    median, low, high = stats([m.seconds for m in measured])
    table = Table(
        "cifer-bot --help, a fresh process each time (s)",
        ["runs", "median", "min", "max", "load (1, 5, 15 min) at start"],
    )
    table.add(runs, f"{median:.3f}", f"{low:.3f}", f"{high:.3f}", measured[0].load)
    return [table], {"help": median}


def _files(folder: Path, rows: int) -> dict[tuple[str, str], Path]:
    """The rows with none spoiled in every format, and with one in four spoiled as YAML."""
    files: dict[tuple[str, str], Path] = {}
    for variant, spoiled, kinds in (
        ("all valid", False, FORMATS),
        ("one in four bad", True, ("yaml",)),
    ):
        data = [facility_row(n, spoiled=spoiled) for n in range(1, rows + 1)]
        sub = folder / variant.replace(" ", "-")
        (sub / "documents").mkdir(parents=True, exist_ok=True)
        (sub / "documents" / "id.pdf").write_bytes(minimal_pdf())
        for kind in kinds:
            files[(variant, kind)] = write_file(sub, kind, data)
    return files


def bench_validate(
    folder: Path, rows: int = VALIDATE_ROWS, runs: int = VALIDATE_RUNS
) -> tuple[list[Table], dict[str, float]]:
    files = _files(folder, rows)
    env = environment(0)
    measured: dict[tuple[str, str], list[Measured]] = {key: [] for key in files}
    for _ in range(runs):  # round by round: every file once, then again
        for key, path in files.items():
            command = [str(TOOL), "validate", str(path)]
            measured[key].append(run(command, env=env, sample=True, every=0.02))
    table = Table(
        f"cifer-bot validate on {rows:,} rows, a fresh process each time",
        [
            "rows",
            "format",
            "file KiB",
            "runs",
            "median s",
            "min s",
            "max s",
            "rows/s",
            "peak RSS MiB",
            "with its fork, PSS MiB",
            "exit",
            "load (1 min) at starts",
        ],
    )
    figures: dict[str, float] = {}
    for (variant, kind), results in measured.items():
        median, low, high = stats([m.seconds for m in results])
        loads = sorted({m.load.split()[0] for m in results}, key=float)
        table.add(
            variant,
            kind,
            f"{files[(variant, kind)].stat().st_size / 1024:,.0f}",
            len(results),
            f"{median:.2f}",
            f"{low:.2f}",
            f"{high:.2f}",
            f"{rows / median:,.0f}",
            mib(max(m.own_peak for m in results)),
            mib(max(m.tree_peak for m in results)),
            results[-1].returncode,
            f"{loads[0]}-{loads[-1]}",
        )
        figures[f"validate_{variant}_{kind}_s"] = median
        figures[f"validate_{variant}_{kind}_rss"] = max(m.own_peak for m in results)
    table.notes.append(
        "exit 2: the file has rows to fix (one in four); 0: all valid. "
        f"Load average when the section ended: {load_average()}."
    )
    return [table], figures
