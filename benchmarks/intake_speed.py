"""Intake (`read_facilities` per file and format, its phases) and catalog lookups,
measured in this process and in fresh ones."""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path

from rows import expected_bad, facility_row, minimal_pdf, write_file
from tables import Table, mib, ms, traced

from cifer_bot.facilities import intake
from cifer_bot.facilities.catalog import Catalog, UnknownCategory, load_catalog
from cifer_bot.facilities.intake.duplicates import find_duplicates

FORMATS = ("xlsx", "csv", "yaml", "json")
LOOKUPS = 10_000
UNKNOWN_LOOKUPS = 300


def timed(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    """The median wall time of `repeats` calls, and the last call's result."""
    times: list[float] = []
    result: object = None
    for _ in range(repeats):
        begin = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def _rss_now() -> int:
    """This process's resident memory, in bytes; 0 where /proc is not there."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of resident memory (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def phases_of(path: Path, *, duplicates_too: bool) -> tuple[float, float]:
    """Seconds of two parts of read_facilities, timed on their own: reading the file
    (`read_sheet`) and, when asked, the duplicate check (`intake.duplicates.find_duplicates`, which
    check_rows calls); NaN for a part not timed or not in this version of intake."""
    duplicates: Callable[[list[intake.Row], Catalog], object] | None = find_duplicates
    read, sheet = timed(partial(intake.read_sheet, path), 1)
    if not duplicates_too or duplicates is None or not isinstance(sheet, intake.Sheet):
        return read, float("nan")
    dup, _ = timed(partial(duplicates, sheet.rows, load_catalog()), 1)
    return read, dup


def read_in_fresh_process(
    path: str, warm_up: str, repeats: int, duplicates_too: bool
) -> tuple[float, int, int, tuple[float, float]]:
    """Run in a child process of its own: read a small file of the same format first
    (imports and caches), then time `path`. Returns the median seconds, the bad rows
    found, how far resident memory rose above where it stood before the timed runs,
    and the phases of `phases_of`, timed after the memory is read."""
    intake.read_facilities(Path(warm_up))
    baseline = _rss_now()
    if not _reset_peak_rss():
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    seconds, result = timed(partial(intake.read_facilities, Path(path)), repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    bad = result.bad_rows if isinstance(result, intake.IntakeResult) else -1
    parts = phases_of(Path(path), duplicates_too=duplicates_too)
    return seconds, bad, max(0, peak - baseline), parts


def bench_intake(folder: Path, sizes: Sequence[int]) -> list[Table]:
    documents = folder / "documents"
    documents.mkdir()
    (documents / "id.pdf").write_bytes(minimal_pdf())
    files = {
        (size, kind): write_file(folder, kind, [facility_row(n) for n in range(1, size + 1)])
        for size in sorted({*sizes, 40})
        for kind in FORMATS
    }
    # Warm up the caches every run shares (column map, catalog, country names).
    for kind in FORMATS:
        intake.read_facilities(files[(40, kind)])

    table = Table(
        "Intake: read_facilities (read + validate), 25% bad rows",
        [
            "rows",
            "format",
            "file KiB",
            "runs",
            "s/file",
            "rows/s",
            "ms/row",
            "read_sheet s",
            "traced peak MiB",
            "RSS rise MiB",
            "bad found/made",
        ],
    )
    phases: dict[int, tuple[float, float, float]] = {}
    spawn = multiprocessing.get_context("spawn")
    for size in sizes:
        for kind in FORMATS:
            path = files[(size, kind)]
            traced_peak = rss_rise = "–"
            if size <= 40:
                # Too quick to measure in a fresh process: time it here, five times.
                repeats = 5
                seconds, result = timed(partial(intake.read_facilities, path), repeats)
                bad = result.bad_rows if isinstance(result, intake.IntakeResult) else -1
                parts = phases_of(path, duplicates_too=kind == "json")
            else:
                repeats = 1
                with spawn.Pool(1) as pool:
                    seconds, bad, rise, parts = pool.apply(
                        read_in_fresh_process,
                        (str(path), str(files[(40, kind)]), repeats, kind == "json"),
                    )
                rss_rise = mib(rise)
            if size <= 400:
                with traced() as peak:
                    intake.read_facilities(path)
                traced_peak = mib(peak[0])
            if kind == "json":
                phases[size] = (seconds, *parts)
            table.add(
                size,
                kind,
                f"{path.stat().st_size / 1024:,.0f}",
                repeats,
                f"{seconds:.3f}",
                f"{size / seconds:,.0f}",
                f"{seconds / size * 1000:.2f}",
                f"{parts[0]:.3f}",
                traced_peak,
                rss_rise,
                f"{bad}/{expected_bad(size)}",
            )
    table.notes += [
        "s/file: the median of the runs; 400 and 2,000 rows are read in a fresh process "
        "each, after a 40-row file of the same format. read_sheet s: reading the file "
        "alone (no validation), timed once after.",
        "traced peak: tracemalloc's peak in a separate traced run in this process (not at "
        "2,000 rows: tracing triples the time there). RSS rise: the fresh process's peak "
        "resident memory above its resident memory before the timed runs.",
    ]
    return [table, intake_phases(phases)]


def intake_phases(phases: dict[int, tuple[float, float, float]]) -> Table:
    """Where intake's time goes, for the JSON files: reading, the duplicate check, and
    the rest (each row's model validation)."""
    table = Table(
        "Intake phases (JSON): where read_facilities' time goes",
        [
            "rows",
            "read_facilities s",
            "read_sheet s",
            "_duplicates s",
            "rest s",
            "_duplicates share",
            "µs/row in _duplicates",
        ],
    )
    for size, (whole, read, dup) in phases.items():
        table.add(
            size,
            f"{whole:.3f}",
            f"{read:.3f}",
            f"{dup:.3f}",
            f"{whole - read - dup:.3f}",
            f"{dup / whole:.0%}",
            f"{dup / size * 1e6:.1f}",
        )
    table.notes.append(
        "read_facilities s is the JSON row of the table above; read_sheet and the "
        "duplicate check (`find_duplicates`, called by check_rows) are then timed on "
        "their own in the same process; rest = the difference: building and validating "
        "each row's models, sorting the problems."
    )
    return table


# --- section 2: catalog --------------------------------------------------------------


def bench_catalog() -> list[Table]:
    begin = time.perf_counter()
    load_catalog.cache_clear()
    catalog = load_catalog()
    load_seconds = time.perf_counter() - begin
    items = catalog.items
    table = Table(
        f"Catalog lookup ({len(items)} sub-items; catalog loaded in {ms(load_seconds)} ms)",
        ["lookup by", "lookups", "total s", "µs/lookup", "lookups/s"],
    )
    kinds: dict[str, Callable[[int], str]] = {
        "code": lambda i: items[i % len(items)].code,
        "Chinese name": lambda i: items[i % len(items)].name_zh,
        "English name": lambda i: items[i % len(items)].name_en,
        "mixed, all three": lambda i: (
            items[i % len(items)].code,
            items[i % len(items)].name_zh,
            items[i % len(items)].name_en,
        )[i % 3],
        "English | 中文 label": lambda i: items[i % len(items)].label,
    }

    def look_up(queries: list[str]) -> None:
        for query in queries:
            catalog.lookup(query)

    look_up([item.name_en for item in items])  # warm up
    # Each kind walks the whole catalog front to back, over and over; median of 3.
    for kind, name in kinds.items():
        seconds, _ = timed(partial(look_up, [name(i) for i in range(LOOKUPS)]), 3)
        table.add(
            kind,
            f"{LOOKUPS:,}",
            f"{seconds:.3f}",
            f"{seconds / LOOKUPS * 1e6:.1f}",
            f"{LOOKUPS / seconds:,.0f}",
        )
    unknown = [f"Chocolat {i}" for i in range(UNKNOWN_LOOKUPS)]

    def miss_all() -> None:
        for text in unknown:
            with suppress(UnknownCategory):
                catalog.lookup(text)

    seconds, _ = timed(miss_all, 1)
    table.add(
        "unknown name (with suggestions)",
        f"{UNKNOWN_LOOKUPS:,}",
        f"{seconds:.3f}",
        f"{seconds / UNKNOWN_LOOKUPS * 1e6:.1f}",
        f"{UNKNOWN_LOOKUPS / seconds:,.0f}",
    )
    table.notes.append(
        "Each row is the median of 3 runs, but the unknown names' (1 run: each miss "
        "ranks every name of the catalog with difflib)."
    )
    # Position matters for a linear scan: the first and the last sub-item.
    for place, item in (("first sub-item", items[0]), ("last sub-item", items[-1])):
        seconds, _ = timed(partial(look_up, [item.name_en] * 2000), 3)
        table.add(
            f"English name, {place}",
            "2,000",
            f"{seconds:.3f}",
            f"{seconds / 2000 * 1e6:.1f}",
            f"{2000 / seconds:,.0f}",
        )
    return [table]
