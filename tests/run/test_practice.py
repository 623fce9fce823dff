"""`cifer-bot replica --accounts FILE`: the replica for practice by hand holds the
accounts of a facility file, with the passwords `fill` would use, and never prints one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cifer_bot.errors import InputError
from cifer_bot.replica import Replica
from cifer_bot.run.practice import practice_accounts
from tests.support.http_client import Client
from tests.support.runs import BAROSSA, YARRA, write_facilities

PASSWORD = "Practise-2021!ok"
OTHER = "Barossa-2021!ok"


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the working folder
    return tmp_path


def test_each_account_of_the_file_signs_in_on_the_replica(
    no_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD__yarrachoc01", PASSWORD)
    monkeypatch.setenv("CIFER_BOT_PASSWORD__barossahill", OTHER)
    accounts, told = practice_accounts(write_facilities(no_env, YARRA, BAROSSA))
    assert [account.username for account in accounts] == ["yarrachoc01", "barossahill"]
    with Replica() as replica:
        for account in accounts:
            replica.add_account(account.username, account.password, kind=account.kind)
        client = Client(replica.url)
        client.login("barossahill", OTHER)
        assert replica.state.snapshot()["logins"][-1]["username"] == "barossahill"
    said = "\n".join(told)
    assert "CIFER_BOT_PASSWORD__yarrachoc01" in said and "yarrachoc01" in said
    assert PASSWORD not in said


def test_a_facility_without_a_password_is_named_and_left_out(
    no_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIFER_BOT_PASSWORD__yarrachoc01", PASSWORD)
    accounts, told = practice_accounts(write_facilities(no_env, YARRA, BAROSSA))
    assert [account.username for account in accounts] == ["yarrachoc01"]
    [left_out] = [line for line in told if "not created" in line]
    assert "barossa-wines" in left_out and "cifer-bot password new barossahill" in left_out


def test_a_file_with_no_password_at_all_is_refused(no_env: Path) -> None:
    with pytest.raises(InputError, match="no account to create"):
        practice_accounts(write_facilities(no_env, YARRA))
