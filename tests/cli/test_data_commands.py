"""The data commands: categories, template, validate and password new."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cifer_bot.cli import app
from cifer_bot.credentials import load_credentials
from tests.support.facility_rows import batch, good_row, write_all, write_documents, write_yaml

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "facilities.yaml"


@pytest.fixture(autouse=True)
def no_credentials_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("CIFER_BOT_"):
            monkeypatch.delenv(name)


def test_categories_prints_a_bilingual_table() -> None:
    result = runner.invoke(app, ["categories"])
    assert result.exit_code == 0, result.output
    assert "D248-A9-CONF-CHOC" in result.output and "巧克力" in result.output
    assert "Chocolate" in result.output and "乳品" in result.output


def test_categories_for_self_registration_as_json() -> None:
    result = runner.invoke(app, ["categories", "--self-registration", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"] and all(item["group"] == "article9" for item in data["items"])


def test_template_writes_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "facilities.xlsx"
    result = runner.invoke(app, ["template", str(path)])
    assert result.exit_code == 0, result.output
    assert path.is_file()
    again = runner.invoke(app, ["template", str(path)])
    assert again.exit_code == 2
    assert "--force" in again.output


def test_validate_the_example_passes() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "all 3 valid" in result.output


@pytest.mark.parametrize("kind", ["xlsx", "csv", "yaml", "json"])
def test_validate_reports_every_mistake_once_and_exits_2(tmp_path: Path, kind: str) -> None:
    rows, mistakes = batch()
    files = write_all(tmp_path, rows)
    result = runner.invoke(app, ["validate", str(files[kind])])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == len(mistakes) + 1
    assert all(line.startswith("row ") for line in lines[:-1])
    assert "40 rows, 20 valid" in lines[-1]


def test_validate_json(tmp_path: Path) -> None:
    rows, mistakes = batch()
    files = write_all(tmp_path, rows)
    result = runner.invoke(app, ["validate", str(files["yaml"]), "--json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["ok"] is False
    assert data["rows"] == 40 and len(data["valid_rows"]) == 20
    assert len(data["problems"]) == len(mistakes)
    first = data["problems"][0]
    assert set(first) == {
        "row",
        "facility",
        "field",
        "label_en",
        "label_zh",
        "value",
        "rule",
        "header",
    }
    assert first["label_zh"] == "用户名"


def test_validate_a_good_file_as_json(tmp_path: Path) -> None:
    write_documents(tmp_path)
    path = write_yaml(tmp_path / "f.yaml", [good_row(1)])
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["ok"] is True


def test_validate_an_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.output.startswith("error: no such file")


def test_password_new_stores_and_never_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["password", "new", "yarrachoc01"])
    assert result.exit_code == 0, result.output
    env = tmp_path / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    password = load_credentials().password_for("yarrachoc01").get_secret_value()
    assert password not in result.output
    again = runner.invoke(app, ["password", "new", "yarrachoc01"])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(app, ["password", "new", "yarrachoc01", "--force"])
    assert forced.exit_code == 0
    assert load_credentials().password_for("yarrachoc01").get_secret_value() != password


def test_password_new_to_another_file(tmp_path: Path) -> None:
    env = tmp_path / "secrets.env"
    result = runner.invoke(app, ["password", "new", "barossahill", "--env-file", str(env)])
    assert result.exit_code == 0, result.output
    assert "barossahill" in load_credentials(env_file=env).password


def test_version_is_the_package_s_as_released() -> None:
    root = Path(__file__).resolve().parents[2]
    released = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"cifer-bot {released['project']['version']}\n"
