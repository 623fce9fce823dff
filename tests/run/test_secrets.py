"""No secret on disk or in the run's output: a traced run (`--trace`) that creates an
account, changes a forced password and signs in with captchas typed on standard input
leaves no password, no password's MD5 hex (what the portal's page sends) and no captcha
answer in any file it wrote, traces unzipped, nor in what it printed. The replica's
captchas have eight characters here, so a hit cannot be chance."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil
import pytest
from playwright.sync_api import Page, expect

from cifer_bot.replica import Replica
from tests.support.processes import TIMEOUT_S, fill_process, latest_captcha
from tests.support.runs import facility_row, write_facilities

EXISTING = facility_row("alpha-choc", "alphachoc01", account_exists=True)
NEW = facility_row("gamma-jams", "gammajams01", account_exists=False, category="果酱")
FORCED = facility_row("delta-teas", "deltateas01", account_exists=True, category="茶叶类")
PASSWORDS = {
    "alphachoc01": "Alpha!Cocoa2026",
    "gammajams01": "Gamma!Jams2026",
    "deltateas01": "Delta!Teas2026",
}
OLD = "Delta!Old2021x"


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, and every member of a zip (a trace holds zips), recursively."""
    data = path.read_bytes()
    yield str(path), data
    yield from _members(str(path), data)


def _members(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            inner = archive.read(member)
            yield f"{name}!{member}", inner
            yield from _members(f"{name}!{member}", inner)


def _forms(secret: str) -> list[bytes]:
    """The ways a secret can be written: as typed, URL-encoded, as the page's MD5."""
    md5 = hashlib.md5(secret.encode()).hexdigest()
    return [secret.encode(), quote(secret).encode(), md5.encode(), md5.upper().encode()]


@dataclass
class Traced:
    """The traced run: its folder, what it printed, the captchas typed, the replica."""

    folder: Path
    code: int
    printed: str
    answers: list[str]
    state: dict[str, Any]


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Traced:
    folder = tmp_path_factory.mktemp("traced")
    write_facilities(folder, EXISTING, NEW, FORCED)
    (folder / ".env").write_text(f"CIFER_BOT_PASSWORD_OLD__deltateas01={OLD}\n")
    answers: list[str] = []
    with Replica(captcha_length=8) as replica:
        replica.add_account("alphachoc01", PASSWORDS["alphachoc01"])
        replica.add_account("deltateas01", OLD, kind="authority", must_change_password=True)
        run = fill_process(
            folder,
            replica,
            "--trace",
            "--create-accounts",
            "--change-password",
            passwords=PASSWORDS,
            captcha="prompt",
            stdin=subprocess.PIPE,  # the test types the captchas, as a person would
        )
        stdin, stdout, stderr = run.stdin, run.stdout, run.stderr
        assert stdin is not None and stdout is not None and stderr is not None
        printed: list[str] = []
        reader = threading.Thread(target=lambda: printed.append(stdout.read()))
        reader.start()
        for line in stderr:  # a person at the terminal: each prompt, then its answer
            printed.append(line)
            if line.startswith("Captcha for "):
                answers.append(latest_captcha(replica))
                stdin.write(answers[-1] + "\n")
                stdin.flush()
        run.wait(TIMEOUT_S)
        reader.join()
        state = replica.state.snapshot()
    return Traced(folder, run.returncode, "".join(printed), answers, state)


def test_a_traced_run_leaves_no_password_hash_or_captcha_answer_anywhere(
    traced: Traced,
) -> None:
    assert traced.code == 0, traced.printed
    state, answers = traced.state, traced.answers
    assert len(state["password_changes"]) == 1 and state["accounts_created"] == ["gammajams01"]
    assert len(answers) >= 3 and all(len(answer) == 8 for answer in answers)
    traces = sorted((traced.folder / "out").rglob("trace.zip"))
    assert len(traces) == 3, traces
    secrets = {
        **{f"password of {user}": pw for user, pw in PASSWORDS.items()},
        "old password": OLD,
        **{f"captcha answer {n}": answer for n, answer in enumerate(answers, 1)},
    }
    files = [p for p in (traced.folder / "out").rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    found = [
        f"{what} in {name}"
        for path in files
        for name, data in _contents(path)
        for what, secret in secrets.items()
        if any(form in data for form in _forms(secret))
    ]
    found += [
        f"{what} in the run's output"
        for what, secret in secrets.items()
        if any(form.decode() in traced.printed for form in _forms(secret))
    ]
    assert not found, "\n".join(found)


def test_a_trace_opens_in_playwright_show_trace(traced: Traced, page: Page) -> None:
    # The login came as 综合查询 was read, before the first application was filled: its
    # trace lies beside the application's own, which holds the form's fields.
    [trace] = (traced.folder / "out" / "alpha-choc").rglob("query-trace.zip")
    with zipfile.ZipFile(trace.with_name("trace.zip")) as form:
        events = b"".join(form.read(name) for name in form.namelist() if name.endswith(".trace"))
    assert b'"value":"Alpha-Choc Pty Ltd"' in events.replace(b": ", b":")
    viewer = subprocess.Popen(
        [sys.executable, "-m", "playwright", "show-trace", "-h", "127.0.0.1", "-p", "0", trace],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert viewer.stdout is not None
        said = ""
        address = None
        while address is None and (line := viewer.stdout.readline()):
            said += line  # Listening on http://127.0.0.1:PORT
            address = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert address, said
        page.goto(address.group(0) + "/")
        actions = page.locator(".action-title")
        # Both stretches of the trace, around the login's pause: the username typed before
        # it, the click on 综合查询 after it.
        expect(actions.filter(has_text='Fill "alphachoc01"')).to_have_count(1)
        expect(actions.filter(has_text="Click").last).to_be_visible()
        expect(page.get_by_text("alphachoc01 综合查询").first).to_be_visible()
    finally:  # the viewer is Node.js under a Python launcher: end them both
        for process in [*psutil.Process(viewer.pid).children(recursive=True)]:
            process.kill()
        viewer.kill()
        viewer.communicate()
