"""Writing files so that a reader never sees half of one: the one place the tool writes.

`write_atomically` for what a person reads (reports, review tables); `write_private`
for a file that holds a secret (`.env`): readable by its owner only, where the
operating system has file modes (on Windows the user's profile folder protects it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, text)


def write_private(path: Path, text: str) -> None:
    """Write `text` so that no other user can read it at any moment (mode 0600)."""
    _replace(path, text)
    make_private(path)


def make_private(path: Path) -> None:
    """Owner read and write only, where the file system has modes; silent where not."""
    with contextlib.suppress(OSError, NotImplementedError):
        path.chmod(0o600)


def _replace(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    try:
        # mkstemp makes the file owner-only from its first byte, where modes exist.
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
