"""Files and folders that cannot be used (issue 11, item 5): each ends in one sentence
and exit 2 (the path given is the user's to fix) or 1 (the machine), never a traceback;
`--json` prints JSON on stdout, errors included."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from cifer_bot.cli import app
from cifer_bot.credentials import load_credentials
from cifer_bot.errors import InputError
from tests.support.limits import file_size_limit
from tests.support.runs import YARRA, write_facilities

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_a_folder_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .env of the working folder, no password of the machine."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.upper().startswith("CIFER_BOT_"):
            monkeypatch.delenv(name)


def one_sentence(result: Result, exit_code: int) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == exit_code, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert "Traceback" not in result.output
    return errors[0]


def test_password_new_into_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    # What broke: FileNotFoundError, a traceback and exit 1.
    result = runner.invoke(app, ["password", "new", "yarrachoc01", "--env-file", "nope/.env"])
    assert one_sentence(result, 2) == (
        "error: cannot write nope/.env: its folder nope does not exist; create it first, "
        "or give another --env-file"
    )
    assert not (tmp_path / "nope").exists()


def test_a_env_that_is_a_folder(tmp_path: Path) -> None:
    # What broke: IsADirectoryError for `password new`; for a run, silently no passwords.
    (tmp_path / ".env").mkdir()
    result = runner.invoke(app, ["password", "new", "yarrachoc01"])
    assert one_sentence(result, 2).startswith("error: .env is a folder, not a file")
    with pytest.raises(InputError, match=r"\.env is a folder, not a file"):
        load_credentials()


@pytest.mark.parametrize(
    ("args", "exit_code", "words"),
    [
        (["validate", "missing.yaml", "--json"], 2, "no such file: missing.yaml"),
        (["validate", "bomb.yaml", "--json"], 2, "more than 100 aliases"),
    ],
)
def test_json_is_printed_on_stdout_for_an_error_too(
    tmp_path: Path, args: list[str], exit_code: int, words: str
) -> None:
    # What broke: a wrong --json run printed plain text on stderr and nothing on stdout.
    rows = "".join(f"  - {{name: s{n}, <<: *b}}\n" for n in range(101))
    (tmp_path / "bomb.yaml").write_text(f"b: &b {{role: storage}}\nfacilities:\n{rows}", "utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exit_code"] == exit_code
    assert words in report["error"]
    assert result.stderr.startswith("error: ")


def _fill(out: str) -> Result:
    facilities = write_facilities(Path.cwd(), YARRA)
    return runner.invoke(app, ["fill", str(facilities), "--dry-run", "--out", out])


def test_fill_into_an_output_folder_that_is_a_file() -> None:
    Path("out").write_text("not a folder", encoding="utf-8")
    assert one_sentence(_fill("out/run"), 2) == (
        "error: cannot create the folder out/run: a part of the path is a file, not a "
        "folder: give another path"
    )


def test_fill_into_a_read_only_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What broke: PermissionError, a traceback and exit 1.
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    if os.access(out, os.W_OK):  # root: file modes do not hold, refuse as they would
        making = tempfile.mkstemp

        def refused(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if Path(kwargs.get("dir", ".")).resolve() == out.resolve():
                raise PermissionError(13, "Permission denied", str(out))
            return making(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        line = one_sentence(_fill("out"), 2)
    finally:
        out.chmod(0o755)
    assert line == (
        "error: cannot write out/report.json: out is not writable for this user: make it "
        "writable, or give another path"
    )


def test_fill_onto_a_full_disk() -> None:
    # What broke: OSError, a traceback and exit 1 with nothing said.
    facilities = write_facilities(Path.cwd(), YARRA)
    with file_size_limit(64):
        result = runner.invoke(app, ["fill", str(facilities), "--dry-run", "--out", "out"])
    line = one_sentence(result, 1)
    # The journal is the first file a run writes: it says so, and leaves nothing behind.
    assert line.startswith("error: cannot open the journal out/state/journal.sqlite3: ")
    assert "is the disk full" in line
    assert sorted(p.name for p in Path("out").iterdir()) == []
