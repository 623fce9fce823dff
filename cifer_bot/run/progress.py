"""Where a run is: each running account's application and step, the applications
ended so far, the time since it began. Told by the accounts' threads; read by the live
display and the console, which are told of each change."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cifer_bot.journal import AppKey


@dataclass
class Running:
    """An application under way."""

    key: AppKey
    title: str
    step: str = ""
    folder: str = ""


@dataclass
class Progress:
    """The run's progress, safe to tell from any thread."""

    total: int = 0
    started: float = field(default_factory=time.monotonic)
    running: dict[str, Running] = field(default_factory=dict)  # by username
    ended: dict[str, int] = field(default_factory=dict)  # by status
    finished: list[dict[str, Any]] = field(default_factory=list)
    listeners: list[Callable[[], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, key: AppKey, title: str, folder: str) -> None:
        with self._lock:
            self.running[key.username] = Running(key, title, "starting", folder)
        self._tell()

    def step(self, key: AppKey, text: str) -> None:
        with self._lock:
            running = self.running.get(key.username)
            if running is None or running.key != key:
                return
            running.step = text
        self._tell()

    def end(self, key: AppKey, title: str, status: str, files: dict[str, str | None]) -> None:
        with self._lock:
            if (running := self.running.get(key.username)) and running.key == key:
                del self.running[key.username]
            self.ended[status] = self.ended.get(status, 0) + 1
            self.finished.append({"title": title, "status": status, "files": files})
        self._tell()

    def snapshot(self) -> dict[str, Any]:
        """What the display and the console show, as plain data."""
        with self._lock:
            return {
                "total": self.total,
                "elapsed_s": round(time.monotonic() - self.started, 1),
                "running": [
                    {"account": name, "application": r.title, "step": r.step}
                    for name, r in sorted(self.running.items())
                ],
                "ended": dict(self.ended),
                "finished": list(self.finished),
            }

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()
