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
from tables import RESULTS, Table, emit, machine, targets, write_results

SIZES = (40, 400, 2000)
REQUESTS = 500
KEEP_ALIVE_REQUESTS = 60  # each waits ~40 ms: see RESULTS.md
WALKS = 3
PAIRS = 10
TEN_PAIRS = 3
SECTIONS = ("intake", "catalog", "replica", "browser", "fill", "parallel", "commands")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="this section only (repeatable)"
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
    quick = args.quick
    sections = args.only or SECTIONS

    begin = time.perf_counter()
    facts = machine()
    tables: list[Table] = []
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="cifer-bench-") as temp:
        folder = Path(temp)
        if "intake" in sections:
            (folder / "intake").mkdir()
            for table in bench_intake(folder / "intake", (40, 400) if quick else SIZES):
                emit(table, tables)
        if "catalog" in sections:
            for table in bench_catalog():
                emit(table, tables)
        if "replica" in sections:
            for table in bench_replica(
                100 if quick else REQUESTS, 40 if quick else KEEP_ALIVE_REQUESTS
            ):
                emit(table, tables)
        if "browser" in sections:
            for table in bench_browser(1 if quick else WALKS, facts):
                emit(table, tables)
        if "fill" in sections:
            (folder / "fill").mkdir()
            found, more = bench_fill(
                folder / "fill", 2 if quick else PAIRS, 1 if quick else TEN_PAIRS
            )
            figures |= more
            for table in found:
                emit(table, tables)
        if "parallel" in sections:
            (folder / "parallel").mkdir()
            found, more = bench_parallel(folder / "parallel", (2,) if quick else (1, 2, 4))
            figures |= more
            for table in found:
                emit(table, tables)
        if "commands" in sections:
            (folder / "commands").mkdir()
            found, more = bench_help()
            figures |= more
            for table in found:
                emit(table, tables)
            found, more = bench_validate(folder / "commands", 1_000 if quick else 10_000)
            figures |= more
            for table in found:
                emit(table, tables)
    took = time.perf_counter() - begin
    if figures:
        tables.insert(0, targets(figures))
        print(tables[0].text(), end="\n\n")
    write_results(args.out, facts, tables, took)
    print(f"whole run: {took:.0f} s; figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
