"""Accounts: a refused password costs one login attempt per account across runs (portals
lock accounts), an account created by an earlier run is signed into, and the forced
password change of an account issued by GACC stops the account or, when told, is done.
And a hostile selector map cannot lower the guard."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext
from pydantic import SecretStr

from cifer_bot import browser as browsers
from cifer_bot.credentials import fingerprint
from cifer_bot.floors import NEVER_CLICK
from cifer_bot.journal.logins import user_logins
from cifer_bot.replica import Replica
from cifer_bot.resources import selectors_dir
from cifer_bot.run.setup import DRY_RUN_PORTAL, journal_name
from tests.support.runs import BAROSSA, YARRA, options_for, run_fill, write_facilities

pytestmark = pytest.mark.usefixtures("nothing_submitted")
RIGHT, WRONG = "Cocoa!Secret77", "Wrong!Secret77"


def _live(folder: Path, replica: Replica, *rows: dict[str, Any], **changes: Any) -> Any:
    """A run against the test's replica as if it were the live portal (not a dry run)."""
    settings: dict[str, Any] = {
        "dry_run": False,
        "portal_url": replica.url,
        "captcha": "replica",
        "save_draft": True,
        **changes,
    }
    return options_for(write_facilities(folder, *rows), folder / "out", **settings)


def test_a_wrong_password_costs_one_login_attempt_across_two_runs(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    # Broke: a wrong password was tried once per application of the account (three
    # categories, three failed logins), and again on every run.
    replica.add_account("yarrachoc01", RIGHT)
    three = {**YARRA, "category": "巧克力; 糖果; 其他糖果、巧克力"}
    options = _live(tmp_path, replica, three)
    first = run_fill(browser, options, passwords={"yarrachoc01": WRONG})
    assert first.code == 1
    assert [a["status"] for a in first.report["applications"]] == ["failed"] * 3
    assert len(replica.state.snapshot()["failed_logins"]) == 1
    assert "用户名或密码错误" in first.report["applications"][0]["message"]
    assert "not tried" in first.report["applications"][1]["message"]
    second = run_fill(browser, options, passwords={"yarrachoc01": WRONG})
    assert second.code == 1
    assert len(replica.state.snapshot()["failed_logins"]) == 1
    assert "--retry-login yarrachoc01" in second.report["applications"][0]["message"]
    # a changed password is tried: the right one signs in and fills all three
    third = run_fill(browser, options, passwords={"yarrachoc01": RIGHT})
    assert [a["status"] for a in third.report["applications"]] == ["review"] * 3


def test_a_refused_password_blocks_its_account_whatever_the_out_folder(
    browser: Browser, tmp_path: Path, replica: Replica, user_state_home: Path
) -> None:
    # Broke: the block lived in one --out's journal; each new --out cost one more
    # refused login, and a portal locks the account after a few.
    replica.add_account("yarrachoc01", RIGHT)
    options = _live(tmp_path, replica, YARRA)
    first = run_fill(browser, options, passwords={"yarrachoc01": WRONG})
    assert first.code == 1
    elsewhere = replace(options, out=tmp_path / "elsewhere")
    second = run_fill(browser, elsewhere, passwords={"yarrachoc01": WRONG})
    assert second.code == 1
    message = second.application("yarra-choc")["message"]
    assert message.startswith("not tried: the portal refused the password of yarrachoc01")
    assert "--retry-login yarrachoc01" in message
    assert len(replica.state.snapshot()["failed_logins"]) == 1
    record = user_state_home / "logins.sqlite3"
    assert record.is_file() and WRONG.encode() not in record.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(record.stat().st_mode) == 0o600
    # The right password, in a third folder: tried, and it signs in.
    third = run_fill(
        browser, replace(options, out=tmp_path / "third"), passwords={"yarrachoc01": RIGHT}
    )
    assert third.application("yarra-choc")["status"] == "review", third.stream


def test_a_dry_run_s_refusal_never_blocks_the_live_account(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    refused = fingerprint(SecretStr(RIGHT))
    with user_logins(DRY_RUN_PORTAL) as logins:
        logins.refuse_login("yarrachoc01", refused, "用户名或密码错误", "2026-01-01T00:00")
    replica.add_account("yarrachoc01", RIGHT)
    options = _live(tmp_path, replica, YARRA)
    run = run_fill(browser, options, passwords={"yarrachoc01": RIGHT})
    assert run.application("yarra-choc")["status"] == "review", run.stream
    # The same refusal, recorded for this portal, blocks it.
    with user_logins(journal_name(replica.url, dry_run=False)) as logins:
        logins.refuse_login("yarrachoc01", refused, "用户名或密码错误", "2026-01-01T00:01")
    blocked = run_fill(
        browser,
        replace(options, out=tmp_path / "other", again=True),
        passwords={"yarrachoc01": RIGHT},
    )
    assert blocked.application("yarra-choc")["message"].startswith("not tried: the portal refused")
    assert len(replica.state.snapshot()["logins"]) == 1


def test_a_new_account_s_form_is_filled_once_whatever_its_categories(
    browser: Browser, tmp_path: Path
) -> None:
    # Broke: without --create-accounts, an account with three categories had its
    # registration form filled three times, three account forms to register.
    three = {**BAROSSA, "category": "发酵酒及其配制酒; 蒸馏酒及其配制酒; 茶叶类"}
    run = run_fill(browser, options_for(write_facilities(tmp_path, three), tmp_path / "out"))
    assert run.code == 0, run.stream
    first, *others = run.report["applications"]
    assert [a["state"] for a in run.report["applications"]] == ["account_form"] * 3
    assert first["review_table"] and first["screenshot"]
    for other in others:
        assert other["message"].startswith("waits for its account: the form of barossahill")
        assert first["review_table"] in other["message"]
        assert not other["review_table"] and not other["screenshot"]
    assert run.stream.count("filling the form for barossahill") == 1
    assert run.stream.count("waits for its account: the form of barossahill") == 2
    assert "1 account form to register (2 more applications wait for it)" in run.stream


def test_retry_login_tries_a_refused_password_once_more(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    replica.add_account("yarrachoc01", RIGHT)
    options = _live(tmp_path, replica, YARRA)
    run_fill(browser, options, passwords={"yarrachoc01": WRONG})
    again = _live(tmp_path, replica, YARRA, retry_login=("yarrachoc01",))
    run_fill(browser, again, passwords={"yarrachoc01": WRONG})
    assert len(replica.state.snapshot()["failed_logins"]) == 2


def test_a_captcha_judged_wrong_three_times_stops_the_account_for_the_run(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    replica.add_account("yarrachoc01", RIGHT)
    two = {**YARRA, "category": "巧克力; 糖果"}
    run = run_fill(
        browser,
        _live(tmp_path, replica, two, captcha="prompt"),
        passwords={"yarrachoc01": RIGHT},
        stdin="AAAA\nBBBB\nCCCC\n",
    )
    first, second = run.report["applications"]
    assert "judged wrong 3 times" in first["message"]
    assert second["message"].startswith("not tried: stopped for this run")
    assert replica.state.snapshot()["logins"] == []


def test_an_account_an_earlier_run_created_is_signed_into(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    # The portal's reason, 该用户名已被注册 (the username is registered already), is
    # read from the map's messages: the account exists, and the run signs in to it.
    replica.add_account("barossahill", RIGHT)
    run = run_fill(
        browser,
        _live(tmp_path, replica, BAROSSA, create_accounts=True),
        passwords={"barossahill": RIGHT},
    )
    assert run.application("barossa-wines")["status"] == "review", run.stream
    assert "该用户名已被注册" in run.stream
    state = replica.state.snapshot()
    assert len(state["register_posts"]) == 1 and state["accounts_created"] == []


def test_a_dry_run_signs_into_the_account_an_earlier_dry_run_created(
    browser: Browser, tmp_path: Path
) -> None:
    # Each dry run serves a new replica: the account the first run created is there
    # again for the second, which signs in (it used to be refused: `make demo` twice).
    options = options_for(write_facilities(tmp_path, BAROSSA), tmp_path / "out")
    first = run_fill(browser, replace(options, create_accounts=True))
    assert first.state["accounts_created"] != [] and first.code == 0, first.stream
    second = run_fill(browser, replace(options, create_accounts=True, again=True))
    assert second.application("barossa-wines")["status"] == "review", second.stream
    assert second.state["register_posts"] == []
    assert [login["username"] for login in second.state["logins"]] == ["barossahill"]


def test_the_forced_password_change_stops_the_account_and_says_what_to_do(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    replica.add_account("yarrachoc01", RIGHT, kind="authority", must_change_password=True)
    run = run_fill(browser, _live(tmp_path, replica, YARRA), passwords={"yarrachoc01": RIGHT})
    yarra = run.application("yarra-choc")
    assert yarra["status"] == "failed"
    for said in ("首次登录请修改密码", "password new yarrachoc01 --force", "--change-password"):
        assert said in yarra["message"]
    assert replica.state.snapshot()["password_changes"] == []


def test_change_password_fills_the_change_form_and_goes_on(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    new = "Fresh!Cocoa2026"
    replica.add_account("yarrachoc01", RIGHT, kind="authority", must_change_password=True)
    run = run_fill(
        browser,
        _live(tmp_path, replica, YARRA, change_password=True),
        passwords={"yarrachoc01": new},
        environment={"CIFER_BOT_PASSWORD_OLD__yarrachoc01": RIGHT},
    )
    assert run.application("yarra-choc")["status"] == "review", run.stream
    assert len(replica.state.snapshot()["password_changes"]) == 1
    assert replica.state.check_login("yarrachoc01", _md5(new)) is not None
    assert replica.state.check_login("yarrachoc01", _md5(RIGHT)) is None
    failures = len(replica.state.snapshot()["failed_logins"])  # the line above: one
    # The next run signs in with the new password: the change is journalled, not redone.
    again = run_fill(
        browser,
        _live(tmp_path, replica, YARRA, change_password=True, again=True),
        passwords={"yarrachoc01": new},
        environment={"CIFER_BOT_PASSWORD_OLD__yarrachoc01": RIGHT},
    )
    assert again.application("yarra-choc")["status"] == "review", again.stream
    state = replica.state.snapshot()
    assert len(state["password_changes"]) == 1
    assert len(state["failed_logins"]) == failures, again.stream
    journal = (tmp_path / "out" / "state" / "journal.sqlite3").read_bytes()
    assert b"password_changed" in journal
    assert new.encode() not in journal and RIGHT.encode() not in journal


def test_a_refused_old_password_is_named_as_the_old_one(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    replica.add_account("yarrachoc01", RIGHT, kind="authority", must_change_password=True)
    run = run_fill(
        browser,
        _live(tmp_path, replica, YARRA, change_password=True),
        passwords={"yarrachoc01": "Fresh!Cocoa2026"},
        environment={"CIFER_BOT_PASSWORD_OLD__yarrachoc01": WRONG},
    )
    yarra = run.application("yarra-choc")
    assert yarra["status"] == "failed"
    assert "old password" in yarra["message"]
    assert "CIFER_BOT_PASSWORD_OLD__yarrachoc01" in yarra["message"]
    assert len(replica.state.snapshot()["failed_logins"]) == 1


def _md5(text: str) -> str:
    from cifer_bot.replica.state import md5_hex

    return md5_hex(text)


def _hostile_map(folder: Path, *, hosts: list[str], css: str = "button[value=submit]") -> Path:
    """A map whose never_click list is emptied and whose 暂存 entry points at the
    application form's 提交 button (`css`)."""
    raw = yaml.safe_load((selectors_dir() / "2021-11-26.yaml").read_text(encoding="utf-8"))
    raw["never_click"] = []
    raw["portal"]["allowed_hosts"] = hosts
    [form] = [page for page in raw["pages"] if page["name"] == "form"]
    for entry in form["entries"]:
        if entry["name"] == "save_draft":
            entry.pop("label")
            entry["css"] = css
    hostile = folder / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return hostile


def test_a_hostile_map_cannot_make_the_tool_submit_or_go_elsewhere(
    browser: Browser, tmp_path: Path, replica: Replica, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Broke: a map whose never_click list was replaced and whose 暂存 entry pointed at
    # the submit button made the replica record submissions.
    hostile = _hostile_map(tmp_path, hosts=["cifer.hostile.example"])
    replica.add_account("yarrachoc01", RIGHT)
    hosts: set[str | None] = set()
    opened = browsers.new_context

    def watched(*args: Any, **kwargs: Any) -> BrowserContext:
        context = opened(*args, **kwargs)
        context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
        return context

    monkeypatch.setattr(browsers, "new_context", watched)
    run = run_fill(
        browser,
        _live(tmp_path, replica, YARRA, selectors=str(hostile)),
        passwords={"yarrachoc01": RIGHT},
    )
    assert hosts == {"127.0.0.1"}
    yarra = run.application("yarra-choc")
    assert yarra["status"] == "failed", run.stream
    assert "refused to click" in yarra["message"], run.stream
    assert replica.state.snapshot()["submissions"] == []
    assert "The selector map adds hosts the tool may talk to: cifer.hostile.example" in run.stream


# The submit button rewritten, in every frame the run loads, to read one caption alone:
# its value too (`submit` would read as the caption Submit), to one the replica still
# takes as the final submission (anything but `draft`).
_CAPTION = """(caption) => document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[value=submit]")) {
    button.textContent = caption;
    button.setAttribute("value", "final");
  }
})"""


# The final submission's captions the floor holds, written here and not read from the
# code: a caption dropped from the floor drops no case of this test.
FLOOR = ("提交", "确认提交", "提交申请", "确定提交", "正式提交", "Submit")


def test_the_floor_holds_every_caption_of_the_final_submission() -> None:
    assert set(FLOOR) <= set(NEVER_CLICK)


@pytest.mark.parametrize("caption", FLOOR)
def test_each_built_in_caption_alone_stops_a_hostile_map(
    browser: Browser,
    tmp_path: Path,
    replica: Replica,
    monkeypatch: pytest.MonkeyPatch,
    caption: str,
) -> None:
    # Broke (on purpose): with 提交 removed from the floor, the end-to-end guard test
    # still passed, since another caption on the button stopped it too. Here the final
    # button reads one built-in caption and nothing else.
    hostile = _hostile_map(tmp_path, hosts=[], css="button[value=final]")
    replica.add_account("yarrachoc01", RIGHT)
    opened = browsers.new_context

    def rewritten(*args: Any, **kwargs: Any) -> BrowserContext:
        context = opened(*args, **kwargs)
        context.add_init_script(f"({_CAPTION})({json.dumps(caption)})")
        return context

    monkeypatch.setattr(browsers, "new_context", rewritten)
    run = run_fill(
        browser,
        _live(tmp_path, replica, YARRA, selectors=str(hostile)),
        passwords={"yarrachoc01": RIGHT},
    )
    yarra = run.application("yarra-choc")
    assert yarra["status"] == "failed", run.stream[-3000:]
    assert "refused to click" in yarra["message"] and repr(caption) in yarra["message"]
    assert replica.state.snapshot()["submissions"] == []
