"""Speed and memory of cifer-bot, measured on this machine.

    .venv/bin/python benchmarks/run.py            # or: make benchmark

Sections, each bounded so that the whole run takes about a quarter of an hour on two
cores (the 100-application batches take most of it):

1. intake: `read_facilities` on generated facility files of 40, 400 and 2,000 rows in
   each format, a quarter of the rows bad; seconds per file, rows/s, peak traced memory;
2. catalog: 10,000 lookups by code, Chinese name and English name;
3. replica: start and stop, then requests/s of a logged-in session for the application
   form and the captcha image, from 1, 2 and 4 client threads in a separate process (so
   the load generator does not share the server's interpreter lock);
4. browser: one walk of the replica with plain Playwright, in a plain context and in
   the tool's (with its host fence);
5. fill: `cifer-bot fill --dry-run` against a bare Playwright script (`bare.py`),
   alternated, for one application and for ten of one account (`fill_speed.py`);
6. parallel: 100 applications of 25 accounts at `--parallel` 1, 2 and 4: applications
   a minute, peak memory of the tool with its browser (`parallel_speed.py`);
7. commands: `cifer-bot --help`, and `cifer-bot validate` on 10,000 rows of YAML, CSV,
   XLSX and JSON (`command_speed.py`).

The figures are printed and written to benchmarks/RESULTS.md, with the load average
beside each (the machine may be shared), and the targets with what was measured. This
is measurement, not a test: nothing here fails on a slow figure.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from command_speed import bench_help, bench_validate
from fill_speed import PACKAGE, bench_fill
from intake_speed import bench_catalog, bench_intake
from parallel_speed import bench_parallel
from replica_speed import bench_browser, bench_replica
from tables import RESULTS, Section, Table, machine, section_stamp, write_results

SIZES = (40, 400, 2000)
REQUESTS = 500
KEEP_ALIVE_REQUESTS = 60  # each waits ~40 ms: see RESULTS.md
WALKS = 3
PAIRS = 10
TEN_PAIRS = 3
Measured = tuple[list[Table], dict[str, float]]
SECTIONS = ("intake", "catalog", "replica", "browser", "fill", "parallel", "commands")


def _section(name: str, folder: Path, quick: bool, facts: dict[str, str]) -> Measured:
    """One section's tables and the figures the targets read."""
    if name == "intake":
        (folder / "intake").mkdir()
        return list(bench_intake(folder / "intake", (40, 400) if quick else SIZES)), {}
    if name == "catalog":
        return list(bench_catalog()), {}
    if name == "replica":
        requests = 100 if quick else REQUESTS
        return list(bench_replica(requests, 40 if quick else KEEP_ALIVE_REQUESTS)), {}
    if name == "browser":
        return list(bench_browser(1 if quick else WALKS, facts)), {}
    if name == "fill":
        (folder / "fill").mkdir()
        return bench_fill(folder / "fill", 2 if quick else PAIRS, 1 if quick else TEN_PAIRS)
    if name == "parallel":
        (folder / "parallel").mkdir()
        return bench_parallel(folder / "parallel", (2,) if quick else (1, 2, 4))
    (folder / "commands").mkdir()
    tables, figures = bench_help()
    more_tables, more = bench_validate(folder / "commands", 1_000 if quick else 10_000)
    return tables + more_tables, figures | more


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="this section only (repeatable): its figures replace those of the same section "
        "in the results file, the others are kept",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument(
        "--package",
        type=Path,
        help="measure the commands with the cifer_bot package of this checkout (an earlier "
        "version, for a before-and-after) instead of this one",
    )
    args = parser.parse_args(argv)
    if args.package is not None:
        PACKAGE["root"] = args.package.resolve()
    sections = args.only or SECTIONS
    _as_installed(PACKAGE["root"])

    begin = time.perf_counter()
    facts = machine()
    ran: dict[str, Section] = {}
    with tempfile.TemporaryDirectory(prefix="cifer-bench-") as temp:
        for name in SECTIONS:
            if name not in sections:
                continue
            stamp = section_stamp()
            tables, figures = _section(name, Path(temp), args.quick, facts)
            for table in tables:
                print(table.text(), end="\n\n", flush=True)
            ran[name] = Section(name, stamp, tables, figures)
    took = time.perf_counter() - begin
    summary = write_results(args.out, facts, ran, took, order=SECTIONS)
    print(summary.text(), end="\n\n")
    print(f"whole run: {took:.0f} s; figures written to {args.out}")
    return 0


def _as_installed(root: Path) -> None:
    """Measure the package as an installation runs it: compiled once (`pip install`
    writes the byte code; an environment that forbids it, PYTHONDONTWRITEBYTECODE,
    would make every command compile each module it imports again, and measure that)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(root / "cifer_bot", quiet=1)


if __name__ == "__main__":
    sys.exit(main())
