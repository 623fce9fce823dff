"""Files the tool writes (issue 11, item 5): whole or not at all, and a failure is one
sentence that says whose it is to fix."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from cifer_bot.errors import CiferBotError
from cifer_bot.files import file_error, make_folder, write_atomically, write_bytes_atomically
from tests.support.limits import file_size_limit


def test_a_file_that_cannot_be_written_whole_is_not_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_atomically(path, "the earlier report\n")
    with file_size_limit(4096), pytest.raises(CiferBotError) as failed:
        write_bytes_atomically(path, b"x" * 100_000)
    assert failed.value.exit_code == 1
    assert str(failed.value).startswith(f"cannot write {path}: ")
    assert path.read_text(encoding="utf-8") == "the earlier report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize(
    ("code", "exit_code", "words"),
    [
        (errno.ENOSPC, 1, "the disk is full: free some space and run again"),
        (errno.EDQUOT, 1, "disk quota is used up"),
        (errno.EIO, 1, "Input/output error"),
        (errno.EACCES, 2, "out is not writable for this user"),
        (errno.EROFS, 2, "out is on a read-only file system"),
        (errno.ENOENT, 2, "its folder out does not exist"),
        (errno.EISDIR, 2, "it is a folder, not a file"),
    ],
)
def test_file_errors_say_whose_they_are_to_fix(code: int, exit_code: int, words: str) -> None:
    error = file_error(OSError(code, "the system's words"), Path("out/report.json"))
    assert error.exit_code == exit_code
    assert str(error).startswith("cannot write out/report.json: ")
    assert words in str(error) or (code == errno.EIO and "the system's words" in str(error))


@pytest.mark.skipif(os.name == "nt", reason="Windows has no file modes: the profile folder")
def test_folders_the_tool_makes_are_the_owner_s_only_and_others_are_left(tmp_path: Path) -> None:
    given = tmp_path / "given"
    given.mkdir(mode=0o755)
    given.chmod(0o755)
    made = make_folder(given / "out" / "site" / "category")
    assert made.is_dir()
    for folder in (given / "out", given / "out" / "site", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(given.stat().st_mode) == 0o755  # the user's own: left as it is
    assert make_folder(made) == made  # there already: nothing to do
    write_bytes_atomically(made / "review.png", b"\x89PNG")
    assert stat.S_IMODE((made / "review.png").stat().st_mode) == 0o600


def test_a_file_where_a_folder_is_wanted_is_named(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(CiferBotError, match=r"cannot use .*taken as a folder: it is a file"):
        make_folder(tmp_path / "taken")
    with pytest.raises(CiferBotError, match="a part of the path is a file, not a folder"):
        make_folder(tmp_path / "taken" / "out")
