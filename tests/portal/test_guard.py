"""The click guard: the tool never presses the final submission, on any variant of the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cifer_bot.floors import never_click
from cifer_bot.portal.guard import Clicker, ForbiddenClick
from cifer_bot.portal.resolver import Resolver
from cifer_bot.replica import Replica, parse_fault
from cifer_bot.selector_map import load_selector_map
from tests.support.http_client import Client
from tests.support.runs import PDF

# No test of this module may leave a submission on any replica.
pytestmark = pytest.mark.usefixtures("nothing_submitted")


USERNAME = "yarrachoc01"
PASSWORD = "Sweet!Cocoa9"
NEVER_CLICK = never_click(load_selector_map("2021-11-26").never_click)

# A complete application, as the form posts it: pressing 提交 on it would be accepted.
FORM_VALUES = {
    "countryCode": "AUS",
    "regNo": "AU-VIC-04411",
    "entName": "Yarra Valley Chocolate Pty Ltd",
    "prodAddr": "12 Melba Highway, Yarra Glen VIC 3775, Australia",
    "buildDate": "2004-05-17",
    "legalName": "Thomas Hart",
    "legalTel": "+61 3 5550 1200",
    "legalEmail": "thomas.hart@yarrachoc.example.com",
    "linkName": "Mei Chen",
    "linkTel": "+61 3 5550 1234",
    "linkEmail": "export@yarrachoc.example.com",
}


@pytest.mark.parametrize(
    "caption",
    [
        "提交",
        " 提 交 ",
        "Submit",
        "确认提交",
        "提交\n(Submit)",
        # Regression: only exact captions were refused; these variants went through.
        "保存并提交",
        "立即提交",
        "【提交】",
        "提交>>",
        "提交 Submit",
        "Submit now",
    ],
)
def test_submit_captions_are_forbidden(caption: str) -> None:
    assert Clicker(NEVER_CLICK).is_forbidden([caption])


@pytest.mark.parametrize("caption", ["暂存", "附件上传", "立即注册\n(Register now)", "Sign in"])
def test_other_captions_are_allowed(caption: str) -> None:
    assert not Clicker(NEVER_CLICK).is_forbidden([caption])


def saved_draft(client: Client) -> None:
    """Upload a document and save a complete draft, over HTTP, as a finished fill would."""
    boundary = "cifer-bot-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="abn.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    uploaded = client.request(
        "POST",
        "/cifer/upload",
        body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert uploaded.status == 200, uploaded.text
    values = {**FORM_VALUES, "idFileId": uploaded.json()["id"], "item": "巧克力"}
    assert client.post("/cifer/apply", {**values, "action": "draft"}).status == 200


@pytest.mark.parametrize("variant", ["base", "drift"])
def test_clicker_refuses_submit_on_the_filled_application_form(
    browser: Browser, tmp_path: Path, variant: str
) -> None:
    faults = [parse_fault("drift")] if variant == "drift" else []
    with Replica(faults=faults) as replica:
        replica.add_account(USERNAME, PASSWORD)
        client = Client(replica.url)
        client.login(USERNAME, PASSWORD)
        saved_draft(client)
        context = browser.new_context(locale="zh-CN")
        try:
            context.add_cookies(
                [{"name": c.name, "value": c.value or "", "url": replica.url} for c in client.jar]
            )
            page = context.new_page()
            [draft] = replica.state.snapshot()["drafts"]
            page.goto(replica.url + f"cifer/apply?item=巧克力&draft={draft['id']}")
            # The draft is back in the form: a click on 提交 would submit a valid application.
            assert page.locator("[name=entName]").input_value() == FORM_VALUES["entName"]
            selectors = load_selector_map("2021-11-26")
            submit = Resolver.for_map(selectors, tmp_path).resolve(
                page, "提交", kind="button", step="guard test"
            )
            clicker = Clicker(selectors.never_click)
            with pytest.raises(ForbiddenClick, match="left to a person"):
                clicker.click(submit.locator, what="Submit")
            assert clicker.clicked == []
            state = client.get("/__replica/state").json()
            assert state["submissions"] == []
            assert len(state["drafts"]) == 1
        finally:
            context.close()


def test_clicker_refuses_an_icon_inside_the_submit_button(page: Page) -> None:
    # Broke: the guard read only the clicked element's own caption, so a click on the
    # icon inside <button>提交</button> went through and submitted the form.
    page.set_content(
        '<form onsubmit="window.submitted = true; return false;">'
        '<button type="submit"><i style="display:inline-block;width:12px;height:12px"></i>'
        "提交</button></form>"
    )
    with pytest.raises(ForbiddenClick):
        Clicker(NEVER_CLICK).click(page.locator("i"), what="the submit icon")
    assert page.evaluate("() => window.submitted === true") is False


def test_clicker_clicks_and_records_an_allowed_button(page: Page) -> None:
    page.set_content('<button onclick="window.saved = true">暂存</button>')
    clicker = Clicker(NEVER_CLICK)
    clicker.click(page.locator("button"), what="Save draft")
    assert page.evaluate("() => window.saved === true") is True
    assert clicker.clicked == ["Save draft"]


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="#" onclick="window.submitted = true"><img alt="提交" src="data:,"></a>',
        '<span onclick="window.submitted = true"><img alt="确认提交" width=20 height=9></span>',
        '<button onclick="window.submitted = true"><i aria-label="提交申请">&#9654;</i></button>',
    ],
)
def test_clicker_refuses_a_picture_or_icon_whose_name_is_submit(page: Page, markup: str) -> None:
    # Broke: a link or button whose only caption was an image's alt (the drift zoo's
    # picture buttons) had no caption the guard read, and would have been clicked.
    page.set_content(markup)
    with pytest.raises(ForbiddenClick):
        Clicker(NEVER_CLICK).click(page.locator("a, span, button").first, what="a picture")
    assert page.evaluate("() => window.submitted === true") is False


def test_the_built_in_captions_apply_whatever_the_map_lists(page: Page) -> None:
    # Broke: a map whose never_click list was replaced by another lowered the guard.
    page.set_content('<button onclick="window.submitted = true">提交</button>')
    with pytest.raises(ForbiddenClick):
        Clicker(["确认"]).click(page.locator("button"), what="the map's 暂存")
    with pytest.raises(ForbiddenClick):
        Clicker([]).click(page.locator("button"), what="the map's 暂存")
    assert page.evaluate("() => window.submitted === true") is False


def test_a_button_that_posts_what_submit_posts_is_refused_whatever_its_caption(
    page: Page,
) -> None:
    # A hostile or mistaken map points 暂存 at a control that sends what 提交 sends.
    page.set_content(
        "<form onsubmit=\"window.posted = new FormData(this, event.submitter).get('op');"
        ' return false;">'
        "<button id=save type=submit name=op value=F>暂存</button>"
        "<button type=submit name=op value=F>提交</button>"
        "<button id=draft type=submit name=op value=D>暂存草稿</button></form>"
    )
    with pytest.raises(ForbiddenClick, match="posts what the final submission posts"):
        Clicker(NEVER_CLICK).click(page.locator("#save"), what="Save draft")
    assert page.evaluate("() => window.posted === undefined")
    # a submit button of the same form that posts something else stays clickable
    Clicker(NEVER_CLICK).click(page.locator("#draft"), what="Save draft")
    assert page.evaluate("() => window.posted") == "D"
    # a value that holds a never-click caption is refused as a caption is
    page.set_content("<form><button id=v type=button name=action value=submit>暂存</button></form>")
    with pytest.raises(ForbiddenClick, match="left to a person"):
        Clicker(NEVER_CLICK).click(page.locator("#v"), what="Save draft")


def test_the_account_form_s_submit_button_stays_clickable(page: Page) -> None:
    # type=submit alone is not the final submission: 立即注册 must stay clickable.
    page.set_content(
        '<form onsubmit="window.registered = true; return false;">'
        '<button type="submit" id="reg">立即注册<br>(Register now)</button></form>'
    )
    Clicker(NEVER_CLICK).click(page.locator("#reg"), what="Register now")
    assert page.evaluate("() => window.registered === true") is True


# --- presses that move a page on (下一步, 确定, Next) ----------------------------------

_CONFIRM_DIALOG = """<form><label><input type="radio" name="item" checked> 巧克力</label></form>
<div role="dialog" aria-modal="true"><p>确认提交?</p>
  <button id="go" onclick="window.pressed = true">确定</button></div>"""
# A dialog that speaks of nothing: the tool opened none, so it presses nothing in it.
_QUIET_DIALOG = """<div class="el-dialog"><p>请选择</p>
  <button id="go" onclick="window.pressed = true">确定</button></div>"""
_SUBMITTING_PAGE = """<form><p>请确认以上信息无误后提交</p>
  <button id="go" type="button" onclick="window.pressed = true">下一步</button></form>"""
_CATEGORY_PAGE = """<form><fieldset><legend>自行申请注册产品类别</legend>
  <label><input type="radio" name="item" checked> 巧克力</label></fieldset>
  <button id="go" type="button" onclick="window.pressed = true">下一步</button>
  <button type="button">提交</button></form>"""


@pytest.mark.parametrize(
    "markup",
    [_CONFIRM_DIALOG, _QUIET_DIALOG, _SUBMITTING_PAGE],
    ids=["confirm-submission-dialog", "any-dialog", "page-speaks-of-submitting"],
)
def test_a_press_that_moves_on_is_refused_in_a_dialog_or_where_submitting_is_spoken_of(
    page: Page, markup: str
) -> None:
    page.set_content(markup)
    clicker = Clicker(NEVER_CLICK)
    with pytest.raises(ForbiddenClick, match="to move on"):
        clicker.click(page.locator("#go"), what="Next", moving_on=True)
    assert page.evaluate("window.pressed") is None
    assert clicker.clicked == []


def test_a_press_that_moves_on_from_a_choice_goes_through(page: Page) -> None:
    # A 提交 button beside 下一步 is another control, not a word about this press.
    page.set_content(_CATEGORY_PAGE)
    clicker = Clicker(NEVER_CLICK)
    clicker.click(page.locator("#go"), what="Next", moving_on=True)
    assert page.evaluate("window.pressed") is True
