"""`cifer-bot` in a process of its own, against a replica in the test's process, so
that a test can kill it with SIGKILL at a moment it reaches by holding one of the
replica's answers (`hold:STEP`), never by sleeping, or answer its captchas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from cifer_bot.replica import Replica
from cifer_bot.replica.back_channel import EVENTS
from tests.support.pause import MARK
from tests.support.postgres import Database

TIMEOUT_S = 180


def environment(passwords: dict[str, str]) -> dict[str, str]:
    """The machine's environment without any CIFER_BOT_ setting, and these passwords."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CIFER_BOT_")}
    env.update({f"CIFER_BOT_PASSWORD__{user}": pw for user, pw in passwords.items()})
    return env


REPOSITORY = Path(__file__).resolve().parents[2]


def command(pause_at: str | None) -> list[str]:
    """How to start `cifer-bot`: as itself, or paused at a moment (`tests.support.pause`)."""
    if pause_at is None:
        return [sys.executable, "-m", "cifer_bot"]
    return [sys.executable, "-m", "tests.support.pause", pause_at]


def fill_process(
    folder: Path,
    replica: Replica,
    *extra: str,
    passwords: dict[str, str],
    captcha: str = "replica",
    stdin: int | None = subprocess.DEVNULL,
    pause_at: str | None = None,
    out: str = "out",
) -> subprocess.Popen[str]:
    """`cifer-bot fill` on the facility file of `folder`, against the test's replica;
    `pause_at`: a moment it stops dead at (`tests.support.pause`), to be killed there."""
    args = [
        "fill",
        str(folder / "facilities.yaml"),
        "--portal-url",
        replica.url,
        "--captcha",
        captcha,
        "--out",
        out,
        "--timeout",
        "20",
        *extra,
    ]
    return subprocess.Popen(
        [*command(pause_at), *args],
        cwd=folder,
        env={**environment(passwords), "PYTHONPATH": str(REPOSITORY)},
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def worker_process(
    folder: Path,
    replica: Replica,
    database: Database,
    worker: str,
    *extra: str,
    passwords: dict[str, str],
    pause_at: str | None = None,
) -> subprocess.Popen[str]:
    """`cifer-bot fill --journal URL` in `folder`, as one worker of a shared list: its
    own output folder (workers share no disk), the database's password in PGPASSWORD;
    `pause_at` as for `fill_process`."""
    args = [
        "fill",
        "--journal",
        database.url,
        "--worker",
        worker,
        "--portal-url",
        replica.url,
        "--captcha",
        "replica",
        "--out",
        f"out-{worker}",
        "--timeout",
        "20",
        *extra,
    ]
    return subprocess.Popen(
        [*command(pause_at), *args],
        cwd=folder,
        env={**environment(passwords), **database.environment(), "PYTHONPATH": str(REPOSITORY)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`cifer-bot ARGS` in `folder`, to its end."""
    return subprocess.run(
        [sys.executable, "-m", "cifer_bot", *args],
        cwd=folder,
        env={**environment({}), **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def kill_when_paused(process: subprocess.Popen[str]) -> str:
    """Read the process's lines until it says it paused (`tests.support.pause`), then
    kill it with SIGKILL; what it wrote. Fails if it ends without pausing."""
    assert process.stderr is not None
    said: list[str] = []
    for line in process.stderr:  # the run's own lines, as they come
        said.append(line)
        if line.startswith(MARK):
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=TIMEOUT_S)
            return "".join(said)
    process.communicate(timeout=TIMEOUT_S)
    raise AssertionError(f"the run ended without pausing:\n{''.join(said)[-3000:]}")


def wait_for(replica: Replica, event: str, count: int = 1) -> None:
    """Until the replica has recorded `count` events of a kind (draft, register, login,
    captcha, upload): the replica's own record, woken as it changes."""
    reached = replica.state.wait_until(lambda state: EVENTS[event](state) >= count, TIMEOUT_S)
    assert reached, f"the run never reached {count} {event}"


def latest_captcha(replica: Replica) -> str:
    """The code of the captcha image the replica served last (a test reads it for the
    person at the run; the tool itself never does)."""
    shown = [s for s in list(replica.sessions.values()) if s.captcha is not None]
    assert shown, "no captcha is waiting"
    return str(max(shown, key=lambda s: s.captcha_shown).captcha)
