"""The drift zoo's page set `elementplus`: Vue 3 apps with the real Element Plus.

A person's way through it, with this test's own selectors (Element Plus's class names):
the portal's hover menu (its popup teleported to `<body>`), the login card, the
registration form, and the application form filled through Element Plus's widgets (the
filterable select that shows its choice beside an empty search input, the date picker's
panels, el-upload), saved with 暂存. The replica's record is the judge. The trap of a
Vue page is proved too: values written into visible inputs' DOM without Vue's events
(a text field, a date picker's editable input) never reach the server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, expected_on_page, log_in_over_http, write_facilities

PASSWORD = "Cocoa!Secret77"
ITEM = "巧克力"

# The form's labels (Element Plus appends the label suffix "：") for the facility fields.
TEXT_LABELS = {
    "approval_no": "所在国家(地区)主管当局批准的注册编号",
    "approval_authority": "所在国家(地区)注册批准机构名称",
    "cn_registration_no": "(在华)注册编号",
    "enterprise_name": "企业名称",
    "production_address": "生产场所地址",
    "legal_rep_name": "法定代表人姓名",
    "legal_rep_tel": "法定代表人电话",
    "legal_rep_email": "法定代表人邮箱",
    "contact_name": "联系人姓名",
    "contact_tel": "联系人电话",
    "contact_email": "联系人邮箱",
    "expansion_project": "改扩建项目",
    "expansion_facilities": "改扩建生产设施",
}
DATE_LABELS = {
    "cn_registration_date": "(在华)注册时间",
    "cn_registration_expiry": "(在华)注册有效期",
    "founded_date": "建厂时间",
    "expansion_date": "改扩建日期",
}
MONTHS = "一二三四五六七八九十"


@pytest.fixture
def elementplus_replica() -> Iterator[Replica]:
    with Replica(faults=[parse_fault("drift:elementplus")]) as replica:
        replica.add_account(str(YARRA["username"]), PASSWORD)
        yield replica


def form_item(scope: Page | Frame, label: str) -> Locator:
    """The `el-form-item` whose label reads `label` (with the suffix, if any)."""
    text = re.compile(rf"^\s*{re.escape(label)}[：:]?\s*$")
    return scope.locator(".el-form-item").filter(
        has=scope.locator("label.el-form-item__label", has_text=text)
    )


def visible(scope: Page | Frame, css: str) -> Locator:
    return scope.locator(css).locator("visible=true")


def month_name(month: int) -> str:
    """Element Plus's zh-CN month table: 一月 ... 十二月."""
    return ("十" + MONTHS[month - 11] if month > 10 else MONTHS[month - 1]) + "月"


def choose(scope: Page | Frame, label: str, typed: str, option: str) -> Locator:
    """Open a filterable `el-select`, type to filter, click the option; the select's
    chosen label (beside its emptied search input) is returned."""
    select = form_item(scope, label).locator(".el-select")
    select.locator(".el-select__wrapper").click()
    select.locator("input.el-select__input").press_sequentially(typed)
    options = visible(scope, ".el-select__popper .el-select-dropdown__item")
    expect(options.first).to_have_text(option)
    options.filter(has_text=re.compile(rf"^{re.escape(option)}$")).click()
    return select.locator(".el-select__selected-item:not(.el-select__input-wrapper)")


def pick_date(frame: Frame, label: str, day: date) -> None:
    """Open the picker, go to the year and the month through its header, click the day."""
    field = form_item(frame, label).locator("input")
    field.click()
    # The panel is teleported to the end of <body>, one per picker once opened.
    panel = visible(frame, ".el-picker-panel.el-date-picker")
    expect(panel).to_have_count(1)
    header = panel.locator(".el-date-picker__header-label").first
    header.click()  # "2026 年": the table of the decade's years
    expect(header).to_have_text(re.compile(r"^\d{4} 年 - \d{4} 年$"))
    first = int(header.inner_text()[:4])
    side = "left" if day.year < first else "right"
    for _ in range(abs((day.year // 10) * 10 - first) // 10):
        panel.locator(f"button.d-arrow-{side}").click()
    panel.locator(".el-year-table td", has_text=re.compile(rf"^\s*{day.year}\s*$")).click()
    panel.locator(
        ".el-month-table td", has_text=re.compile(rf"^\s*{month_name(day.month)}\s*$")
    ).click()
    panel.locator(
        ".el-date-table td.available:not(.prev-month):not(.next-month)",
        has_text=re.compile(rf"^\s*{day.day}\s*$"),
    ).click()
    expect(field).to_have_value(f"{day.year}年{day.month:02d}月{day.day:02d}日")
    expect(panel).to_have_count(0)


def log_in(page: Page, replica: Replica) -> None:
    """From the new portal's hover menu to the system home, through the login card."""
    page.goto(replica.url + "new/")
    title = page.locator(".el-sub-menu__title", has_text="境外企业")
    expect(title).to_be_visible()
    title.hover()
    # Element Plus teleports the submenu's popup to <body>: the link is not in the tab.
    expect(title.locator("xpath=..").locator("a")).to_have_count(0)
    page.locator(".cifer-popper a", has_text="进口食品境外生产企业注册管理系统").click()
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    # Element Plus's labels point at their inputs (`for` = the input's generated id).
    page.get_by_label("Username").fill(str(YARRA["username"]))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.wait_for_function(
        "() => { const i = document.querySelector('img.captcha-img');"
        " return !!i && i.complete && i.naturalWidth > 0; }"
    )
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    page.get_by_label("Enter Code Shown in Image").fill(answer)
    page.locator("button.el-button", has_text="Sign in").click()
    page.wait_for_url(re.compile(r"/cifer/$"))


def test_a_person_fills_the_elementplus_form_and_saves_a_draft(
    page: Page, elementplus_replica: Replica, tmp_path: Path
) -> None:
    replica = elementplus_replica
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    values = expected_on_page(YARRA)

    log_in(page, replica)
    page.locator("#sideMenu a", has_text="注册申请").click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.locator("a", has_text=ITEM).first.click()
    expect(frame.get_by_text("企业基本信息")).to_be_visible()

    # The filterable select: its input is for the search only; the choice shows beside it.
    chosen = choose(frame, "所在国家(地区)", "澳大利亚", "AUS-澳大利亚")
    expect(chosen).to_have_text("AUS-澳大利亚")
    expect(form_item(frame, "所在国家(地区)").locator("input")).to_have_value("")

    for field, label in TEXT_LABELS.items():
        form_item(frame, label).locator("input").fill(values[field])
    form_item(frame, "备注").locator("textarea").fill(values["remarks"])
    for field, label in DATE_LABELS.items():
        pick_date(frame, label, date.fromisoformat(values[field]))

    # el-upload: the button opens the hidden file input's chooser; the upload is at once.
    with page.expect_file_chooser() as chooser:
        frame.locator("button.el-button", has_text="附件上传").click()
    chooser.value.set_files(document)
    expect(frame.locator(".upload-name")).to_have_text(document.name)

    frame.locator("button.el-button", has_text="暂存").click()
    expect(frame.locator(".el-alert__title", has_text="暂存成功")).to_be_visible()

    assert_drafts_whole(replica.state.snapshot(), [YARRA], tmp_path)
    # The saved values are back in the widgets.
    expect(form_item(frame, "企业名称").locator("input")).to_have_value(values["enterprise_name"])
    expiry = date.fromisoformat(values["cn_registration_expiry"])
    expect(form_item(frame, "(在华)注册有效期").locator("input")).to_have_value(
        f"{expiry:%Y年%m月%d日}"
    )
    expect(chosen).to_have_text("AUS-澳大利亚")
    expect(frame.locator(".upload-name")).to_have_text(document.name)


def test_values_set_behind_vues_back_never_reach_the_server(
    page: Page, elementplus_replica: Replica
) -> None:
    replica = elementplus_replica
    log_in_over_http(page, replica, str(YARRA["username"]), PASSWORD)
    page.goto(f"{replica.url}cifer/apply?item={quote(ITEM)}")
    expect(page.get_by_text("企业基本信息")).to_be_visible()

    name = form_item(page, "企业名称").locator("input")
    built = form_item(page, "建厂时间").locator("input")
    name.evaluate("input => { input.value = 'x'; }")  # no input event: Vue never hears it
    built.evaluate("input => { input.value = '2004年05月17日'; }")  # nor the picker
    form_item(page, "法定代表人姓名").locator("input").fill("Thomas Hart")  # the control
    expect(name).to_have_value("x")
    expect(built).to_have_value("2004年05月17日")

    page.locator("button.el-button", has_text="暂存").click()
    expect(page.locator(".el-alert__title", has_text="暂存成功")).to_be_visible()

    [draft] = replica.state.snapshot()["drafts"]
    assert draft["values"]["legalName"] == "Thomas Hart"
    assert draft["values"]["entName"] == ""
    assert draft["values"]["buildDate"] == ""
    expect(form_item(page, "企业名称").locator("input")).to_have_value("")
    expect(form_item(page, "建厂时间").locator("input")).to_have_value("")


def test_a_person_registers_through_the_elementplus_form(
    page: Page, elementplus_replica: Replica
) -> None:
    replica = elementplus_replica
    page.goto(replica.url + "cas/register")
    expect(page.get_by_role("heading", name="境外账号注册")).to_be_visible()
    typed = {
        "用户名": "barossahill",
        "密码": "Barossa!Hill22",
        "确认密码": "Barossa!Hill22",
        "所在国注册号": "AU-SA-2201",
        "工作单位": "Barossa Wines Pty Ltd",
        "联系人": "Mei Chen",
        "联系电话": "+61 8 5550 2201",
        "联系地址": "1 Murray Street, Tanunda SA 5352, Australia",
        "联系邮箱": "export@barossa-wines.example.com",
    }
    for label, value in typed.items():
        item = page.locator(".el-form-item").filter(
            has=page.locator(
                "label.el-form-item__label", has_text=re.compile(rf"^{label}\(.*\)：$")
            )
        )
        item.locator("input").fill(value)
    chosen = choose(page, "所在国家或地区(Country/Area)", "澳大利", "澳大利亚")
    expect(chosen).to_have_text("澳大利亚")
    page.locator("button.el-button", has_text="立即注册").click()

    page.wait_for_url(re.compile(r"/cas/login"))
    expect(page.locator(".el-alert__title", has_text="注册成功，请登录")).to_be_visible()
    accounts = {a["username"]: a for a in replica.state.snapshot()["accounts"]}
    assert accounts["barossahill"]["details"]["countryCode"] == "AUS"
    assert accounts["barossahill"]["details"]["orgName"] == "Barossa Wines Pty Ltd"
