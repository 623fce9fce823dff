"""The captcha pause: a person reads the image; the replica's back channel only on loopback."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from pydantic import SecretStr

from cifer_bot.errors import InputError
from cifer_bot.replica import Replica
from cifer_bot.steps import login
from cifer_bot.steps.captcha import (
    CaptchaError,
    CaptchaScene,
    ReplicaSolver,
    wait_for_image,
)
from cifer_bot.steps.captcha_desk import PromptSolver
from cifer_bot.steps.flow import Flow
from tests.support.runs import make_flow

# No test of this module may leave a submission on any replica.
pytestmark = pytest.mark.usefixtures("nothing_submitted")


USERNAME = "yarrachoc01"
PASSWORD = SecretStr("Sweet!Cocoa9")


@pytest.fixture
def flow(page: Page, replica: Replica, tmp_path: Path) -> Flow:
    """A flow on the login page of a replica that knows the account."""
    replica.add_account(USERNAME, PASSWORD.get_secret_value())
    page.goto(replica.url + "cas/login")
    return make_flow(page, replica.url, tmp_path / "artifacts")


def read_the_image(flow: Flow, replica: Replica) -> str:
    """What a person reads in the captcha shown (here: asked of the back channel)."""
    wait_for_image(flow.find("login", "captcha_image").locator)
    answer: str = flow.page.request.get(replica.url + "__replica/captcha").json()["answer"]
    return answer


# --- the prompt --------------------------------------------------------------------------


def test_prompt_solver_signs_in_with_the_line_typed_on_stdin(flow: Flow, replica: Replica) -> None:
    code = read_the_image(flow, replica)
    solver = PromptSolver(stdin=io.StringIO(code + "\n"), stderr=io.StringIO())
    login.log_in(flow, username=USERNAME, password=PASSWORD, solver=solver)
    assert urlsplit(flow.page.url).path == "/cifer/"
    assert [entry["username"] for entry in replica.state.logins] == [USERNAME]


def test_prompt_solver_saves_the_image_and_names_it_in_the_prompt(
    flow: Flow, replica: Replica
) -> None:
    code = read_the_image(flow, replica)
    prompts = io.StringIO()
    solver = PromptSolver(stdin=io.StringIO(code + "\n"), stderr=prompts)
    login.log_in(flow, username=USERNAME, password=PASSWORD, solver=solver)
    saved = flow.artifacts / f"captcha-{USERNAME}-1.png"
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    if os.name != "nt":  # the owner's only, as every file of a run (Windows: no modes)
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert f"the image is {saved}" in prompts.getvalue()
    assert "try 1 of 3" in prompts.getvalue()


def test_prompt_solver_at_end_of_input_says_how_to_answer(flow: Flow, replica: Replica) -> None:
    solver = PromptSolver(stdin=io.StringIO(""), stderr=io.StringIO())
    with pytest.raises(CaptchaError, match="standard input") as error:
        login.log_in(flow, username=USERNAME, password=PASSWORD, solver=solver)
    assert "--captcha browser" in str(error.value)
    assert replica.state.logins == []


# --- the replica's back channel: loopback only ----------------------------------------


def test_replica_solver_refuses_a_scene_off_loopback_before_asking(
    page: Page, tmp_path: Path
) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.set_content('<img alt="验证码"><input aria-label="code"><button>Sign in</button>')
    scene = CaptchaScene(
        page=page,
        image=page.locator("img"),
        field=page.locator("input"),
        sign_in=page.locator("button"),
        portal_url="https://www.singlewindow.cn/",
        artifacts=tmp_path,
        label=USERNAME,
        attempt=1,
        wait_signed_in=lambda timeout_ms: None,
    )
    with pytest.raises(InputError, match="loopback"):
        ReplicaSolver().answer(scene)
    assert asked == []
