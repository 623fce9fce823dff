"""Writing files so that a reader never sees half of one: the one place the tool writes.

`write_atomically` for what a person reads (reports, review tables, screenshots:
`write_bytes_atomically`); `write_private` for a file that holds a secret (`.env`):
readable by its owner only, where the operating system has file modes (on Windows the
user's profile folder protects it). A file that cannot be written whole is not left
behind, and the failure is one sentence (`file_error`): the path given is the user's
to fix (exit 2), a full or failing disk is the machine's (exit 1).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import tempfile
from pathlib import Path

from cifer_bot.errors import CiferBotError, InputError

# Errors that say the path itself is wrong: a missing folder, a folder where a file
# should be, no permission. Any other (a full disk, an I/O error) is the machine's.
_PATH_ERRORS = {
    errno.ENOENT: "its folder {folder} does not exist: create it first, or give another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder: give another path",
    errno.EISDIR: "it is a folder, not a file: give the path of a file",
    errno.EACCES: "{folder} is not writable for this user: make it writable, or give another path",
    errno.EPERM: "{folder} is not writable for this user: make it writable, or give another path",
    errno.EROFS: "{folder} is on a read-only file system: give a path on another file system",
}
_MACHINE_ERRORS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the user's disk quota is used up: free some space and run again",
    errno.EFBIG: "the file would be larger than this system allows",
}


def file_error(
    error: OSError, path: Path | str | None = None, doing: str = "write"
) -> CiferBotError:
    """One sentence for a file that could not be read or written, with what to do."""
    where = Path(path if path is not None else error.filename or "the file")
    folder = where.parent if str(where.parent) not in ("", ".") else Path.cwd()
    found = error.errno
    if found in _PATH_ERRORS:
        advice = _PATH_ERRORS[found].format(folder=folder)
        if found in (errno.EACCES, errno.EPERM) and doing not in ("write", "create the folder"):
            advice = (
                "this user has no permission for it: check its permissions, or give another path"
            )
        return InputError(f"cannot {doing} {where}: {advice}")
    advice = _MACHINE_ERRORS.get(found or 0, error.strerror or str(error))
    return CiferBotError(f"cannot {doing} {where}: {advice}")


def folder_name(text: str) -> str:
    """The name of a folder the tool makes for `text` (a facility's short name, a
    category code): letters and digits, any other run of characters one `-`, at most 60
    characters. Two names may make one folder (`a/b`, `a-b`): validation refuses that."""
    cut = "".join(c if c.isalnum() else "-" for c in text).strip("-")
    return "-".join(part for part in cut.split("-") if part)[:60] or "facility"


def make_folder(path: Path) -> Path:
    """A folder the tool writes into (`--out`), created with its parents if need be. Each
    folder it creates is its owner's only from the start (0700, where the file system
    has modes); a folder that exists already is left as it is (`--out .`)."""
    missing = list(itertools.takewhile(lambda folder: not folder.exists(), (path, *path.parents)))
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass  # made meanwhile (another worker), or a file: told below
        except OSError as error:  # a part of the path is a file, no permission, ...
            raise file_error(error, path, "create the folder") from None
    if not path.is_dir():
        raise InputError(f"cannot use {path} as a folder: it is a file")
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it, even after a crash."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`write_atomically` for bytes (a screenshot): whole, or not at all."""
    make_folder(path.parent)
    _replace(path, data)


def write_private(path: Path, text: str) -> None:
    """Write `text` so that no other user can read it at any moment (mode 0600)."""
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder, not a file; give a file's path")
    _replace(path, text.encode("utf-8"))
    make_private(path)


def make_private(path: Path) -> None:
    """Owner read and write only, where the file system has modes; silent where not."""
    with contextlib.suppress(OSError, NotImplementedError):
        path.chmod(0o600)


def _replace(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    except OSError as error:
        raise file_error(error, path) from None
    try:
        # mkstemp makes the file owner-only from its first byte, where modes exist.
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise file_error(error, path) from None
        raise
