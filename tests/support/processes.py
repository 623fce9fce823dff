"""`cifer-bot` in a process of its own, against a replica in the test's process, so
that a test can kill it with SIGKILL at a moment it reaches by holding one of the
replica's answers (`hold:STEP`), never by sleeping, or answer its captchas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cifer_bot.replica import Replica
from cifer_bot.replica.back_channel import EVENTS

TIMEOUT_S = 180


def environment(passwords: dict[str, str]) -> dict[str, str]:
    """The machine's environment without any CIFER_BOT_ setting, and these passwords."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CIFER_BOT_")}
    env.update({f"CIFER_BOT_PASSWORD__{user}": pw for user, pw in passwords.items()})
    return env


def fill_process(
    folder: Path,
    replica: Replica,
    *extra: str,
    passwords: dict[str, str],
    captcha: str = "replica",
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.Popen[str]:
    """`cifer-bot fill` on the facility file of `folder`, against the test's replica."""
    args = [
        "fill",
        str(folder / "facilities.yaml"),
        "--portal-url",
        replica.url,
        "--captcha",
        captcha,
        "--out",
        "out",
        "--timeout",
        "20",
        *extra,
    ]
    return subprocess.Popen(
        [sys.executable, "-m", "cifer_bot", *args],
        cwd=folder,
        env=environment(passwords),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(replica: Replica, event: str, count: int = 1) -> None:
    """Until the replica has recorded `count` events of a kind (draft, register, login,
    captcha, upload): the replica's own record, woken as it changes."""
    reached = replica.state.wait_until(lambda state: EVENTS[event](state) >= count, TIMEOUT_S)
    assert reached, f"the run never reached {count} {event}"
