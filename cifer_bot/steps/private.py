"""Secrets on the page: while a password or a captcha answer is typed, and until its
page is gone, a trace being recorded is paused, so that no action, snapshot or request
of the trace holds it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol


class Recording(Protocol):
    """A trace that can stop recording for a while (`cifer_bot.run.trace.Tracer`)."""

    def pause(self) -> None: ...

    def resume(self) -> None: ...


@contextlib.contextmanager
def private(recording: Recording | None) -> Iterator[None]:
    """Nothing of the page is recorded while the block runs."""
    if recording is not None:
        recording.pause()
    try:
        yield
    finally:
        if recording is not None:
            recording.resume()
