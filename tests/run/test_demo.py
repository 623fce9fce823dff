"""`cifer-bot demo`: the six steps with the overlay, the trainee's pace, the recording
and its handout, and the live portal's floor (never 立即注册 or 暂存), on the replica."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Browser, Page

import cifer_bot
from cifer_bot.browser.video import webm_seconds
from cifer_bot.floors import holds_never_click
from cifer_bot.labels import has_cjk
from cifer_bot.options import DemoOptions
from cifer_bot.portal.guard import Clicker
from cifer_bot.replica import Replica
from cifer_bot.run import demo as demo_module
from cifer_bot.run import review_stop
from cifer_bot.selector_map import load_selector_map
from cifer_bot.steps.narration import END_PROMPT, PROMPT
from tests.support.demos import Demo, contains, overlaps, run_demo
from tests.support.runs import BAROSSA, YARRA, write_facilities

PASSWORD = "Demo-Pass-2021!x"
STEP_PAGES = ("landing", "portal", "login", "home", "categories", "form")


@pytest.fixture(scope="module")
def recorded(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> tuple[Demo, Path]:
    """One recorded demo with --autoplay on the replica, for the checks below."""
    folder = tmp_path_factory.mktemp("demo")
    shots: list[int] = []
    screenshot = review_stop.whole_page_screenshot

    def watched(page: Page, path: Path) -> None:
        # what the review screenshot is taken of: the page without the overlay
        shots.append(page.locator("cifer-bot-overlay").count())
        screenshot(page, path)

    ran = run_demo(
        browser,
        folder,
        DemoOptions(autoplay=True, record=folder / "out", speed="normal"),
        passwords={"yarrachoc01": PASSWORD},
        patch=lambda patch: patch.setattr(review_stop, "whole_page_screenshot", watched),
    )
    assert ran.code == 0, ran.stream
    assert shots == [0], "the review screenshot was taken with the overlay on the page"
    return ran, folder / "out"


def test_the_overlay_captions_each_of_the_six_steps(recorded: tuple[Demo, Path]) -> None:
    ran, _ = recorded
    selectors = load_selector_map("2021-11-26")
    headings = {drawn.heading for drawn in ran.drawn}
    for number, page in enumerate(STEP_PAGES, start=1):
        caption = selectors.caption(page)
        assert caption.step == number
        assert caption.heading in headings, f"no overlay showed {caption.heading!r}"
    assert "Step 3 of 6: Log in (登录)" in headings


def test_the_overlay_never_covers_the_control_in_use(recorded: tuple[Demo, Path]) -> None:
    ran, _ = recorded
    assert len(ran.drawn) > 20
    for drawn in ran.drawn:
        parts, control = drawn.parts, drawn.control
        where = f"{drawn.heading}: {drawn.action}"
        assert not overlaps(parts["bar"], control), f"the bar covers the control at {where}"
        if parts["tag"] is not None:
            assert not overlaps(parts["tag"], control), f"the label covers it at {where}"
        # the outline is a ring around the control, its inside left clear
        assert contains(parts["ring"], control, inset=3), f"the outline is not around {where}"


def test_a_secret_is_shown_as_dots_by_the_overlay(recorded: tuple[Demo, Path]) -> None:
    ran, _ = recorded
    said = [drawn.action for drawn in ran.drawn]
    assert "Typing Password: ••••••••" in said
    assert "Typing Enterprise name: Yarra Valley Chocolate Pty Ltd" in said
    assert not [text for text in said if PASSWORD in text]
    assert not [text for text in said for code in ran.captchas if code in text]


class _Blocks(HTMLParser):
    """The text of each block of a page (paragraph, heading, table row, list item)."""

    BLOCKS: ClassVar[set[str]] = {"title", "h1", "h2", "h3", "p", "li", "tr", "figcaption"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.blocks: list[str] = []
        self.images: list[str] = []
        self.sections: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in self.BLOCKS:
            self.open.append([])
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "section":
            self.sections.append(found.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self.open:
            self.blocks.append("".join(self.open.pop()))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1].append(data)


def test_the_handout_has_six_steps_each_with_a_picture(recorded: tuple[Demo, Path]) -> None:
    _, out = recorded
    page = (out / "handout.html").read_text(encoding="utf-8")
    parsed = _Blocks()
    parsed.feed(page)
    steps = [f"step-{n}" for n in range(1, 7)]
    assert [name for name in parsed.sections if name != "step-0"] == steps
    for name in steps:
        section = page.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]
        assert '<img src="data:image/jpeg;base64,' in section, f"{name} has no picture"
    assert 'src="http' not in page and "src='http" not in page  # self-contained


def test_the_handout_gives_english_beside_every_chinese_label(
    recorded: tuple[Demo, Path],
) -> None:
    _, out = recorded
    parsed = _Blocks()
    parsed.feed((out / "handout.html").read_text(encoding="utf-8"))
    chinese = [block for block in parsed.blocks if has_cjk(block)]
    assert len(chinese) > 30
    for block in chinese:
        assert re.search(r"[A-Za-z]{3,}", block), f"no English beside: {block!r}"
    assert any("企业名称" in block and "Enterprise name" in block for block in chinese)


def test_the_handout_holds_no_password_or_captcha_answer(recorded: tuple[Demo, Path]) -> None:
    ran, out = recorded
    assert ran.captchas, "the replica drew no captcha"
    page = (out / "handout.html").read_text(encoding="utf-8")
    text = re.sub(r'src="data:[^"]*"', "", page)
    assert PASSWORD not in text
    for code in ran.captchas:
        assert not re.search(rf"\b{code}\b", text), f"captcha answer {code} in the handout"
    assert "Type: ••••••••" in text
    # the login's picture: the image of the code is blanked out, in that picture only
    login = page.split('id="step-3"', 1)[1].split("</section>", 1)[0]
    assert "The captcha's image is blanked out here." in login
    assert text.count("blanked out") == 1


def test_the_recording_leaves_a_video_and_a_pdf(recorded: tuple[Demo, Path]) -> None:
    ran, out = recorded
    assert (out / "demo.webm").stat().st_size > 10_000
    assert (out / "handout.pdf").read_bytes().startswith(b"%PDF")
    assert f"video:   {out / 'demo.webm'}" in ran.stream
    assert not (out / ".video").exists()


def test_the_trainee_sets_the_pace_with_enter(browser: Browser, tmp_path: Path) -> None:
    # Enter in the terminal (a pipe here) ends each wait: six steps, then the end.
    read, write = os.pipe()
    stdin = os.fdopen(read, "r")

    class Trainee(io.StringIO):
        def write(self, text: str) -> int:
            if PROMPT in text or END_PROMPT in text:
                os.write(write, b"\n")
            return super().write(text)

    try:
        ran = run_demo(
            browser,
            tmp_path,
            DemoOptions(speed="normal"),
            stdin=stdin,
            stream=Trainee(),
            # the trainee presses Enter; the replica reads the captcha for this test
            patch=lambda patch: patch.setattr(
                DemoOptions, "captcha", property(lambda _: "replica")
            ),
        )
    finally:
        os.close(write)
    assert ran.code == 0, ran.stream
    assert ran.stream.count(PROMPT) == 6
    assert ran.stream.count(END_PROMPT) == 1


def test_a_live_demo_presses_neither_register_nor_save(
    browser: Browser, tmp_path: Path, replica: Replica
) -> None:
    replica.add_account("yarrachoc01", PASSWORD)
    facilities = write_facilities(tmp_path, YARRA, BAROSSA)
    for name in ("yarra-choc", "barossa-wines"):
        ran = run_demo(
            browser,
            tmp_path,
            DemoOptions(
                facility_file=facilities,
                only=name,
                live=True,
                portal_url=replica.url,
                autoplay=True,
                speed="normal",
            ),
            passwords={"yarrachoc01": PASSWORD, "barossahill": PASSWORD},
        )
        assert ran.code == 0, ran.stream
    state = replica.state.snapshot()
    assert (state["register_posts"], state["drafts"], state["submissions"]) == ([], [], [])
    assert "The demo ended: account form filled" in ran.stream
    assert "never presses 立即注册 or 暂存" in ran.stream


def test_the_live_demos_guard_refuses_register_and_save() -> None:
    guarded = demo_module._guarded(load_selector_map("2021-11-26"))
    clicker = Clicker(guarded.never_click)
    for caption in ("立即注册", "暂存", "提交"):
        assert clicker.is_forbidden([caption]), caption
    assert not holds_never_click("登录", guarded.never_click)


def test_a_headed_demo_under_a_virtual_display_leaves_a_video(tmp_path: Path) -> None:
    # The command as a trainer runs it from the README, in a window: under xvfb-run where
    # Linux has no display (`make test` installs Debian's xvfb).
    command = [sys.executable, "-m", "cifer_bot", "demo", "--autoplay", "--record", "out"]
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        xvfb = shutil.which("xvfb-run")
        assert xvfb is not None, "xvfb-run is missing: `make test` installs Debian's xvfb"
        command = [xvfb, "-a", *command]
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("CIFER_BOT_")}
    # the package under test, wherever the working folder is
    checkout = str(Path(cifer_bot.__file__).resolve().parents[1])
    environment["PYTHONPATH"] = os.pathsep.join([checkout, environment.get("PYTHONPATH", "")])
    done = subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    video = tmp_path / "out" / "demo.webm"
    seconds = webm_seconds(video)
    assert seconds is not None and seconds >= 20, f"{video}: {seconds} s"
    assert (tmp_path / "out" / "handout.html").is_file()
    assert "[6/6] Application form" in done.stderr
    # Broke: the video was 0644 (Playwright writes it so), its folder 0755.
    made = [tmp_path / "out", *sorted((tmp_path / "out").rglob("*"))]
    loose = [
        f"{path} {stat.S_IMODE(path.stat().st_mode):o}"
        for path in made
        if stat.S_IMODE(path.stat().st_mode) != (0o700 if path.is_dir() else 0o600)
    ]
    assert loose == []
