"""The replica's life and throughput, and one browser walk of it."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import statistics
import threading
import time
from collections.abc import Callable
from itertools import pairwise
from urllib.parse import quote, urlencode, urlsplit

from tables import Table, ms, percentile

from cifer_bot.replica import Replica
from cifer_bot.replica.state import md5_hex

THREADS = (1, 2, 4)
START_STOP_CYCLES = 10
ITEM = "巧克力"
USERNAME = "benchUser01"
PASSWORD = "Bench!mark2021"


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
        "context and a fresh login; the tool's host fence is applied by the browser (a proxy "
        "that goes nowhere for other hosts), with no Python round trip for allowed hosts."
    )
    return [table]
