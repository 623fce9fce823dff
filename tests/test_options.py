"""The options of a run: the captcha rule, written once, and what fill and check share."""

from __future__ import annotations

from pathlib import Path

import pytest

from cifer_bot.errors import InputError
from cifer_bot.options import (
    DEFAULT_MAP_VERSION,
    CaptchaName,
    CheckOptions,
    FillOptions,
    captcha_name,
)
from cifer_bot.steps.captcha import BrowserSolver, ReplicaSolver
from cifer_bot.steps.solvers import make_solver

LIVE = "https://www.singlewindow.cn/"


@pytest.mark.parametrize(
    "portal_url",
    [
        "https://www.singlewindow.cn/",
        "https://app.singlewindow.cn/cas/login",
        "http://10.0.0.8:8000/",
        "http://127.0.0.1.nip.io/",
        "http://localhost.example.com/",
        "http://user@127.0.0.1@www.singlewindow.cn/",
    ],
)
def test_replica_solver_is_refused_for_a_portal_off_loopback(portal_url: str) -> None:
    with pytest.raises(InputError, match="loopback"):
        captcha_name("replica", headed=False, dry_run=False, portal_url=portal_url)


@pytest.mark.parametrize("portal_url", ["http://127.0.0.1:8123/", "http://localhost:8123/"])
def test_replica_solver_is_made_for_the_replica_on_loopback(portal_url: str) -> None:
    name = captcha_name("replica", headed=False, dry_run=False, portal_url=portal_url)
    assert isinstance(make_solver(name), ReplicaSolver)


# --- choosing a solver ----------------------------------------------------------------


def test_browser_solver_needs_a_window_a_person_can_type_into() -> None:
    with pytest.raises(InputError, match="--headed"):
        captcha_name("browser", headed=False, dry_run=False)
    with pytest.raises(InputError, match="--headed"):
        CheckOptions(captcha="browser")


def test_browser_solver_is_made_when_headed() -> None:
    name = captcha_name("browser", headed=True, dry_run=False, portal_url=LIVE)
    solver = make_solver(name)
    assert isinstance(solver, BrowserSolver)
    assert solver.person_signs_in is True


@pytest.mark.parametrize(
    ("dry_run", "headed", "expected"),
    [
        (True, False, "replica"),
        (False, False, "prompt"),
        (True, True, "browser"),
        (False, True, "browser"),
    ],
)
def test_default_solver_name(dry_run: bool, headed: bool, expected: CaptchaName) -> None:
    assert captcha_name(None, dry_run=dry_run, headed=headed) == expected


def test_an_unknown_captcha_reader_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--captcha must be one of prompt, browser, replica"):
        FillOptions(facility_file=tmp_path / "none.yaml", captcha="ocr")


def test_fill_and_check_share_the_default_map_version(tmp_path: Path) -> None:
    fill = FillOptions(facility_file=tmp_path / "f.yaml")
    assert fill.selectors == CheckOptions().selectors == DEFAULT_MAP_VERSION


def test_a_draft_is_saved_when_headless_unless_told_otherwise(tmp_path: Path) -> None:
    facility_file = tmp_path / "f.yaml"
    assert FillOptions(facility_file=facility_file).saves_draft is True
    assert FillOptions(facility_file=facility_file, headed=True).saves_draft is False
    assert FillOptions(facility_file=facility_file, headed=True, save_draft=True).saves_draft
