"""The live progress: on a terminal, each running account's application and step, the
captchas waiting, the totals and the time, below the run's own lines; elsewhere (a pipe,
a file) the run's lines alone, unchanged."""

from __future__ import annotations

import io
import threading

from rich.console import Console

from cifer_bot.journal import AppKey
from cifer_bot.run.display import live_display, render
from cifer_bot.run.progress import Progress
from cifer_bot.steps.captcha_desk import CaptchaDesk

ALPHA = AppKey("alpha-choc", "D248-A9-CONF-CHOC", "alphachoc01")
BETA = AppKey("beta-jams", "D248-A9-FRUIT-JAM", "betajams01")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _text(progress: Progress, desk: CaptchaDesk | None) -> str:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(render(progress, desk))
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def _progress() -> Progress:
    progress = Progress(total=3)
    progress.begin(ALPHA, "alpha-choc 巧克力", "out/alpha-choc")
    progress.begin(BETA, "beta-jams 果酱", "out/beta-jams")
    progress.step(BETA, "[5/6] Food category")
    return progress


def test_the_display_shows_accounts_steps_captchas_and_totals() -> None:
    progress = _progress()
    desk = CaptchaDesk(stdin=None, stderr=io.StringIO())
    desk.open_console()  # answers come from elsewhere than a terminal
    asked = threading.Event()
    desk.listeners.append(lambda: asked.set() if desk.waiting() else None)
    answer: list[str] = []
    asking = threading.Thread(
        target=lambda: answer.append(desk.ask("alphachoc01", 1, lambda _: (b"png", "c.png")))
    )
    asking.start()
    assert asked.wait(30)
    progress.end(BETA, "beta-jams 果酱", "review", {"screenshot": None})
    shown = _text(progress, desk)
    assert "alphachoc01  alpha-choc 巧克力  starting" in shown
    assert "betajams01" not in shown  # ended: no longer running
    assert "1/3 applications ended: 1 review" in shown
    assert "captchas waiting: 1 (alphachoc01)" in shown
    assert "elapsed 0:0" in shown
    [waiting] = desk.waiting()
    assert desk.answer(waiting.id, "AB12")
    asking.join(30)
    assert answer == ["AB12"]
    assert "captchas waiting: 0" in _text(progress, desk)


def test_not_a_terminal_the_run_writes_its_lines_alone() -> None:
    stream = io.StringIO()
    with live_display(stream, _progress(), None) as lines:
        assert lines is stream
        lines.write("== 1/3: alpha-choc ==\n")
    assert stream.getvalue() == "== 1/3: alpha-choc ==\n"


def test_on_a_terminal_the_lines_scroll_above_the_display() -> None:
    terminal = Terminal()
    progress = _progress()
    with live_display(terminal, progress, None) as lines:
        lines.write("== 1/3: alpha-")
        lines.write("choc ==\n")
        progress.step(ALPHA, "[3/6] Log in")  # the display is told, and redrawn
        shown = terminal.getvalue()
    assert "== 1/3: alpha-choc ==" in shown
    assert "[3/6] Log in" in shown
    assert shown.index("== 1/3: alpha-choc ==") < shown.rindex("[3/6] Log in")
