"""The overlay: where it draws its parts, and that no script of the page or the tool
reads it as the page's own text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cifer_bot.portal.where import identify
from cifer_bot.selector_map import load_selector_map
from cifer_bot.training.overlay import DOTS, Overlay
from tests.support.demos import contains, overlaps

_FORM = """<!DOCTYPE html><html><body style="margin:0;height:2400px">
<input id="top" style="position:absolute;left:20px;top:8px;width:200px">
<input id="bottom" style="position:absolute;left:400px;top:860px;width:300px">
<input id="right" style="position:absolute;right:4px;top:300px;width:180px">
<input id="wide" style="position:absolute;left:0;top:420px;width:1366px">
<input id="far" style="position:absolute;left:500px;top:2000px;width:200px">
</body></html>"""


@pytest.fixture
def overlay(page: Page) -> Overlay:
    page.set_content(_FORM)
    drawn = Overlay()
    drawn.attach(page)
    drawn.caption("Step 6 of 6: Application form (企业基本信息)", "Fill the form.")
    return drawn


@pytest.mark.parametrize("control", ["top", "bottom", "right", "wide", "far"])
def test_no_part_covers_the_control_wherever_it_is(
    page: Page, overlay: Overlay, control: str
) -> None:
    target = page.locator(f"#{control}")
    overlay.point(target, label="企业名称", english="Enterprise name", action="Typing")
    overlay.waiting("Next")
    box = target.bounding_box()
    assert box is not None and overlay.drawn is not None
    parts = overlay.drawn
    view = page.viewport_size
    assert view is not None
    # in sight, and nothing of the overlay over it but the ring around it
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"]
    for name in ("bar", "tag", "next"):
        if parts[name] is not None:
            assert not overlaps(parts[name], box), f"the {name} covers #{control}"
    assert contains(parts["ring"], box, inset=3)


def test_the_label_and_its_english_stand_beside_the_control(page: Page, overlay: Overlay) -> None:
    overlay.point(page.locator("#bottom"), label="企业名称", english="Enterprise name", action="")
    assert overlay.drawn is not None and overlay.drawn["tag"] is not None
    assert overlay.drawn["target"]["label"] == "企业名称"
    assert overlay.drawn["target"]["english"] == "Enterprise name"


def test_the_page_and_the_tools_scripts_never_read_the_overlay(
    page: Page, overlay: Overlay
) -> None:
    overlay.point(page.locator("#top"), label="企业名称", english="Enterprise name", action="")
    # a locator by text, the page's own text, and a query of the document see none of it
    assert page.get_by_text("Application form").count() == 0
    assert page.get_by_text("企业名称").count() == 0
    assert "企业名称" not in page.evaluate("() => document.body.innerText")
    assert page.evaluate("() => document.querySelectorAll('.bar, .tag').length") == 0
    # the caption holds the words that identify the form's page (企业基本信息): the
    # tool must not take this blank page for the form
    assert identify([page], load_selector_map("2021-11-26")).places == ()


def test_a_secret_field_shows_dots_while_the_tool_types(page: Page, overlay: Overlay) -> None:
    field = page.locator("#top")
    Overlay.mask(field)
    assert field.evaluate("(el) => getComputedStyle(el).webkitTextSecurity") == "disc"
    assert set(DOTS) == {"•"}


def test_it_is_taken_off_for_a_screenshot_and_back_after(page: Page, overlay: Overlay) -> None:
    with overlay.hidden():
        assert page.locator("cifer-bot-overlay").count() == 0
    assert page.locator("cifer-bot-overlay").count() == 1


def test_a_new_document_gets_the_caption_again(page: Page, overlay: Overlay) -> None:
    page.goto("data:text/html,<p>another page</p>")
    expect(page.locator("cifer-bot-overlay")).to_have_count(1)
