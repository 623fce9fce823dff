"""The drift zoo: its page sets (`fixtures/html/2021-11-26-<name>/`, served with the
replica fault `drift:<name>`), which keep the guide's labels and post the field names of
`portal.yaml`. What a run left on them is judged by `tests.support.judge`.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from cifer_bot.resources import fixtures_dir
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, options_for, run_fill, write_facilities

VERSION = "2021-11-26"


def page_sets() -> list[str]:
    """The names of the zoo's page sets: every variant folder of the version, but the
    changed portals (`changed-*`), which the shipped map is not meant to fill."""
    return sorted(
        name
        for path in fixtures_dir().glob(f"{VERSION}-*")
        if path.is_dir()
        and not (name := path.name.removeprefix(f"{VERSION}-")).startswith("changed-")
    )


def assert_fills_whole(browser: Browser, folder: Path, faults: tuple[str, ...]) -> None:
    """`fill` of the Yarra facility (files in `folder`) on the dry run's replica with
    `faults` (a page set, a generated portal) ends at the review stop with exit 0, and
    the replica holds its one whole draft and nothing else."""
    run = run_fill(
        browser,
        options_for(
            write_facilities(folder, YARRA), folder / "out", save_draft=True, faults=faults
        ),
    )
    yarra = run.application("yarra-choc")
    assert (yarra["status"], run.code) == ("review", 0), yarra["message"]
    assert_drafts_whole(run.state, [YARRA], folder)
