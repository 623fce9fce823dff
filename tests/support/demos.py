"""What the training tests share: running `demo` in the session's browser, headless and
without slow_mo, and what the overlay drew at each control."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator

from cifer_bot import options as options_module
from cifer_bot.options import DemoOptions
from cifer_bot.replica import captcha
from cifer_bot.run.demo import demo
from cifer_bot.training.overlay import Overlay
from tests.support.runs import watch_replicas

Box = Mapping[str, Any]


@dataclass(frozen=True)
class Drawn:
    """One control the overlay outlined: the caption over it, and where each part went."""

    heading: str
    action: str
    control: Box
    parts: dict[str, Any]


@dataclass
class Demo:
    code: int
    stream: str
    drawn: list[Drawn] = field(default_factory=list)
    captchas: list[str] = field(default_factory=list)


def overlaps(a: Box, b: Box) -> bool:
    return bool(
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def contains(outer: Box, inner: Box, *, inset: float = 0) -> bool:
    return bool(
        outer["x"] + inset <= inner["x"]
        and outer["y"] + inset <= inner["y"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] - inset
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] - inset
    )


@contextmanager
def watched_overlay(drawn: list[Drawn]) -> Iterator[None]:
    """Record, for each control the overlay outlines, what it drew and where."""
    point = Overlay.point

    def recording(self: Overlay, control: Locator, **kwargs: str) -> None:
        point(self, control, **kwargs)
        box = control.bounding_box()
        # A draw that met a page mid-navigation is drawn again on its load: it shows
        # nothing over the control meanwhile (`drawn` None, or no target found).
        if box is not None and self.drawn is not None and self.drawn.get("target"):
            caption = self.drawn.get("caption", {})
            drawn.append(Drawn(caption["heading"], caption["action"], box, self.drawn))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Overlay, "point", recording)
        yield


def run_demo(
    browser: Browser,
    folder: Path,
    options: DemoOptions,
    *,
    passwords: dict[str, str] | None = None,
    stdin: Any = None,
    stream: io.StringIO | None = None,
    patch: Callable[[pytest.MonkeyPatch], None] = lambda _: None,
) -> Demo:
    """`demo` in the session's (headless) browser, acting at once (no slow_mo), in
    `folder` with only the given passwords; the captcha codes the replica drew. A
    replica that recorded a submission fails the test."""
    result = Demo(0, "")
    stream = stream or io.StringIO()
    new_code = captcha.new_code

    def drawing(alphabet: str, length: int) -> str:
        code = new_code(alphabet, length)
        result.captchas.append(code)
        return code

    with (
        watch_replicas(),
        pytest.MonkeyPatch.context() as monkeypatch,
        watched_overlay(result.drawn),
    ):
        monkeypatch.chdir(folder)
        for name in list(os.environ):
            if name.upper().startswith("CIFER_BOT_"):
                monkeypatch.delenv(name)
        for username, password in (passwords or {}).items():
            monkeypatch.setenv(f"CIFER_BOT_PASSWORD__{username}", password)
        for speed in options_module.SPEEDS:
            monkeypatch.setitem(options_module.SPEEDS, speed, 0.0)
        monkeypatch.setattr(captcha, "new_code", drawing)
        patch(monkeypatch)
        result.code = demo(options, stdin=stdin, stream=stream, browser=browser)
    result.stream = stream.getvalue()
    return result
