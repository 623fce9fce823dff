"""`--console`: the loopback page a person at the run opens in a browser. It shows each
captcha waiting with a box for its answer; an answer typed there signs the account in;
it shows each application's state with links to its review screenshot and table; and
it answers only at its token's address and only to loopback names."""

from __future__ import annotations

import http.client
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from cifer_bot.replica import Replica
from tests.support.processes import TIMEOUT_S, fill_process, latest_captcha
from tests.support.runs import facility_row, write_facilities

PASSWORD = "Console!2026ok"
ROWS = [
    facility_row("alpha-choc", "alphachoc01", account_exists=True),
    facility_row("beta-jams", "betajams01", account_exists=True, category="果酱"),
]


def _status(url: str, path: str, host: str) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def _answer(page: Page, replica: Replica, username: str) -> None:
    box = page.get_by_label(f"code shown in the image for {username}")
    expect(box).to_be_visible(timeout=TIMEOUT_S * 1000)
    expect(page.get_by_alt_text(f"captcha for {username}")).to_be_visible()
    box.fill(latest_captcha(replica))
    box.press("Enter")


def test_the_console_shows_a_captcha_and_its_answer_signs_the_account_in(
    tmp_path: Path, page: Page
) -> None:
    write_facilities(tmp_path, *ROWS)
    with Replica() as replica:
        for row in ROWS:
            replica.add_account(row["username"], PASSWORD)
        run = fill_process(
            tmp_path,
            replica,
            "--console",
            passwords={row["username"]: PASSWORD for row in ROWS},
            captcha="prompt",
            stdin=subprocess.DEVNULL,  # nobody at the terminal: the console only
        )
        said: list[str] = []
        found = threading.Event()

        def read(stream: object) -> None:
            for line in stream:  # type: ignore[attr-defined]
                said.append(line)
                if line.startswith("Console: "):
                    found.set()
            found.set()  # the run ended without one: the test says so below

        readers = [threading.Thread(target=read, args=(s,)) for s in (run.stdout, run.stderr)]
        for reader in readers:
            reader.start()
        assert found.wait(TIMEOUT_S)
        printed = "".join(said)
        address = re.search(r"Console: (http://127\.0\.0\.1:\d+/[\w-]+/)", printed)
        assert address, printed
        url = address.group(1)

        page.goto(url)
        _answer(page, replica, "alphachoc01")
        # The first account's application is done while the second waits for its captcha.
        expect(page.get_by_label("code shown in the image for betajams01")).to_be_visible(
            timeout=TIMEOUT_S * 1000
        )
        expect(page.get_by_label("code shown in the image for alphachoc01")).to_have_count(0)
        finished = page.locator("#finished tr", has_text="alpha-choc")
        expect(finished).to_contain_text("review")
        with page.expect_popup() as opened:
            finished.get_by_role("link", name="screenshot").click()
        picture = opened.value
        expect(picture.locator("img")).to_be_visible()
        assert picture.evaluate("document.contentType") == "image/png"
        picture.close()

        # Only loopback names, only under the token, only the run's review files.
        port = urlsplit(url).port
        token_path = urlsplit(url).path
        assert _status(url, token_path, f"127.0.0.1:{port}") == 200
        assert _status(url, token_path, f"localhost:{port}") == 200
        assert _status(url, token_path, f"attacker.example:{port}") == 403
        assert _status(url, "/state", f"127.0.0.1:{port}") == 404
        assert _status(url, f"{token_path}file?path=facilities.yaml", f"127.0.0.1:{port}") == 404

        _answer(page, replica, "betajams01")
        run.wait(TIMEOUT_S)
        for reader in readers:
            reader.join()
        state = replica.state.snapshot()

    printed = "".join(said)
    assert run.returncode == 0, printed
    assert [login["username"] for login in state["logins"]] == ["alphachoc01", "betajams01"]
    assert len(state["drafts"]) == 2
    assert printed.count(url) == 1  # printed once
