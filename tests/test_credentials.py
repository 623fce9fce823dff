"""Passwords: from the environment and .env, never shown."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cifer_bot.credentials import (
    abroad_account,
    generate_password,
    load_credentials,
    new_password,
    password_variable,
)
from cifer_bot.errors import InputError
from cifer_bot.facilities import rules
from cifer_bot.facilities.models import AccountDetails


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No CIFER_BOT_ variable of the machine, and a working directory of our own."""
    for name in list(os.environ):
        if name.upper().startswith("CIFER_BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    yield


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def details() -> AccountDetails:
    return AccountDetails.model_validate(
        {
            "username": "yarrachoc01",
            "country": "AUS",
            "approval_no": "AU-VIC-04411",
            "enterprise_name": "Yarra Valley Chocolate Pty Ltd",
            "contacts": "Mei Chen",
            "tel": "+61 3 5550 1234",
            "address": "12 Melba Highway, Yarra Glen VIC 3775",
            "email": "export@example.com",
        }
    )


def test_passwords_are_named_by_username_in_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD__yarrachoc01", "Str0ng!pass")
    credentials = load_credentials(env_file=None)
    assert credentials.password_for("yarrachoc01").get_secret_value() == "Str0ng!pass"
    assert credentials.password_for("YarraChoc01").get_secret_value() == "Str0ng!pass"
    assert "Str0ng!pass" not in repr(credentials) and "Str0ng!pass" not in str(credentials)


def test_the_env_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("CIFER_BOT_PASSWORD__barossahill='Wine$1#two'\n")
    credentials = load_credentials()
    # Single quotes: no variable expansion, '#' is no comment.
    assert credentials.password_for("barossahill").get_secret_value() == "Wine$1#two"


def test_the_environment_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("CIFER_BOT_PASSWORD__barossahill='FromFile1!'\n")
    monkeypatch.setenv("CIFER_BOT_PASSWORD__BAROSSAHILL", "FromEnv1!")
    assert load_credentials().password_for("barossahill").get_secret_value() == "FromEnv1!"


def test_tests_can_turn_the_file_off(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("CIFER_BOT_PASSWORD__barossahill='FromFile1!'\n")
    assert load_credentials(env_file=None).password == {}


@pytest.mark.parametrize("stored", [None, ""])
def test_a_missing_password_says_where_it_goes(
    monkeypatch: pytest.MonkeyPatch, stored: str | None
) -> None:
    if stored is not None:
        monkeypatch.setenv("CIFER_BOT_PASSWORD__pmcoldstore", stored)
    with pytest.raises(InputError) as raised:
        load_credentials(env_file=None).password_for("pmcoldstore")
    message = str(raised.value)
    assert "CIFER_BOT_PASSWORD__pmcoldstore" in message
    assert "cifer-bot password new pmcoldstore" in message


def test_a_malformed_setting_does_not_show_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD", "Leak3d!value")
    with pytest.raises(InputError) as raised:
        load_credentials(env_file=None)
    assert "Leak3d!value" not in str(raised.value)
    assert "CIFER_BOT_PASSWORD__<USERNAME>" in str(raised.value)


def test_new_password_writes_the_env_file_with_mode_0600(tmp_path: Path) -> None:
    message = new_password(username="yarrachoc01")
    env = tmp_path / ".env"
    assert mode(env) == 0o600
    stored = load_credentials().password_for("yarrachoc01").get_secret_value()
    assert stored not in message
    assert rules.check_password(stored) == stored
    assert "CIFER_BOT_PASSWORD__yarrachoc01" in message


def test_new_password_keeps_other_entries_and_fixes_the_mode(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("# mine\nOTHER=1\nCIFER_BOT_PASSWORD__barossahill='Wine$1two'\n")
    env.chmod(0o644)
    new_password(username="yarrachoc01", env_file=env)
    assert mode(env) == 0o600
    text = env.read_text()
    assert text.startswith("# mine\nOTHER=1\nCIFER_BOT_PASSWORD__barossahill='Wine$1two'\n")
    assert load_credentials(env_file=env).password.keys() == {"barossahill", "yarrachoc01"}


def test_new_password_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    env = tmp_path / "secrets.env"
    new_password(username="yarrachoc01", env_file=env)
    first = load_credentials(env_file=env).password_for("yarrachoc01").get_secret_value()
    env.chmod(0o644)
    with pytest.raises(InputError, match="--force"):
        new_password(username="YARRACHOC01", env_file=env)
    assert mode(env) == 0o600  # fixed even when refusing
    new_password(username="yarrachoc01", env_file=env, force=True)
    second = load_credentials(env_file=env).password_for("yarrachoc01").get_secret_value()
    assert second != first
    assert env.read_text().count("CIFER_BOT_PASSWORD__") == 1


def test_new_password_refuses_a_bad_username(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be a portal username"):
        new_password(username="a b", env_file=tmp_path / ".env")
    assert not (tmp_path / ".env").exists()


def test_new_password_notes_an_environment_variable_that_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(password_variable("yarrachoc01"), "Other1!pass")
    assert "wins over" in new_password(username="yarrachoc01")


def test_generated_passwords_meet_both_rules() -> None:
    seen = set()
    for _ in range(500):
        password = generate_password().get_secret_value()
        assert rules.check_password(password) == password
        assert len(password) == 16
        # The portal's own rule: at least two kinds, which the guide's rule implies.
        assert not set(password) & set("$#'\"\\` =")
        seen.add(password)
    assert len(seen) == 500
    with pytest.raises(ValueError):
        generate_password(17)


def test_abroad_account_adds_the_stored_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD__yarrachoc01", "Str0ng!pass")
    account = abroad_account(
        details(), password=load_credentials(env_file=None).password_for("yarrachoc01")
    )
    assert account.password.get_secret_value() == "Str0ng!pass"
    assert account.confirm_password.get_secret_value() == "Str0ng!pass"


def test_a_stored_password_too_weak_to_register_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD__yarrachoc01", "weakpassword")
    with pytest.raises(InputError) as raised:
        abroad_account(
            details(), password=load_credentials(env_file=None).password_for("yarrachoc01")
        )
    assert "weakpassword" not in str(raised.value)
    assert "--force" in str(raised.value)


def test_the_example_env_file_documents_the_scheme() -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    text = example.read_text(encoding="utf-8")
    assert "CIFER_BOT_PASSWORD__" in text and "cifer-bot password new" in text
    # A login is never kept on disk: nothing promises a folder of saved sessions.
    assert "SESSION" not in text
