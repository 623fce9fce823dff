"""The drift zoo's page set `jqueryui`: 2010s server-rendered pages on jQuery and jQuery UI.

A person's walk through the set with this test's own selectors: the orange tab that is a
`<span onclick>`, the pure-CSS hover menu whose link opens the login in a new window, the
table login with an image button, the registration with a jQuery UI selectmenu, and the
form with selectmenu, datepicker and a visible file input, saved with 暂存.

The trap: jQuery UI's selectmenu hides the native `<select>` and keeps it as the source
of truth. A value chosen in the hidden select posts, but the widget's visible text only
follows after `selectmenu("refresh")`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import BrowserContext, Frame, FrameLocator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, Watched, expected_on_page, write_facilities

NAME = "jqueryui"
PASSWORD = "Cocoa!Secret77"
ITEM = "巧克力"

# The text inputs of the form, by posted name, and the model field each one shows.
TEXTS = {
    "regNo": "approval_no",
    "regOrgName": "approval_authority",
    "cnRegNo": "cn_registration_no",
    "entName": "enterprise_name",
    "prodAddr": "production_address",
    "legalName": "legal_rep_name",
    "legalTel": "legal_rep_tel",
    "legalEmail": "legal_rep_email",
    "linkName": "contact_name",
    "linkTel": "contact_tel",
    "linkEmail": "contact_email",
    "rebuildItem": "expansion_project",
    "rebuildFacility": "expansion_facilities",
    "remark": "remarks",
}
DATES = {
    "cnRegDate": "cn_registration_date",
    "cnRegValidDate": "cn_registration_expiry",
    "buildDate": "founded_date",
    "rebuildDate": "expansion_date",
}


@pytest.fixture
def jq_replica() -> Iterator[Replica]:
    with Replica(faults=[parse_fault(f"drift:{NAME}")]) as running:
        running.add_account(str(YARRA["username"]), PASSWORD)
        yield running


def state_of(replica: Replica) -> dict[str, Any]:
    snapshot: dict[str, Any] = replica.state.snapshot()
    return snapshot


def pick_country(frame: Page | Frame, name: str) -> None:
    """Open the selectmenu and click the option, as a person does."""
    frame.locator("#countryCode-button").click()
    menu = frame.locator("#countryCode-menu")
    expect(menu).to_be_visible()
    menu.get_by_role("option", name=name, exact=True).click()
    expect(menu).to_be_hidden()
    expect(frame.locator("#countryCode-button .ui-selectmenu-text")).to_have_text(name)


def pick_date(frame: Frame, input_id: str, day: date) -> None:
    """Open the datepicker, choose year and month in its drop-downs, click the day."""
    frame.locator(f"#{input_id}").click()
    picker = frame.locator("#ui-datepicker-div")
    expect(picker).to_be_visible()
    picker.locator("select.ui-datepicker-year").select_option(str(day.year))
    # jQuery UI numbers the months from 0 in the month drop-down's values.
    picker.locator("select.ui-datepicker-month").select_option(str(day.month - 1))
    picker.locator("td[data-handler=selectDay] a").filter(
        has_text=re.compile(rf"^{day.day}$")
    ).click()
    expect(picker).to_be_hidden()
    expect(frame.locator(f"#{input_id}")).to_have_value(day.isoformat())


def form_frame(page: Page) -> Frame:
    frame = page.frame(name="mainFrame")
    assert frame is not None
    return frame


def walk_to_login(page: Page, context: BrowserContext, replica: Replica) -> Page:
    """Steps 1 and 2: the orange span, the CSS hover menu, the link to a new window."""
    page.goto(replica.url)
    expect(page.get_by_text("口岸工作部联席会议成员")).to_be_visible()
    tab = page.locator("span.orange", has_text="新版门户")
    assert tab.evaluate("e => e.tagName") == "SPAN"
    tab.click()
    page.wait_for_url(re.compile(r"/new/$"))

    link = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    expect(link).to_be_hidden()
    page.locator("li.cifer > a", has_text="境外企业").hover()
    expect(link).to_be_visible()
    assert link.get_attribute("target") == "_blank"
    with context.expect_page() as opened:
        link.click()
    login = opened.value
    login.wait_for_load_state()
    # A new page: the portal stays where it was, the login is elsewhere.
    assert login is not page
    assert re.search(r"/new/$", page.url)
    assert "/cas/login" in login.url
    return login


def register_through_page(login: Page, replica: Replica) -> None:
    """The registration page: a 4-column table and the country as a selectmenu."""
    login.get_by_role("link", name="Create an account").click()
    login.wait_for_url(re.compile(r"/cas/register"))
    expect(login.get_by_role("heading", name=re.compile("境外账号注册"))).to_be_visible()
    expect(login.locator("#countryCode")).to_be_hidden()  # the widget hides the select
    values = {
        "userName": "yarraregist2",
        "password": "Regist!Pass9",
        "confirmPassword": "Regist!Pass9",
        "orgName": "Yarra Choc Pty Ltd",
        "contactMan": "Mei Chen",
        "contactTel": "+61 3 5550 1234",
        "contactAddr": "1 Melba Highway, Yarra Glen VIC 3775",
        "contactEmail": "export@yarra-choc.example.com",
    }
    for name, value in values.items():
        login.locator(f"#{name}").fill(value)
    pick_country(login, "Australia")
    login.get_by_role("button", name="立即注册").click()
    login.wait_for_url(re.compile(r"/cas/login"))
    expect(login.get_by_text("注册成功，请登录")).to_be_visible()
    account = next(a for a in state_of(replica)["accounts"] if a["username"] == "yarraregist2")
    assert account["details"]["countryCode"] == "AUS"


def log_in(login: Page, replica: Replica) -> None:
    """Step 3: the table login, the captcha from the back channel, the image button."""
    expect(login.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    login.locator("tr", has=login.locator("td", has_text="Username")).locator("input").fill(
        str(YARRA["username"])
    )
    login.locator("#swm2").fill(PASSWORD)
    image = login.get_by_alt_text("验证码")
    expect(image).to_be_visible()
    login.wait_for_function("() => document.getElementById('yzmImg').naturalWidth > 0")
    answer = login.request.get(replica.url + "__replica/captcha").json()["answer"]
    login.locator("#verifyCode").fill(answer)
    sign_in = login.locator("input[type=image][alt='Sign in']")
    with login.expect_request(lambda r: r.method == "POST" and "/cas/login" in r.url) as sent:
        sign_in.click()
    posted = parse_qs(sent.value.post_data or "")
    # The page's script ran before the post: only the MD5 of the password leaves it.
    assert posted["swm"] == [hashlib.md5(PASSWORD.encode()).hexdigest()]
    assert PASSWORD not in str(posted)
    assert posted["swLoginFlag"] == ["swUp"] and posted["verifyCode"] == [answer]
    login.wait_for_url(re.compile(r"/cifer/"))
    assert "进口食品境外生产企业注册" in login.title()


def open_form(page: Page) -> Frame:
    """Steps 4 and 5: the sidebar tab 注册申请, then the sub-item link in the iframe."""
    page.get_by_role("link", name="注册申请").click()
    main: FrameLocator = page.frame_locator("iframe[name=mainFrame]")
    main.get_by_role("link", name=ITEM, exact=True).click()
    frame = form_frame(page)
    frame.wait_for_url(re.compile(r"/cifer/apply\?item="))
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    return frame


def save(page: Page) -> Frame:
    """Press 暂存 and wait for the form the server renders again."""
    frame = form_frame(page)
    frame.evaluate("() => { window.beforeSave = true; }")
    with (
        page.expect_response(lambda r: r.request.method == "POST" and "/cifer/apply" in r.url),
        frame.expect_navigation(),
    ):
        frame.locator("input[type=button][value='暂存']").click()
    frame = form_frame(page)
    # The server's new document, not the one the click left behind.
    assert frame.evaluate("() => window.beforeSave === undefined")
    expect(frame.locator("#formMessage")).to_have_text("暂存成功")
    return frame


def trap_hidden_select(page: Page, frame: Frame, replica: Replica) -> Frame:
    """The hidden native select posts; the widget shows it only after a refresh."""
    native = frame.locator("#countryCode")
    widget_text = frame.locator("#countryCode-button .ui-selectmenu-text")
    expect(native).to_be_hidden()
    before = widget_text.inner_text()
    native.select_option("NZL", force=True)  # no widget: straight into the hidden select
    assert native.input_value() == "NZL"
    expect(widget_text).to_have_text(before)  # the widget did not follow
    frame.evaluate("() => jQuery('#countryCode').selectmenu('refresh')")
    expect(widget_text).to_have_text("New Zealand")
    # Back to the placeholder without the widget, then again to NZL, and save so: the
    # post carries the hidden select's value whatever the widget shows.
    native.select_option("", force=True)
    frame.evaluate("() => jQuery('#countryCode').selectmenu('refresh')")
    native.select_option("NZL", force=True)
    expect(widget_text).not_to_have_text("New Zealand")
    frame = save(page)
    [draft] = state_of(replica)["drafts"]
    assert draft["values"]["countryCode"] == "NZL"
    # The re-rendered page refilled the select and refreshed the widget.
    expect(frame.locator("#countryCode-button .ui-selectmenu-text")).to_have_text("New Zealand")
    return frame


def fill_form(frame: Frame, page: Page, folder: Path) -> None:
    """Every field through its widget: selectmenu, datepicker, the visible file input."""
    expected = expected_on_page(YARRA)
    pick_country(frame, "Australia")
    for name, field in TEXTS.items():
        frame.locator(f"[name={name}]").fill(expected[field])
    for input_id, field in DATES.items():
        pick_date(frame, input_id, date.fromisoformat(expected[field]))
    document = folder / str(YARRA["identity_document"])
    file_input = frame.locator("input[type=file]")
    expect(file_input).to_be_visible()
    with page.expect_file_chooser() as chooser:
        file_input.click()
    chooser.value.set_files(document)
    expect(frame.locator("#idFileShow")).to_have_text(f"已上传：{document.name}")


def test_jqueryui_page_set(
    nothing_submitted: list[Watched], page: Page, jq_replica: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    context = page.context

    login = walk_to_login(page, context, jq_replica)
    register_through_page(login, jq_replica)
    log_in(login, jq_replica)

    frame = open_form(login)
    frame = trap_hidden_select(login, frame, jq_replica)
    fill_form(frame, login, tmp_path)
    frame = save(login)

    assert [w.replica for w in nothing_submitted] == [jq_replica]
    state = state_of(jq_replica)
    assert_drafts_whole(state, [YARRA], tmp_path)

    # The saved values are back in the widgets after 暂存.
    expected = expected_on_page(YARRA)
    expect(frame.locator("#countryCode-button .ui-selectmenu-text")).to_have_text("Australia")
    for input_id, field in DATES.items():
        expect(frame.locator(f"#{input_id}")).to_have_value(expected[field])
    for name, field in TEXTS.items():
        expect(frame.locator(f"[name={name}]")).to_have_value(expected[field])
    expect(frame.locator("#idFileShow")).to_have_text(f"已上传：{expected['identity_document']}")
    assert state["submissions"] == []
