"""Refused passwords, kept where every run of this user on this machine sees them.

A portal locks an account after a few refused passwords, so a refusal stops the account
in this run and in every later one, whatever its `--out`, until the password changes in
the environment or `.env` (or `--retry-login USERNAME` asks for one more try). The
record is a small journal of its own (the accounts' records of the batch journal, in
one SQLite file) in the user's state folder, per portal (its scheme and host; a dry
run's replica is a portal of its own, so a dry run never blocks the live account) and
username. It holds no password: a refusal keeps a salted fingerprint of the password
refused, and the file is readable by its owner only.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from cifer_bot.journal.sqlite import SqliteJournal

FILE_NAME = "logins.sqlite3"
# Where the user's state folder is, if not where the platform keeps it.
STATE_HOME = "CIFER_BOT_STATE_HOME"


def user_state_folder() -> Path:
    """The user's state folder of the tool: `CIFER_BOT_STATE_HOME`, else
    `$XDG_STATE_HOME/cifer-bot`, else the platform's own (`~/.local/state/cifer-bot`,
    `~/Library/Application Support/cifer-bot`, `%LOCALAPPDATA%\\cifer-bot`)."""
    given = os.environ.get(STATE_HOME)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg:
        return Path(xdg) / "cifer-bot"
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "cifer-bot"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "cifer-bot"
    return home / ".local" / "state" / "cifer-bot"


@contextlib.contextmanager
def user_logins(portal: str) -> Iterator[SqliteJournal]:
    """The user's record of logins on `portal`, open while the block runs. Several runs
    may hold it at once (each of its events is a transaction of its own)."""
    logins = SqliteJournal(user_state_folder() / FILE_NAME, portal)
    try:
        yield logins
    finally:
        logins.close()
