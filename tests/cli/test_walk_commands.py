"""`cifer-bot fill` and `cifer-bot selectors check` as a person runs them: the command
line in its own process, its exit codes and its messages.

Each command starts its own Playwright and browser, as it does for a user; the
replica it serves for `--dry-run` lives and dies with the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cifer_bot.resources import selectors_dir
from tests.support.runs import YARRA, facility_row, write_facilities

TIMEOUT_S = 120


def cifer_bot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command line with no password of the machine and no .env."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CIFER_BOT_")}
    return subprocess.run(
        [sys.executable, "-m", "cifer_bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


# --- fill -----------------------------------------------------------------------------


def test_fill_dry_run_reaches_review_and_exits_0(tmp_path: Path) -> None:
    facilities = write_facilities(tmp_path, YARRA)
    done = cifer_bot("fill", str(facilities), "--dry-run", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Portal: the offline replica at http://127.0.0.1:" in done.stderr
    for step in ("[1/6] Landing page", "[3/6] Log in", "[6/6] Application form"):
        assert step in done.stderr
    assert "Done: 1 at the review stop, 0 account forms to register, 0 filled with" in done.stderr
    assert "0 failed" in done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["status"] for a in report["applications"]] == ["review"]
    assert report["applications"][0]["draft_saved"] is True


def test_fill_with_an_invalid_row_fills_the_others_and_exits_2(tmp_path: Path) -> None:
    bad = {**facility_row("bad-site", "badsite01", account_exists=True), "country": "Atlantis"}
    facilities = write_facilities(tmp_path, YARRA, bad)
    done = cifer_bot("fill", str(facilities), "--dry-run", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert 'invalid: row 2, "bad-site": country (所在国家或地区)' in done.stderr
    assert "Done: 1 at the review stop" in done.stderr


def test_fill_that_fails_at_the_portal_exits_1(tmp_path: Path) -> None:
    facilities = write_facilities(tmp_path, YARRA)
    done = cifer_bot(
        "fill",
        str(facilities),
        "--dry-run",
        "--fault",
        "http500:categories",
        "--retries",
        "0",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "FAILED: step 5 (food category): the portal answered HTTP 500" in done.stderr
    assert "0 at the review stop" in done.stderr and "1 failed" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--captcha", "ocr"], "error: --captcha must be one of prompt, browser, replica"),
        (["--captcha", "browser"], "error: --captcha browser needs --headed"),
        (["--portal-url", "http://127.0.0.1:9/"], "error: --dry-run serves its own replica"),
        (["--fault", "slow:x"], "error: unknown fault 'slow:x'"),
        (["--selectors", "1999-01-01"], "error: no selector map for version 1999-01-01"),
    ],
)
def test_fill_refuses_bad_options_with_one_sentence_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    facilities = write_facilities(tmp_path, YARRA)
    done = cifer_bot("fill", str(facilities), "--dry-run", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith(message), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "cifer-bot-out" / "report.json").exists()


def test_fill_refuses_a_portal_off_its_hosts(tmp_path: Path) -> None:
    facilities = write_facilities(tmp_path, YARRA)
    done = cifer_bot("fill", str(facilities), "--portal-url", "https://example.com/", cwd=tmp_path)
    assert done.returncode == 2
    assert "is neither on one of the portal's hosts" in done.stderr
    assert "Traceback" not in done.stderr


def test_fill_of_a_missing_file_says_so(tmp_path: Path) -> None:
    done = cifer_bot("fill", "nowhere.yaml", "--dry-run", cwd=tmp_path)
    assert done.returncode == 2
    assert "nowhere.yaml" in done.stderr and "does not exist" in done.stderr


# --- selectors check ------------------------------------------------------------------


def test_selectors_check_on_the_replica_finds_every_entry_and_exits_0(tmp_path: Path) -> None:
    done = cifer_bot("selectors", "check", "--dry-run", "--out", "check", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last == "60 entries: 56 found, 4 not met.", last
    assert (tmp_path / "check" / "selectors-check.json").is_file()


def test_selectors_check_with_a_label_the_page_lacks_exits_1(tmp_path: Path) -> None:
    text = (selectors_dir() / "2021-11-26.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("label: 企业名称,", "label: 公司名称,"), encoding="utf-8")
    done = cifer_bot(
        "selectors", "check", "--dry-run", "--selectors", str(broken), "--json", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert report["counts"] == {"found": 55, "not found": 1, "not met": 4}
    [missing] = [e for e in report["entries"] if e["result"] == "not found"]
    assert (missing["page"], missing["entry"], missing["label"]) == (
        "form",
        "enterprise_name",
        "公司名称",
    )
    # the label the page does show is the nearest suggestion
    assert missing["nearest"][0]["label"] == "企业名称"


def test_selectors_check_refuses_the_replica_captcha_for_the_live_portal(tmp_path: Path) -> None:
    done = cifer_bot("selectors", "check", "--captcha", "replica", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: the replica captcha solver works only with the offline replica" in done.stderr
