"""One desk where a person answers captchas, one after another, while the accounts that
do not wait keep moving.

Each account's thread puts its captcha on the desk (`ask`) and waits; the person
answers them in the order they came, on the terminal (one line each), or in any order
in the loopback console (`answer`). A captcha that waited longer than the portal keeps
its login form alive (`stale_s`) is fetched anew, by the thread that owns its page,
before it is shown. The answers are secrets: they are handed over, never kept or shown.
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TextIO

from cifer_bot.options import CaptchaName
from cifer_bot.steps.captcha import (
    MAX_ATTEMPTS,
    CaptchaError,
    CaptchaScene,
    inline_image,
    refresh_image,
    save_image,
)

# Fetch the captcha's image: (PNG bytes, where it was saved); `anew`: a new code first.
Fetch = Callable[[bool], tuple[bytes, str]]

STALE_S = 300.0  # how long a portal keeps a login form alive (a setting: --captcha-stale)
CLOSED = (
    "no captcha answer on standard input (it was closed); run in a terminal, pipe one "
    "line per captcha, answer in the console (--console), or use --captcha browser with "
    "--headed"
)


@dataclass
class Pending:
    """A captcha on the desk: whose, which try, its picture; the answer once given."""

    label: str
    attempt: int
    image: bytes
    path: str
    fetched: float
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    answer: str | None = field(default=None, repr=False)
    error: str | None = None
    wants_new_image: bool = False
    shown: bool = False


class CaptchaDesk:
    """The captchas waiting for a person, first come first shown."""

    def __init__(
        self,
        *,
        stdin: TextIO | None,
        stderr: TextIO,
        stale_s: float = STALE_S,
        show: Callable[[Pending, TextIO], None] | None = None,
    ) -> None:
        self._stdin = stdin  # None: no terminal answers (the console only)
        self._stderr = stderr
        self.stale_s = stale_s
        self._show = show or _show_on_terminal
        self._changed = threading.Condition()
        self._pending: deque[Pending] = deque()
        self._lines: deque[str] = deque()
        self._stdin_closed = stdin is None
        self._terminal_done = stdin is None
        self._console = False
        self._threads_started = False
        self.listeners: list[Callable[[], None]] = []
        # Told True before a prompt is shown on the terminal and False once it is
        # answered: a live display gives the terminal's lines to the person meanwhile.
        self.prompting: Callable[[bool], None] | None = None

    # -- the accounts' side (each in its own thread) -------------------------------------
    def ask(self, label: str, attempt: int, fetch: Fetch) -> str:
        """Wait for the person's answer to this captcha; fetch it anew when it went stale."""
        image, path = fetch(False)
        entry = Pending(label, attempt, image, path, time.monotonic())
        with self._changed:
            if self._terminal_done and not self._console:
                raise CaptchaError(CLOSED)
            self._pending.append(entry)
            self._start_threads()
            self._changed.notify_all()
        self._tell()
        try:
            while True:
                with self._changed:
                    self._changed.wait_for(
                        lambda: (
                            entry.answer is not None
                            or entry.error is not None
                            or entry.wants_new_image
                        )
                    )
                    if entry.answer is not None:
                        return entry.answer
                    if entry.error is not None:
                        raise CaptchaError(entry.error)
                # The page is this thread's: only this thread may fetch a new image.
                image, path = fetch(True)
                with self._changed:
                    entry.image, entry.path = image, path
                    entry.fetched = time.monotonic()
                    entry.wants_new_image = False
                    self._changed.notify_all()
                self._tell()
        finally:
            with self._changed:
                if entry in self._pending:
                    self._pending.remove(entry)
                self._changed.notify_all()
            self._tell()

    # -- the person's side -----------------------------------------------------------------
    def waiting(self) -> list[Pending]:
        """The captchas on the desk, oldest first (for the console and the progress)."""
        with self._changed:
            return [entry for entry in self._pending if entry.answer is None]

    def answer(self, entry_id: str, text: str) -> bool:
        """An answer typed elsewhere than the terminal (the console); False: no such
        captcha is waiting (answered already, or gone)."""
        code = text.strip()
        with self._changed:
            for entry in self._pending:
                if entry.id == entry_id and entry.answer is None and code:
                    entry.answer = code
                    self._changed.notify_all()
                    break
            else:
                return False
        self._tell()
        return True

    def image(self, entry_id: str) -> bytes | None:
        with self._changed:
            return next((e.image for e in self._pending if e.id == entry_id), None)

    def open_console(self) -> None:
        """Answers may come from the console: a closed standard input is not the end."""
        with self._changed:
            self._console = True

    # -- the terminal ----------------------------------------------------------------------
    def _start_threads(self) -> None:
        if self._threads_started or self._stdin is None:
            return
        self._threads_started = True
        threading.Thread(target=self._read_lines, name="captcha-stdin", daemon=True).start()
        threading.Thread(target=self._serve_terminal, name="captcha-desk", daemon=True).start()

    def _read_lines(self) -> None:
        assert self._stdin is not None
        while True:
            line = self._stdin.readline()
            with self._changed:
                if line:
                    self._lines.append(line)
                else:
                    self._stdin_closed = True
                self._changed.notify_all()
            if not line:
                return

    def _serve_terminal(self) -> None:
        for entry in self._heads():
            if self.prompting is not None:
                self.prompting(True)
            self._show(entry, self._stderr)
            try:
                self._take_answer(entry)
            finally:
                if self.prompting is not None:
                    self.prompting(False)
            if self._terminal_done:
                return
            self._tell()

    def _take_answer(self, entry: Pending) -> None:
        """The next line typed answers the captcha shown, unless the console did."""
        with self._changed:
            self._changed.wait_for(partial(self._line_or_answer, entry))
            if entry.answer is not None:  # answered in the console meanwhile
                self._stderr.write("(answered in the console)\n")
                return
            if not self._lines:
                # Standard input is closed: only the console may answer now.
                self._terminal_done = True
                if not self._console:
                    for waiting in self._pending:
                        if waiting.answer is None:
                            waiting.error = CLOSED
                self._changed.notify_all()
                return
            code = self._lines.popleft().strip()
            if not (self._stdin and self._stdin.isatty()):
                self._stderr.write("\n")  # from a pipe: end the prompt's line
            if code:
                entry.answer = code
            else:
                entry.error = "the captcha answer was an empty line"
            self._changed.notify_all()

    def _heads(self) -> Iterator[Pending]:
        """The next captcha to show on the terminal, each once, fresh enough to answer."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._next_unshown() is not None)
                entry = self._next_unshown()
                assert entry is not None
                if time.monotonic() - entry.fetched > self.stale_s:
                    entry.wants_new_image = True
                    self._changed.notify_all()
                    self._changed.wait_for(partial(_fresh_or_answered, entry))
                entry.shown = True
            yield entry

    def _line_or_answer(self, entry: Pending) -> bool:
        return bool(self._lines) or entry.answer is not None or self._stdin_closed

    def _next_unshown(self) -> Pending | None:
        return next(
            (e for e in self._pending if not e.shown and e.answer is None and e.error is None),
            None,
        )

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()


def _fresh_or_answered(entry: Pending) -> bool:
    return not entry.wants_new_image or entry.answer is not None


def _show_on_terminal(entry: Pending, stderr: TextIO) -> None:
    if stderr.isatty():
        stderr.write(inline_image(entry.image))
    stderr.write(
        f"Captcha for {entry.label} (try {entry.attempt} of {MAX_ATTEMPTS}): the image is "
        f"{entry.path}\nType the code shown in the image and press Enter: "
    )
    stderr.flush()


class PromptSolver:
    """A person reads the image and types the code: on the terminal (one line of
    standard input per captcha, from a person or a pipe) or in the loopback console,
    through the run's one desk."""

    name: CaptchaName = "prompt"
    person_signs_in = False

    def __init__(
        self,
        stdin: TextIO | None = None,
        stderr: TextIO | None = None,
        *,
        desk: CaptchaDesk | None = None,
    ) -> None:
        self.desk = desk or CaptchaDesk(stdin=stdin or sys.stdin, stderr=stderr or sys.stderr)

    def answer(self, scene: CaptchaScene) -> str | None:
        def fetch(anew: bool) -> tuple[bytes, str]:
            if anew:
                refresh_image(scene)
            path = save_image(scene)
            return path.read_bytes(), str(path)

        return self.desk.ask(scene.label, scene.attempt, fetch)
