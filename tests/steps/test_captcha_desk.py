"""The captcha desk: every account's captcha in one queue, shown on the terminal one
after another in the order they came, answered there or in the console; a captcha
that waited too long is fetched anew before it is shown; a closed standard input with
no console says how to answer."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

import pytest

from cifer_bot.steps.captcha import CaptchaError
from cifer_bot.steps.captcha_desk import CaptchaDesk, Fetch, Pending


@pytest.fixture
def typed() -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """A standard input the test types into: (the desk's end, the test's end)."""
    read, write = os.pipe()
    with os.fdopen(read, "r") as stdin, os.fdopen(write, "w") as keys:
        yield stdin, keys


def _fetcher(label: str, log: list[str]) -> Fetch:
    def fetch(anew: bool) -> tuple[bytes, str]:
        log.append(f"{label} {'anew' if anew else 'first'}")
        count = sum(entry.startswith(label) for entry in log)
        return b"png", f"captcha-{label}-{count}.png"

    return fetch


def _ask(
    desk: CaptchaDesk, label: str, log: list[str], answers: dict[str, object]
) -> threading.Thread:
    def asking() -> None:
        try:
            answers[label] = desk.ask(label, 1, _fetcher(label, log))
        except CaptchaError as error:
            answers[label] = error

    thread = threading.Thread(target=asking)
    thread.start()
    return thread


class Shown:
    """The terminal's prompts, as the desk shows them; a test waits for one."""

    def __init__(self) -> None:
        self.text = io.StringIO()
        self.changed = threading.Condition()

    def __call__(self, entry: Pending, stderr: TextIO) -> None:
        with self.changed:
            stderr.write(f"Captcha for {entry.label}: the image is {entry.path}\n")
            self.changed.notify_all()

    def wait_for(self, text: str) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: text in self.text.getvalue(), 30), text


def _until(desk: CaptchaDesk, reached: Callable[[], bool]) -> None:
    changed = threading.Event()
    desk.listeners.append(changed.set)
    while not reached():
        assert changed.wait(30), "the desk never changed"
        changed.clear()


def test_captchas_are_shown_and_answered_in_the_order_they_came(
    typed: tuple[io.TextIOWrapper, io.TextIOWrapper],
) -> None:
    stdin, keys = typed
    said = io.StringIO()
    desk = CaptchaDesk(stdin=stdin, stderr=said)
    log: list[str] = []
    answers: dict[str, object] = {}
    first = _ask(desk, "alphachoc01", log, answers)
    _until(desk, lambda: len(desk.waiting()) == 1)
    second = _ask(desk, "betajams01", log, answers)
    _until(desk, lambda: len(desk.waiting()) == 2)
    keys.write("AAAA\nBBBB\n")
    keys.flush()
    first.join(30)
    second.join(30)
    assert answers == {"alphachoc01": "AAAA", "betajams01": "BBBB"}
    prompts = said.getvalue()
    assert prompts.index("Captcha for alphachoc01") < prompts.index("Captcha for betajams01")
    assert "AAAA" not in prompts and "BBBB" not in prompts  # answers are never shown


def test_a_captcha_older_than_the_portal_keeps_it_is_fetched_anew_before_it_is_shown(
    typed: tuple[io.TextIOWrapper, io.TextIOWrapper],
) -> None:
    stdin, keys = typed
    shown = Shown()
    said = shown.text
    desk = CaptchaDesk(stdin=stdin, stderr=said, stale_s=0, show=shown)  # stale as soon as it waits
    log: list[str] = []
    answers: dict[str, object] = {}
    asking = _ask(desk, "alphachoc01", log, answers)
    shown.wait_for("Captcha for")
    keys.write("CCCC\n")
    keys.flush()
    asking.join(30)
    assert log == ["alphachoc01 first", "alphachoc01 anew"]
    assert "the image is captcha-alphachoc01-2.png" in said.getvalue()  # the new one
    assert answers == {"alphachoc01": "CCCC"}


def test_an_answer_from_the_console_takes_the_captcha_off_the_terminal(
    typed: tuple[io.TextIOWrapper, io.TextIOWrapper],
) -> None:
    stdin, keys = typed
    shown = Shown()
    said = shown.text
    desk = CaptchaDesk(stdin=stdin, stderr=said, show=shown)
    desk.open_console()
    log: list[str] = []
    answers: dict[str, object] = {}
    first = _ask(desk, "alphachoc01", log, answers)
    shown.wait_for("Captcha for alphachoc01")
    second = _ask(desk, "betajams01", log, answers)
    _until(desk, lambda: len(desk.waiting()) == 2)
    assert desk.answer(desk.waiting()[0].id, " DDDD ")
    shown.wait_for("Captcha for betajams01")
    keys.write("EEEE\n")
    keys.flush()
    first.join(30)
    second.join(30)
    assert answers == {"alphachoc01": "DDDD", "betajams01": "EEEE"}
    assert "(answered in the console)" in said.getvalue()
    assert not desk.answer("no-such-captcha", "FFFF")


def test_a_closed_standard_input_without_a_console_says_how_to_answer(
    typed: tuple[io.TextIOWrapper, io.TextIOWrapper],
) -> None:
    stdin, keys = typed
    desk = CaptchaDesk(stdin=stdin, stderr=io.StringIO())
    keys.close()
    answers: dict[str, object] = {}
    _ask(desk, "alphachoc01", [], answers).join(30)
    error = answers["alphachoc01"]
    assert isinstance(error, CaptchaError)
    assert "--console" in str(error) and "--captcha browser" in str(error)
