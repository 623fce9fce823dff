"""Running a command and measuring it: wall time, the load of the machine, and the
memory of the command with every process it starts (a browser's included).

Memory is sampled from /proc while the command runs (every 0.2 s, or as asked): the
command's own peak is the kernel's high-water mark of its resident memory (VmHWM,
which a late sample still reads whole), and the peak of all its processes together is
the largest sum seen. (The rusage of a finished child cannot serve: Linux counts in it
the memory of the process that started it, as it was before the child's exec.)
Processes share pages
(Chromium's renderers share most of their code), so the total adds up each process's
proportional set size (PSS: a shared page counted once, split among its sharers), not
its resident set, which would count the shared pages once per process. Where the kernel
gives no PSS, the resident set is summed instead and the table says so.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 0.2


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _children() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: read after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        found.setdefault(int(fields[1]), []).append(int(entry.name))
    return found


def tree(root: int) -> list[int]:
    """`root` and all its descendants."""
    children = _children()
    seen, todo = [], [root]
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(children.get(pid, []))
    return seen


# Whether this kernel gives each process's PSS (Linux 4.14 and later).
_PSS = Path("/proc/self/smaps_rollup").exists()


def _memory_of(pid: int) -> tuple[int, bool]:
    """One process's PSS in bytes (True), or its RSS where the kernel gives no PSS
    (False); 0 for a process that ended in the meantime."""
    try:
        if _PSS:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024, True
            return 0, True
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0, _PSS  # gone in the meantime
    return pages * os.sysconf("SC_PAGE_SIZE"), False


@dataclass
class Measured:
    """One run of a command."""

    seconds: float
    returncode: int
    # The sampled peaks: of the command's own process (RSS), and of it with every
    # process it started (PSS summed; RSS where the kernel gives no PSS).
    own_peak: int = 0
    tree_peak: int = 0
    pss: bool = True
    load: str = ""
    stdout: str = ""


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    sample: bool = False,
    every: float = SAMPLE_S,
    timeout: float = 900,
) -> Measured:
    """Run `command` to its end; with `sample`, watch its memory meanwhile."""
    load = load_average()
    begin = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    measured = Measured(seconds=0.0, returncode=0, load=load)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(every):
            own, _ = _memory_of_rss(process.pid)
            total, pss = 0, True
            for pid in tree(process.pid):
                size, exact = _memory_of(pid)
                total += size
                pss = pss and exact
            measured.own_peak = max(measured.own_peak, own)
            if total > measured.tree_peak:
                measured.tree_peak, measured.pss = total, pss

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    out: list[str] = []
    stream = process.stdout
    assert stream is not None
    reader = threading.Thread(target=lambda: out.append(stream.read()), daemon=True)
    reader.start()
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        _, status = os.waitpid(process.pid, 0)
    finally:
        measured.seconds = time.perf_counter() - begin
        timer.cancel()
        done.set()
    process.returncode = measured.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    stream.close()
    measured.stdout = "".join(out)
    if sample:
        watcher.join()
    return measured


def _memory_of_rss(pid: int) -> tuple[int, bool]:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):  # the kernel's own peak of resident memory
                return int(line.split()[1]) * 1024, True
    except OSError:
        pass
    return 0, False


def stats(values: Sequence[float]) -> tuple[float, float, float]:
    """Median, min and max."""
    return statistics.median(values), min(values), max(values)


def mib(size: float) -> str:
    return f"{size / 2**20:,.0f}"
