"""Progress in English, so that staff who read no Chinese can follow: a line per step on
the terminal and, in a headed run, the overlay on the page (`cifer_bot.training`): the
step and the guide's sentences, the control about to be used outlined with its Chinese
label and English, and what is typed into it (a secret as dots). A demo adds its pace
(a wait for the trainee at each step) and its notebook (the handout's material)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TextIO

from playwright.sync_api import Locator, Page

from cifer_bot.selector_map import Caption, Entry
from cifer_bot.training import DOTS, END, Overlay, Pace, Training, Used

PROMPT = "Press Enter here, or Next on the page, to go on."
END_PROMPT = "Press Enter here, or End on the page, to end the demo."
Doing = Literal["click", "type", "choose", "date", "upload", "hover", "wait"]

_SAID: dict[Doing, str] = {
    "click": "Clicking {english}",
    "type": "Typing {english}: {value}",
    "choose": "Choosing {english}: {value}",
    "date": "Entering {english}: {value}",
    "upload": "Uploading {english}: {value}",
    "hover": "Hovering over {english}",
    "wait": "{value}",
}
_DONE: dict[Doing, str] = {
    "click": "Click",
    "type": "Type: {value}",
    "choose": "Choose: {value}",
    "date": "Date: {value}",
    "upload": "Upload: {value}",
    "hover": "Hover over it",
    "wait": "Yours to do",
}


@dataclass
class Narrator:
    """Says what the tool is doing and why; shows it on the page when a person watches."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    prefix: str = ""
    # Told each line too (the run's progress display and console).
    listener: Callable[[str], None] | None = None
    overlay: Overlay | None = None
    training: Training | None = None
    _page: Page | None = None
    _caption: Caption | None = None
    _due: bool = False  # a step began: the trainee is waited for at its first control
    _section: int = 0  # the step a control used is recorded under (END: the end)

    @classmethod
    def for_run(cls, stream: TextIO, *, headed: bool, training: Training | None) -> Narrator:
        """The narrator of one application: an overlay when a person watches."""
        return cls(stream=stream, overlay=Overlay() if headed else None, training=training)

    @property
    def pace(self) -> Pace | None:
        """The trainee's pace, when the run waits for one."""
        pace = self.training.pace if self.training is not None else None
        return pace if pace is not None and not pace.autoplay else None

    def attach(self, page: Page) -> None:
        self._page = page
        if self.overlay is not None:
            self.overlay.attach(page)
        if self.training is not None:
            self.training.attach(page)

    def step(self, caption: Caption, detail: str = "") -> None:
        """A new step of the guide: `[3/6] Log in: ...` and what it means here."""
        self._show(caption, detail, section=caption.step)
        self._due = True

    def finale(self, caption: Caption, detail: str = "") -> None:
        """The end, after the six steps: the review, and the person's own submission."""
        self._show(caption, detail, section=END)
        self._due = False

    def _show(self, caption: Caption, detail: str, *, section: int) -> None:
        self._caption = caption
        self._section = section
        self._say(f"[{caption.step}/{caption.steps}] {caption.title}: {caption.text}")
        if detail:
            self._say(f"      {detail}")
        if self.overlay is not None:
            self.overlay.caption(caption.heading, caption.text, detail)
        notebook = self.training.notebook if self.training is not None else None
        if notebook is not None:
            notebook.caption(section, caption)

    def note(self, text: str) -> None:
        self._say(f"      {text}")
        if self.overlay is not None and self._caption is not None:
            self.overlay.say(text)

    def act(
        self,
        control: Locator,
        entry: Entry,
        doing: Doing,
        *,
        label: str | None = None,
        gloss: str | None = None,
        value: str = "",
        secret: bool = False,
        in_handout: bool = True,
    ) -> None:
        """The control of a map entry about to be used: outlined, with what is done with
        it; at a step's first control, the trainee's turn to read (unless --autoplay).
        `gloss`: what this control of the entry means (`Chocolate` for a sub-item)."""
        self.point(
            control,
            label or entry.label or entry.english,
            f"{entry.english}: {gloss}" if gloss else entry.english,
            doing,
            value=value,
            secret=secret,
            in_handout=in_handout,
        )

    def point(
        self,
        control: Locator,
        label: str,
        english: str,
        doing: Doing,
        *,
        value: str = "",
        secret: bool = False,
        in_handout: bool = True,
    ) -> None:
        """`act` for a control the map names by no entry (the final submission)."""
        if self.overlay is None:
            return
        shown = DOTS if secret and value else value
        if doing in ("type", "choose", "date", "upload") and not shown:
            said, done = f"Leaving {english} empty", "Leave empty"
        else:
            said = _SAID[doing].format(english=english, value=shown)
            done = _DONE[doing].format(value=shown)
        self.overlay.point(control, label=label, english=english, action=said)
        if secret:
            self.overlay.mask(control)
        if in_handout:
            self._record(Used(label, english, done))
        if self._due:
            self._due = False
            self.pause()

    def pause(self) -> None:
        """The trainee's turn: until Enter or Next (no wait with --autoplay)."""
        pace = self.pace
        if pace is None or self.overlay is None or self._page is None:
            return
        self.overlay.waiting("Next")
        pace.wait(self._page, told=lambda: self._say(f"      {PROMPT}"))
        self.overlay.waiting(None)

    def wait_at_end(self, look: Callable[[], None]) -> None:
        """A demo's end: until the trainee ends it (Enter, End on the page, or closing
        the window); `look` reads each page of theirs first (their own 提交 shows the
        application number)."""
        pace, page = self.pace, self._page
        if pace is None or page is None:
            return
        if self.overlay is not None:
            self.overlay.waiting("End")
        while not page.is_closed():
            look()
            woken = pace.wait(page, navigation=True, told=lambda: self._say(f"      {END_PROMPT}"))
            if woken != "navigated":
                break

    def _record(self, used: Used) -> None:
        notebook = self.training.notebook if self.training is not None else None
        if notebook is None or self._caption is None or self._page is None:
            return
        notebook.use(self._section, used)
        if notebook.wants_picture(self._section):
            notebook.picture(self._section, self._page)

    @contextlib.contextmanager
    def hidden(self) -> Iterator[None]:
        """The page without the overlay, for a screenshot taken for review."""
        if self.overlay is None:
            yield
            return
        with self.overlay.hidden():
            yield

    def _say(self, text: str) -> None:
        line = f"{self.prefix}{text}" if self.prefix else text
        self.stream.write(line + "\n")
        self.stream.flush()
        if self.listener is not None:
            self.listener(text.strip())
