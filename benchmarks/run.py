"""Speed and memory of cifer-bot's own parts, measured on this machine.

    .venv/bin/python benchmarks/run.py            # or: make benchmark

Four sections, each bounded so that the whole run takes a few minutes on two cores:

1. intake: `read_facilities` on generated facility files of 40, 400 and 2,000 rows in
   each format, a quarter of the rows bad; seconds per file, rows/s, peak traced memory;
2. catalog: 10,000 lookups by code, Chinese name and English name;
3. replica: start and stop, then requests/s of a logged-in session for the application
   form and the captcha image, from 1, 2 and 4 client threads in a separate process (so
   the load generator does not share the server's interpreter lock);
4. browser: one walk of the replica with plain Playwright (login through the captcha
   back channel, 注册申请, 巧克力, fill a field, 暂存), three times.

The figures are printed and written to benchmarks/RESULTS.md. This is measurement, not
a test: nothing here fails on a slow figure. Only the project's own dependencies and the
standard library are used.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import importlib.metadata
import json
import multiprocessing
import os
import platform
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml
from openpyxl import Workbook

from cifer_bot.facilities import intake
from cifer_bot.facilities.catalog import Catalog, UnknownCategory, load_catalog
from cifer_bot.facilities.intake.duplicates import find_duplicates
from cifer_bot.replica import Replica
from cifer_bot.replica.state import md5_hex

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
# The hand-written reading of the figures survives a re-run: the script rewrites
# everything above this line and keeps what follows it.
NOTES_MARK = "<!-- notes below are written by hand and kept by benchmarks/run.py -->"

SIZES = (40, 400, 2000)
FORMATS = ("xlsx", "csv", "yaml", "json")
BLOCK = 40  # the generated rows repeat a 40-row pattern with 10 bad rows in it
LOOKUPS = 10_000
UNKNOWN_LOOKUPS = 300
REQUESTS = 500
KEEP_ALIVE_REQUESTS = 60  # each waits ~40 ms: see RESULTS.md
THREADS = (1, 2, 4)
START_STOP_CYCLES = 10
WALKS = 3
ITEM = "巧克力"
USERNAME = "benchUser01"
PASSWORD = "Bench!mark2021"


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


def emit(table: Table, tables: list[Table]) -> None:
    tables.append(table)
    print(table.text(), end="\n\n", flush=True)


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


# --- section 1: intake ---------------------------------------------------------------


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def facility_row(n: int) -> dict[str, Any]:
    """Row n (from 1): valid and a site of its own, unless its place in the 40-row
    pattern spoils it (10 of every 40 rows, each with one mistake of its own kind)."""
    phone = f"{n % 10_000:04d}"
    row: dict[str, Any] = {
        "name": f"site-{n:05d}",
        "role": "manufacturer" if n % 3 else "storage",
        "account_exists": "yes" if n % 2 else "no",
        "category": ("巧克力; 糖果", "Frozen fruit", "冷冻水果", "Biscuits, pastries and bread")[
            n % 4
        ],
        "username": f"site{n:05d}user",
        "country": ("Australia", "AUS", "AU")[n % 3],
        "approval_no": f"AU-VIC-{100_000 + n}",
        "enterprise_name": f"Example Foods {n} Pty Ltd",
        "contacts": "Mei Chen",
        "tel": f"+61 3 5550 {phone}",
        "address": f"{n} Main Street, Yarra Glen VIC 3775",
        "email": f"site{n}@example.com",
        "production_address": f"{n} Main Street, Yarra Glen VIC 3775",
        "founded_date": "2004-05-17",
        "legal_rep_name": "Thomas Hart",
        "legal_rep_tel": f"03 5551 {phone}",
        "legal_rep_email": f"legal{n}@example.com",
        "contact_name": "Mei Chen",
        "contact_tel": f"+61 3 5552 {phone}",
        "contact_email": f"contact{n}@example.com",
        "identity_document": "documents/id.pdf",
    }
    place = (n - 1) % BLOCK + 1
    start = n - place  # the row before this block
    spoil: dict[int, tuple[str, Any]] = {
        4: ("username", f"site{n:05d}!"),
        8: ("country", "Atlantis"),
        12: ("contact_email", "foo@"),
        16: ("tel", "12"),
        20: ("founded_date", "2999-01-01"),
        24: ("enterprise_name", None),
        28: ("identity_document", "documents/missing.pdf"),
        32: ("category", "Chocolat"),
    }
    if place in spoil:
        name, value = spoil[place]
        if value is None:
            del row[name]
        else:
            row[name] = value
    elif place == 36:  # the same site as row 3 of the block, written differently
        row["production_address"] = f"{start + 3} MAIN STREET YARRA GLEN VIC 3775"
    elif place == 40:  # the same Approval NO and category as row 5 of the block
        earlier = facility_row(start + 5)
        row["approval_no"] = earlier["approval_no"]
        row["category"] = earlier["category"]
    return row


def expected_bad(rows: int) -> int:
    return sum(1 for n in range(1, rows + 1) if ((n - 1) % BLOCK + 1) % 4 == 0)


def _ordered(row: dict[str, Any]) -> list[Any]:
    return [row.get(column.name) for column in intake.columns()]


def _excel_value(value: Any) -> Any:
    """A typed date becomes a real date in a spreadsheet."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    return value


def write_file(folder: Path, kind: str, rows: list[dict[str, Any]]) -> Path:
    path = folder / f"facilities-{len(rows)}.{kind}"
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        if sheet is None:  # a new workbook always has one sheet
            sheet = workbook.create_sheet()
        sheet.title = intake.SHEET_NAME
        # Chinese headers, as the portal's labels: what a person's own sheet has.
        sheet.append([column.zh for column in intake.columns()])
        for row in rows:
            sheet.append([_excel_value(v) for v in _ordered(row)])
        workbook.save(path)
    elif kind == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([column.name for column in intake.columns()])
            writer.writerows(["" if v is None else v for v in _ordered(row)] for row in rows)
    elif kind == "yaml":
        text = yaml.safe_dump({"facilities": rows}, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    else:
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


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


# --- section 3: the replica ----------------------------------------------------------


class Session:
    """One client of the replica with its session cookie: one keep-alive connection, or
    (keep_alive False) a new connection per request, as urllib makes them."""

    def __init__(self, url: str, *, keep_alive: bool = True) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=30
        )
        self.keep_alive = keep_alive
        self.cookie = ""
        self.last_body = b""
        self.last_location = ""

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> int:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if not self.keep_alive:
            headers["Connection"] = "close"
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        self.last_body = response.read()
        self.last_location = response.getheader("Location", "")
        cookie = response.getheader("Set-Cookie", "")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if not self.keep_alive:
            self.connection.close()  # the next request opens a new one
        return response.status

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/cas/login")
        self.request("GET", "/cas/plat_cas_verifycode_gen?r=1")
        self.request("GET", "/__replica/captcha")
        answer = json.loads(self.last_body)["answer"]
        form = {"swy": username, "swm": md5_hex(password), "verifyCode": answer}
        status = self.request("POST", "/cas/login", {**form, "service": "/cifer/"})
        if status != 302 or not self.last_location.startswith("/cifer/"):
            raise RuntimeError(f"login to the replica failed: HTTP {status}")

    def close(self) -> None:
        self.connection.close()


PATHS = {
    "form page": f"/cifer/apply?item={quote(ITEM)}",
    "captcha image": "/cas/plat_cas_verifycode_gen?r=1",
}


def load(
    url: str, path: str, threads: int, requests: int, keep_alive: bool
) -> tuple[float, list[float], int, int]:
    """Run in a child process: `requests` GETs of `path` split over `threads` logged-in
    sessions. Returns wall seconds, each request's latency, bytes of the last answer,
    and how many answers were not 200."""
    latencies: list[float] = []
    failures = [0]
    size = [0]
    lock = threading.Lock()
    sessions = [Session(url, keep_alive=keep_alive) for _ in range(threads)]
    for session in sessions:
        session.login(USERNAME, PASSWORD)
        session.request("GET", path)  # warm the connection and the page cache
    barrier = threading.Barrier(threads + 1)

    def work(session: Session, count: int) -> None:
        mine: list[float] = []
        bad = 0
        barrier.wait()
        for _ in range(count):
            begin = time.perf_counter()
            status = session.request("GET", path)
            mine.append(time.perf_counter() - begin)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            failures[0] += bad
            size[0] = len(session.last_body)

    shares = [requests // threads + (i < requests % threads) for i in range(threads)]
    workers = [
        threading.Thread(target=work, args=(session, share))
        for session, share in zip(sessions, shares, strict=True)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    begin = time.perf_counter()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - begin
    for session in sessions:
        session.close()
    return wall, latencies, size[0], failures[0]


def bench_replica(requests: int, keep_alive_requests: int) -> list[Table]:
    life = Table(
        f"Replica life: Replica() + start, first GET /, stop ({START_STOP_CYCLES} cycles)",
        ["phase", "median ms", "min ms", "max ms"],
    )
    phases: dict[str, list[float]] = {"construct + start": [], "first GET /": [], "stop": []}
    for _ in range(START_STOP_CYCLES):
        begin = time.perf_counter()
        replica = Replica().start()
        started = time.perf_counter()
        session = Session(replica.url)
        session.request("GET", "/")
        session.close()
        served = time.perf_counter()
        replica.stop()
        stopped = time.perf_counter()
        phases["construct + start"].append(started - begin)
        phases["first GET /"].append(served - started)
        phases["stop"].append(stopped - served)
    for phase, values in phases.items():
        life.add(phase, ms(statistics.median(values)), ms(min(values)), ms(max(values)))

    table = Table(
        "Replica throughput: GETs by logged-in sessions, clients in a separate process",
        [
            "request",
            "connection",
            "threads",
            "GETs",
            "wall s",
            "req/s",
            "p50 ms",
            "p95 ms",
            "max ms",
            "KiB",
            "non-200",
        ],
    )
    spawn = multiprocessing.get_context("spawn")
    with Replica() as replica, spawn.Pool(1) as pool:
        replica.add_account(USERNAME, PASSWORD)
        for keep_alive, count in ((False, requests), (True, keep_alive_requests)):
            for name, path in PATHS.items():
                for threads in THREADS:
                    wall, latencies, size, failures = pool.apply(
                        load, (replica.url, path, threads, count, keep_alive)
                    )
                    table.add(
                        name,
                        "keep-alive" if keep_alive else "new per GET",
                        threads,
                        count,
                        f"{wall:.2f}",
                        f"{len(latencies) / wall:,.0f}",
                        ms(statistics.median(latencies)),
                        ms(percentile(latencies, 0.95)),
                        ms(max(latencies)),
                        f"{size / 1024:.1f}",
                        failures,
                    )
        table.notes.append(f"{len(replica.sessions)} sessions held by the replica at the end.")
    return [life, table]


# --- section 4: a browser walk -------------------------------------------------------


def bench_browser(walks: int, facts: dict[str, str]) -> list[Table]:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

    from cifer_bot.browser import find_browser, launch_options, new_context

    def walk(page: Page, url: str) -> dict[str, float]:
        marks = {"begin": time.perf_counter()}
        page.goto(url + "cas/login")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        # The page's request shares the context's cookies: the answer for this session.
        answer = page.request.get(url + "__replica/captcha").json()["answer"]
        page.get_by_label("Enter Code Shown in Image").fill(answer)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("注册申请", exact=True)).to_be_visible()
        marks["login"] = time.perf_counter()
        page.get_by_text("注册申请", exact=True).click()
        frame = page.frame_locator("iframe")
        frame.get_by_role("link", name=ITEM, exact=True).click()
        expect(frame.get_by_text("企业基本信息")).to_be_visible()
        marks["open 注册申请 + 巧克力"] = time.perf_counter()
        form = next(f for f in page.frames if "/cifer/apply" in f.url)
        form.locator("[name=entName]").fill("Bench Chocolate Pty Ltd")
        form.get_by_role("button", name="暂存").click()
        expect(frame.get_by_text("暂存成功")).to_be_visible()
        marks["fill + 暂存"] = time.perf_counter()
        names = list(marks)
        phases = {b: marks[b] - marks[a] for a, b in pairwise(names)}
        phases["whole walk"] = marks[names[-1]] - marks["begin"]
        return phases

    table = Table(
        f"Browser walk of the replica, headless Chromium, {walks} runs each (ms)",
        ["context", "run", "login", "open 注册申请 + 巧克力", "fill + 暂存", "whole walk"],
    )
    with sync_playwright() as playwright, Replica() as replica:
        replica.add_account(USERNAME, PASSWORD)
        choice = find_browser(playwright.chromium.executable_path)
        begin = time.perf_counter()
        browser: Browser = playwright.chromium.launch(headless=True, **launch_options(choice))
        launched = time.perf_counter() - begin
        facts["Chromium"] = f"{browser.version} ({choice.describe()})"
        factories: dict[str, Callable[[], BrowserContext]] = {
            "plain new_context": lambda: browser.new_context(
                locale="zh-CN", viewport={"width": 1366, "height": 900}
            ),
            "cifer_bot new_context (host fence)": lambda: new_context(browser),
        }
        for label, factory in factories.items():
            totals: list[dict[str, float]] = []
            for run in range(1, walks + 1):
                context = factory()
                page = context.new_page()
                phases = walk(page, replica.url)
                context.close()
                totals.append(phases)
                table.add(label, run, *(ms(v) for v in phases.values()))
            medians = [statistics.median(p[k] for p in totals) for k in totals[0]]
            table.add(label, "median", *(ms(v) for v in medians))
        browser.close()
    table.notes.append(
        f"Launching Chromium took {ms(launched)} ms (not in the walks). Each run is a fresh "
        "context and a fresh login; the host fence routes every request through Playwright."
    )
    return [table]


# --- the machine and the report ------------------------------------------------------


def machine() -> dict[str, str]:
    facts: dict[str, str] = {}
    facts["date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
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
    for package in ("playwright", "pydantic", "openpyxl", "PyYAML", "Pillow"):
        try:
            facts[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            facts[package] = "not installed"
    return facts


def write_results(path: Path, facts: dict[str, str], tables: list[Table], took: float) -> None:
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if NOTES_MARK in old:
            notes = old.split(NOTES_MARK, 1)[1].strip()
    lines = [
        "# Benchmarks",
        "",
        "Measured by `benchmarks/run.py`; re-run with `make benchmark` (or "
        "`.venv/bin/python benchmarks/run.py`, about three minutes on two cores), which "
        "rewrites the figures below and keeps the notes at the end. `--quick` (smaller "
        "files, about a minute), `--skip-browser` and `--out FILE` are for trying it out.",
        "",
        "## The machine",
        "",
        *(f"- {name}: {value}" for name, value in facts.items()),
        f"- whole run: {took:.0f} s; peak resident memory of the benchmark process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB",
        "",
        "## Figures",
        "",
    ]
    for table in tables:
        lines += [table.markdown(), ""]
    lines += [NOTES_MARK, "", notes or "## Reading the figures\n\n(not written yet)", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium section")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args(argv)
    sizes = (40, 400) if args.quick else SIZES
    requests = 100 if args.quick else REQUESTS
    keep_alive_requests = 40 if args.quick else KEEP_ALIVE_REQUESTS

    begin = time.perf_counter()
    facts = machine()
    tables: list[Table] = []
    with tempfile.TemporaryDirectory(prefix="cifer-bench-") as temp:
        for table in bench_intake(Path(temp), sizes):
            emit(table, tables)
    for table in bench_catalog():
        emit(table, tables)
    for table in bench_replica(requests, keep_alive_requests):
        emit(table, tables)
    if not args.skip_browser:
        for table in bench_browser(1 if args.quick else WALKS, facts):
            emit(table, tables)
    took = time.perf_counter() - begin
    write_results(args.out, facts, tables, took)
    print(f"whole run: {took:.0f} s; figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
