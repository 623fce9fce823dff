"""`cifer-bot selectors check`: the drift report, on the replica and its drifted variant."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cifer_bot.errors import InputError
from cifer_bot.options import CheckOptions
from cifer_bot.resources import selectors_dir
from cifer_bot.run.check import check_selectors


# A menu opened by a click and categories offered as radio buttons are checked as the
# walk meets them: the menu's link found once the menu opens, the sub-item as a radio.
# Native date fields draw no picker of the page's: the map's picker parts are not met.
@pytest.mark.parametrize(
    "faults", [(), ("drift",), ("drift:clickmenu",), ("drift:radio",), ("drift:native",)]
)
def test_every_entry_is_found_once_on_the_replica_and_its_drifted_variant(
    browser: Browser, tmp_path: Path, faults: tuple[str, ...]
) -> None:
    stream = io.StringIO()
    code = check_selectors(
        CheckOptions(dry_run=True, faults=faults, out=tmp_path), stream=stream, browser=browser
    )
    report = json.loads((tmp_path / "selectors-check.json").read_text())
    assert [e for e in report["entries"] if e["result"] != "found" and not e["conditional"]] == []
    assert code == 0
    assert len(report["entries"]) >= 50
    # every page of the map was visited, the pages behind the login included
    assert {e["page"] for e in report["entries"]} >= {
        "landing",
        "portal",
        "login",
        "register",
        "home",
        "categories",
        "form",
    }
    # and each was known by what a person acts on there, named in the report
    login = "login (shown by controls username, password, captcha"
    assert any(p.startswith(login) for p in report["seen"]["login"])
    assert any(p.startswith("form (shown by controls ") for p in report["seen"]["form"])
    assert "PAGE home: known by what showed: " in stream.getvalue()


def test_a_label_the_portal_no_longer_shows_is_reported_with_evidence(
    browser: Browser, tmp_path: Path
) -> None:
    text = (selectors_dir() / "2021-11-26.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("label: 生产场所地址,", "label: 生产地址,"), encoding="utf-8")
    stream = io.StringIO()
    code = check_selectors(
        CheckOptions(dry_run=True, selectors=str(broken), out=tmp_path / "out"),
        stream=stream,
        browser=browser,
    )
    assert code == 1
    lines = stream.getvalue().splitlines()
    [missing] = [line for line in lines if line.startswith("MISS")]
    assert "生产地址" in missing and "Production site address" in missing
    # the label the page shows is among the three nearest the map's: a person sees the fix
    nearest = lines[lines.index(missing) + 1]
    assert nearest.startswith("       nearest labels on the page: ")
    assert [part.split(" (")[0] for part in nearest.split(": ", 1)[1].split("; ")][:3].count(
        "生产场所地址"
    ) == 1
    report = json.loads((tmp_path / "out" / "selectors-check.json").read_text())
    [entry] = [e for e in report["entries"] if e["result"] == "not found"]
    assert "selector map 2021-11-26" in entry["detail"]
    assert list((tmp_path / "out").glob("*.png")), "a screenshot of the page is saved"
    assert "55 found, 1 not found, 4 not met" in stream.getvalue()


def test_the_replica_captcha_solver_is_refused_for_the_live_portal(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="loopback"):
        check_selectors(
            CheckOptions(portal_url="https://www.singlewindow.cn/", captcha="replica", out=tmp_path)
        )


def test_fields_in_a_pane_not_shown_yet_are_found_there(browser: Browser, tmp_path: Path) -> None:
    # The wizard shows one pane at a time; its other panes' fields are on the page.
    check_selectors(
        CheckOptions(dry_run=True, faults=("drift:wizard",), out=tmp_path),
        stream=io.StringIO(),
        browser=browser,
    )
    report = json.loads((tmp_path / "selectors-check.json").read_text())
    form = {e["entry"]: e for e in report["entries"] if e["page"] == "form"}
    assert form["enterprise_name"]["result"] == "found" and not form["enterprise_name"]["detail"]
    for name in ("legal_rep_name", "contact_email", "remarks", "save_draft"):
        assert (form[name]["result"], form[name]["detail"]) == (
            "found",
            "in a part of the page not shown yet",
        )
    assert all(form[n]["conditional"] for n in ("picker_year", "picker_month", "picker_day"))
