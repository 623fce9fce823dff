"""The drift zoo's page set `bootstrap`: Bootstrap 5 pages with select2 and
bootstrap-datepicker, on jQuery.

A person's walk through the set with this test's own selectors (the kits' class names):
the navbar dropdown that opens on a click, the floating-label login card, the
registration with a select2 searched for the country, and the form with select2,
bootstrap-datepicker on read-only inputs (title switch to the months and years views),
a file chosen and then sent with 附件上传, the 提交 confirm in a modal (cancelled), and
暂存.

The trap: the upload takes two steps. A file chosen in the file input stays in the
browser until 附件上传 is pressed: the input has no name and the form is not multipart,
so 暂存 then saves no document.
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
from playwright.sync_api import Frame, Page, Request, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, Watched, expected_on_page, write_facilities

NAME = "bootstrap"
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
def bs_replica() -> Iterator[Replica]:
    with Replica(faults=[parse_fault(f"drift:{NAME}")]) as running:
        running.add_account(str(YARRA["username"]), PASSWORD)
        yield running


def state_of(replica: Replica) -> dict[str, Any]:
    snapshot: dict[str, Any] = replica.state.snapshot()
    return snapshot


def form_frame(page: Page) -> Frame:
    frame = page.frame(name="mainFrame")
    assert frame is not None
    return frame


def pick_country(scope: Page | Frame, search: str, option: str) -> None:
    """Open the select2, type into its search box, click the one option left."""
    scope.locator("#countryCode + .select2 .select2-selection").click()
    dropdown = scope.locator(".select2-dropdown")
    expect(dropdown).to_be_visible()
    scope.locator(".select2-search__field").fill(search)
    results = dropdown.locator("li.select2-results__option")
    # Searching 澳大利亚 leaves Australia alone: 澳门 and 奥地利 are filtered out.
    expect(results).to_have_count(1)
    results.filter(has_text=option).click()
    expect(dropdown).to_be_hidden()
    expect(scope.locator("#select2-countryCode-container")).to_have_text(option)


def pick_date(frame: Frame, input_id: str, day: date) -> None:
    """Open the datepicker, go up to the years through its title, then down: year,
    month, day; it closes by itself (autoclose)."""
    field = frame.locator(f"#{input_id}")
    assert field.get_attribute("readonly") is not None  # no typing: the picker only
    field.click()
    picker = frame.locator(".datepicker-dropdown")
    expect(picker).to_be_visible()
    picker.locator(".datepicker-days .datepicker-switch").click()
    picker.locator(".datepicker-months .datepicker-switch").click()
    years = picker.locator(".datepicker-years")
    expect(years).to_be_visible()
    for _ in range(20):  # a decade a click, back or forward to the year's decade
        first, last = (
            int(years.locator("span.year").nth(i).inner_text()) for i in (1, 10)
        )  # spans 0 and 11 are the decades before and after
        if first <= day.year <= last:
            break
        years.locator("th.prev" if day.year < first else "th.next").click()
        expect(years.locator("span.year").nth(1)).not_to_have_text(str(first))
    years.locator("span.year:not(.old):not(.new)", has_text=str(day.year)).click()
    months = picker.locator(".datepicker-months")
    expect(months).to_be_visible()
    # zh-CN's short month names: 1月 … 12月
    months.locator("span.month").nth(day.month - 1).click()
    days = picker.locator(".datepicker-days")
    expect(days.locator(".datepicker-switch")).to_have_text(f"{day.year}年{day.month:02d}月")
    days.locator("td.day:not(.old):not(.new)").filter(has_text=re.compile(rf"^{day.day}$")).click()
    expect(picker).to_be_hidden()
    expect(field).to_have_value(day.isoformat())


def walk_to_login(page: Page, replica: Replica) -> None:
    """Steps 1 and 2: the orange tab, then the navbar dropdown opened by a click."""
    page.goto(replica.url)
    page.get_by_role("link", name="新版门户").click()
    page.wait_for_url(re.compile(r"/new/$"))

    link = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    toggle = page.locator("#menuCifer > a.dropdown-toggle")
    expect(link).to_be_hidden()
    toggle.hover()
    expect(link).to_be_hidden()  # Bootstrap's dropdown does not open on hover
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/cas/login\?service="))


def register_through_page(page: Page, replica: Replica) -> None:
    """The registration card: Bootstrap's validation first, then the select2 country."""
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/cas/register"))
    expect(page.get_by_role("heading", name=re.compile("境外账号注册"))).to_be_visible()
    posts: list[Request] = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    register = page.get_by_role("button", name=re.compile("立即注册"))
    register.click()  # empty: the page's validation keeps it
    expect(page.locator("#regForm.was-validated")).to_be_visible()
    expect(page.get_by_text("6-18位英文字母或字母与数字组合")).to_be_visible()
    assert posts == []
    values = {
        "用户名(Username)": "yarraregist2",
        "密码(Password)": "Regist!Pass9",
        "确认密码(Confirm Password)": "Regist!Pass9",
        "工作单位(Enterprise Name)": "Yarra Choc Pty Ltd",
        "联系人(Contacts)": "Mei Chen",
        "联系电话(Tel)": "+61 3 5550 1234",
        "联系地址(Enterprise Street Address)": "1 Melba Highway, Yarra Glen VIC 3775",
        "联系邮箱(E-mail Address)": "export@yarra-choc.example.com",
    }
    for label, value in values.items():
        # the label reads `*用户名(Username)`: a red star before the required ones
        page.get_by_label(re.compile(rf"^\*?{re.escape(label)}$")).fill(value)
    # select2 keeps the select for screen readers, clipped to a pixel: Playwright calls
    # it visible, a person does not see it.
    native = page.locator("#countryCode")
    expect(native).to_have_class(re.compile(r"\bselect2-hidden-accessible\b"))
    box = native.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    pick_country(page, "澳大利亚", "AUS 澳大利亚")
    register.click()
    page.wait_for_url(re.compile(r"/cas/login"))
    expect(page.get_by_text("注册成功，请登录")).to_be_visible()
    account = next(a for a in state_of(replica)["accounts"] if a["username"] == "yarraregist2")
    assert account["details"]["countryCode"] == "AUS"


def log_in(page: Page, replica: Replica) -> None:
    """Step 3: floating labels, the captcha from the back channel, the Sign in button."""
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    page.get_by_label("Username").fill(str(YARRA["username"]))
    page.get_by_label("Password").fill(PASSWORD)
    page.wait_for_function("() => document.getElementById('captchaImg').naturalWidth > 0")
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    page.get_by_label("Enter Code Shown in Image").fill(answer)
    with page.expect_request(lambda r: r.method == "POST" and "/cas/login" in r.url) as sent:
        page.get_by_role("button", name="Sign in").click()
    posted = parse_qs(sent.value.post_data or "")
    # The page's script ran before the post: only the MD5 of the password leaves it.
    assert posted["swm"] == [hashlib.md5(PASSWORD.encode()).hexdigest()]
    assert PASSWORD not in str(posted)
    assert posted["swLoginFlag"] == ["swUp"] and posted["verifyCode"] == [answer]
    page.wait_for_url(re.compile(r"/cifer/"))
    assert "进口食品境外生产企业注册" in page.title()


def open_form(page: Page) -> Frame:
    """Steps 4 and 5: the sidebar tab 注册申请, then the sub-item link in the iframe."""
    page.get_by_role("link", name="注册申请").click()
    page.frame_locator("iframe[name=mainFrame]").get_by_role("link", name=ITEM, exact=True).click()
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
        frame.get_by_role("button", name="暂存").click()
    frame = form_frame(page)
    # The server's new document, not the one the click left behind.
    assert frame.evaluate("() => window.beforeSave === undefined")
    expect(frame.locator("#formMessage")).to_have_text("暂存成功")
    return frame


def trap_chosen_not_sent(page: Page, frame: Frame, replica: Replica, document: Path) -> Frame:
    """A file chosen but never sent with 附件上传: 暂存 saves no document."""
    file_input = frame.locator("input[type=file]#idFile")
    expect(file_input).to_be_visible()
    assert file_input.get_attribute("name") is None
    file_input.set_input_files(document)
    expect(frame.locator("#idFileShow")).to_have_text("")
    frame = save(page)
    [draft] = state_of(replica)["drafts"]
    assert not draft["values"].get("idFileId")
    assert state_of(replica)["uploads"] == []
    # 附件上传 with nothing chosen says so and sends nothing.
    frame.get_by_role("button", name="附件上传").click()
    expect(frame.locator("#idFileErr")).to_have_text("请先选择文件")
    assert state_of(replica)["uploads"] == []
    return frame


def fill_form(frame: Frame, page: Page, document: Path) -> None:
    """Every field through its widget: select2, datepicker, choose and send the file."""
    expected = expected_on_page(YARRA)
    pick_country(frame, "澳大利亚", "AUS 澳大利亚")
    for name, field in TEXTS.items():
        frame.locator(f"[name={name}]").fill(expected[field])
    for input_id, field in DATES.items():
        pick_date(frame, input_id, date.fromisoformat(expected[field]))
    with page.expect_file_chooser() as chooser:
        frame.get_by_label("企业身份证明文件").click()
    chooser.value.set_files(document)
    with page.expect_response(lambda r: "/cifer/upload" in r.url) as answered:
        frame.get_by_role("button", name="附件上传").click()
    assert answered.value.ok
    expect(frame.locator("#idFileShow")).to_have_text(f"已上传：{document.name}")


def cancel_submit(frame: Frame) -> None:
    """提交 asks in a Bootstrap modal first; 取消 closes it and posts nothing."""
    frame.get_by_role("button", name="提交").click()
    modal = frame.locator("#confirmModal")
    expect(modal).to_be_visible()
    expect(modal.locator(".modal-body")).to_contain_text("确定提交")
    modal.get_by_role("button", name="取消").click()
    expect(modal).to_be_hidden()


def test_bootstrap_page_set(
    nothing_submitted: list[Watched], page: Page, bs_replica: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])

    walk_to_login(page, bs_replica)
    register_through_page(page, bs_replica)
    log_in(page, bs_replica)

    frame = open_form(page)
    frame = trap_chosen_not_sent(page, frame, bs_replica, document)
    fill_form(frame, page, document)
    cancel_submit(frame)
    frame = save(page)

    assert [w.replica for w in nothing_submitted] == [bs_replica]
    state = state_of(bs_replica)
    assert_drafts_whole(state, [YARRA], tmp_path)
    assert state["submissions"] == []

    # The saved values are back in the widgets after 暂存.
    expected = expected_on_page(YARRA)
    expect(frame.locator("#select2-countryCode-container")).to_have_text("AUS 澳大利亚")
    for input_id, field in DATES.items():
        expect(frame.locator(f"#{input_id}")).to_have_value(expected[field])
    for name, field in TEXTS.items():
        expect(frame.locator(f"[name={name}]")).to_have_value(expected[field])
    expect(frame.locator("#idFileShow")).to_have_text(f"已上传：{expected['identity_document']}")
