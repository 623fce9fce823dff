"""`cifer-bot` in a process of its own that stops dead at a named moment of its work, so
that a test can kill it there with SIGKILL: `python -m tests.support.pause MOMENT ARGS`.

A moment is a call the tool makes (the review screenshot, the review table, the
application's ending, the report, the next application, the press of 立即注册): the
process writes `PAUSED AT MOMENT` on its standard error and waits for ever, in place of
that call. The tool's own code is unchanged; only this process is patched, so the kill
lands exactly there, never after a sleep.
"""

from __future__ import annotations

import errno
import sys
import threading
from collections.abc import Callable
from typing import Any

MARK = "PAUSED AT "


def _pause(moment: str) -> None:
    sys.stderr.write(f"{MARK}{moment}\n")
    sys.stderr.flush()
    threading.Event().wait()  # until the test kills the process


def _patch(owner: Any, name: str, when: Callable[..., bool], moment: str) -> None:
    original = getattr(owner, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            _pause(moment)
        return original(*args, **kwargs)

    setattr(owner, name, paused)


def _nth(count: int) -> Callable[..., bool]:
    """True on the `count`-th call, and only then."""
    calls = [0]

    def nth(*_: Any, **__: Any) -> bool:
        calls[0] += 1
        return calls[0] == count

    return nth


def _disk_full(path: Any, *_: Any, **__: Any) -> None:
    from cifer_bot.files import file_error

    raise file_error(OSError(errno.ENOSPC, "No space left on device"), path)


def arm(moment: str) -> None:
    """Make the tool pause at `moment` (one of MOMENTS)."""
    import cifer_bot.journal.sql as sql
    import cifer_bot.run.batch as batch
    import cifer_bot.run.review_stop as review_stop
    import cifer_bot.run.workers as workers
    import cifer_bot.steps.account as account

    first = _nth(1)
    if moment == "screenshot":
        _patch(review_stop, "whole_page_screenshot", first, moment)
    elif moment == "review table":
        _patch(
            review_stop,
            "write_atomically",
            lambda path, *_, **__: path.name == "review.md" and first(),
            moment,
        )
    elif moment == "ending":
        _patch(
            sql.SqlJournal,
            "finish",
            lambda self, key, outcome, *_, **__: outcome.get("status") == "review" and first(),
            moment,
        )
    elif moment == "report":
        _patch(batch, "rebuild_report", first, moment)
    elif moment == "next application":
        _patch(workers, "run_one", _nth(2), moment)
    elif moment == "立即注册 not sent":
        _patch(account, "register", first, moment)
    elif moment == "disk full at the review table":  # not a pause: the write fails
        original = getattr(review_stop, "write_atomically")  # noqa: B009 (not exported)

        def full(path: Any, *args: Any, **kwargs: Any) -> Any:
            if path.name == "review.md" and first():
                _disk_full(path)
            return original(path, *args, **kwargs)

        setattr(review_stop, "write_atomically", full)  # noqa: B010
    else:
        raise SystemExit(f"unknown moment {moment!r}; the moments are: {', '.join(MOMENTS)}")


MOMENTS = (
    "screenshot",
    "review table",
    "ending",
    "report",
    "next application",
    "立即注册 not sent",
    "disk full at the review table",
)


def main() -> None:
    moment, *args = sys.argv[1:]
    arm(moment)
    from cifer_bot.cli import main as cli_main

    sys.argv = ["cifer-bot", *args]
    cli_main()


if __name__ == "__main__":
    main()
