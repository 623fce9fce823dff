"""The live progress of a run on a terminal (rich): each running account's application
and step, the captchas waiting, the totals and the time so far, kept at the bottom
while the run's lines scroll above it. Not a terminal: the lines alone."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TextIO, cast

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from cifer_bot.run.progress import Progress
from cifer_bot.steps.captcha_desk import CaptchaDesk


def render(progress: Progress, desk: CaptchaDesk | None) -> Group:
    """What the display shows, from the progress and the desk as they are now."""
    state = progress.snapshot()
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("Account", "Application", "Step"):
        table.add_column(column, overflow="ellipsis", no_wrap=True)
    for running in state["running"]:
        table.add_row(running["account"], running["application"], running["step"])
    waiting = desk.waiting() if desk is not None else []
    ended = sum(state["ended"].values())
    counts = ", ".join(f"{n} {status}" for status, n in sorted(state["ended"].items()))
    minutes, seconds = divmod(int(state["elapsed_s"]), 60)
    lines = [
        Text(f"{ended}/{state['total']} applications ended" + (f": {counts}" if counts else "")),
        Text(
            f"captchas waiting: {len(waiting)}"
            + (f" ({', '.join(e.label for e in waiting)})" if waiting else "")
        ),
        Text(f"elapsed {minutes}:{seconds:02d}"),
    ]
    return Group(table, *lines)


class _Lines:
    """The run's stream while the display runs: whole lines, printed above it."""

    def __init__(self, console: Console, lock: threading.Lock) -> None:
        self._console = console
        self._lock = lock
        self._partial = ""

    def write(self, text: str) -> int:
        with self._lock:
            self._partial += text
            *whole, self._partial = self._partial.split("\n")
            for line in whole:
                self._console.print(Text(line), soft_wrap=True)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def live_display(stream: TextIO, progress: Progress, desk: CaptchaDesk | None) -> Iterator[TextIO]:
    """Show the progress at the bottom of a terminal while the block runs; yields the
    stream the run writes its lines to."""
    if not stream.isatty():
        yield stream
        return
    console = Console(file=stream)
    live = Live(render(progress, desk), console=console, auto_refresh=False, redirect_stderr=False)
    lock = threading.Lock()
    shown = threading.Event()
    shown.set()

    def refresh() -> None:
        if shown.is_set():
            live.update(render(progress, desk), refresh=True)

    def prompting(asking: bool) -> None:
        # A prompt needs the terminal's last line: the display steps aside meanwhile.
        if asking:
            shown.clear()
            live.stop()
        else:
            live.start()
            shown.set()
            refresh()

    progress.listeners.append(refresh)
    if desk is not None:
        desk.listeners.append(refresh)
        desk.prompting = prompting
    with live:
        yield cast(TextIO, _Lines(console, lock))
    progress.listeners.remove(refresh)
    if desk is not None:
        desk.listeners.remove(refresh)
        desk.prompting = None
