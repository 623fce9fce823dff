"""The captcha pause: a person reads the image; the tool never reads or guesses it.

Three solvers:
- `prompt` (`captcha_desk`): saves the image, prints its path (and shows it inline where
  the terminal can), and reads the answer as one line from standard input, for a person
  or a pipe, or from the loopback console;
- `browser`: headed only; focuses the field (the overlay outlines it) and waits until
  the person has typed the code and pressed Sign in;
- `replica`: dry runs only; asks the offline replica's back channel for the answer,
  and refuses any portal that is not on loopback.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO
from urllib.parse import urljoin

from playwright.sync_api import Locator, Page

from cifer_bot.errors import CiferBotError
from cifer_bot.files import write_bytes_atomically
from cifer_bot.options import CaptchaName, refuse_unless_loopback
from cifer_bot.portal.guard import Clicker

MAX_ATTEMPTS = 3


class CaptchaError(CiferBotError):
    """No captcha answer could be had."""


@dataclass(frozen=True)
class CaptchaScene:
    """What a solver sees: the login page, the image, the field, and where to save."""

    page: Page
    image: Locator
    field: Locator
    sign_in: Locator
    portal_url: str
    artifacts: Path
    label: str  # who is logging in, for file names and prompts (never a secret)
    attempt: int
    # Returns once the person has pressed Sign in (a new document has loaded).
    wait_signed_in: Callable[[float], None]
    # The one clicker of the walk: even the image is clicked through the guard.
    clicker: Clicker = dataclasses.field(default_factory=Clicker)


class Solver(Protocol):
    name: CaptchaName
    # True when the person presses Sign in themselves (the step must not click it).
    person_signs_in: bool

    def answer(self, scene: CaptchaScene) -> str | None:
        """The text to type, or None when the person typed it and signed in."""


def wait_for_image(image: Locator) -> None:
    """Wait until the captcha image has loaded: the code exists only once it is drawn."""
    image.wait_for(state="visible")
    image.evaluate(
        """(img) => img.complete && img.naturalWidth > 0 ? true :
           new Promise((resolve) => { img.addEventListener('load', () => resolve(true),
                                      { once: true }); })"""
    )


def save_image(scene: CaptchaScene) -> Path:
    wait_for_image(scene.image)
    path = scene.artifacts / f"captcha-{_safe(scene.label)}-{scene.attempt}.png"
    write_bytes_atomically(path, scene.image.screenshot())  # the owner's only, as every file
    return path


def refresh_image(scene: CaptchaScene) -> None:
    """A new code: click the image, as a person does when it is hard to read (看不清？换一张),
    and wait until the new picture has loaded."""
    image = scene.image
    image.evaluate(
        """(img) => { img.dataset.ciferBotLoaded = ''; img.addEventListener('load', () => {
             img.dataset.ciferBotLoaded = 'yes'; }, { once: true }); }"""
    )
    scene.clicker.click(image, what="the captcha image (a new code)")
    image.page.wait_for_function(
        "(img) => img.dataset.ciferBotLoaded === 'yes'", arg=image.element_handle()
    )


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)[:60] or "login"


def inline_image(png: bytes, environ: dict[str, str] | None = None) -> str:
    """An escape sequence that shows the image in terminals that can, else ''."""
    env = os.environ if environ is None else environ
    data = base64.b64encode(png).decode()
    if env.get("TERM_PROGRAM") in {"iTerm.app", "WezTerm"}:
        return f"\033]1337;File=inline=1;size={len(png)}:{data}\a\n"
    if env.get("TERM") == "xterm-kitty" or "KITTY_WINDOW_ID" in env:
        chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)] or [""]
        out = []
        for index, chunk in enumerate(chunks):
            more = 1 if index < len(chunks) - 1 else 0
            head = "a=T,f=100," if index == 0 else ""
            out.append(f"\033_G{head}m={more};{chunk}\033\\")
        return "".join(out) + "\n"
    return ""


class BrowserSolver:
    """Headed: highlight the field and wait for the person to type and press Sign in."""

    name: CaptchaName = "browser"
    person_signs_in = True

    def __init__(self, timeout_s: float = 300, stderr: TextIO | None = None) -> None:
        self.timeout_ms = timeout_s * 1000
        self._stderr = stderr

    def answer(self, scene: CaptchaScene) -> str | None:
        stderr = self._stderr or sys.stderr
        wait_for_image(scene.image)
        # The overlay of the headed run outlines the field and says what to do.
        scene.field.focus()
        stderr.write(
            f"Captcha for {scene.label}: type the code shown in the image into the outlined "
            "field in the browser window, then press Sign in.\n"
        )
        stderr.flush()
        try:
            scene.wait_signed_in(self.timeout_ms)
        except Exception as error:  # a timeout and a closed window alike
            raise CaptchaError(
                f"nobody pressed Sign in within {self.timeout_ms / 1000:.0f} seconds"
            ) from error
        return None


class ReplicaSolver:
    """Dry runs only: the offline replica tells the answer for this browser's session."""

    name: CaptchaName = "replica"
    person_signs_in = False

    def answer(self, scene: CaptchaScene) -> str | None:
        refuse_unless_loopback(scene.portal_url)
        wait_for_image(scene.image)
        response = scene.page.request.get(urljoin(scene.portal_url, "/__replica/captcha"))
        if not response.ok:
            raise CaptchaError(
                f"the replica's captcha back channel answered HTTP {response.status}; "
                "is the portal URL really the offline replica?"
            )
        answer: str = response.json()["answer"]
        return answer
