"""The drift zoo's page set `element`: Vue 2 apps with the real Element UI.

A person's way through it, with this test's own selectors (Element's class names): the
portal's hover menu, the login card, the registration form, and the application form
filled through Element's widgets (filterable select, date picker panels, el-upload),
saved with 暂存. The replica's record is the judge. Two traps of a Vue page are proved
too: a value written into a visible input's DOM without Vue's events, and a date written
into the date picker's input without the picker, never reach the server.
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

# The form's labels (Element appends the label suffix "：") for the facility fields.
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
def element_replica() -> Iterator[Replica]:
    with Replica(faults=[parse_fault("drift:element")]) as replica:
        replica.add_account(str(YARRA["username"]), PASSWORD)
        yield replica


def form_item(scope: Page | Frame, label: str) -> Locator:
    """The `el-form-item` whose label reads `label` (with Element's suffix, if any)."""
    text = re.compile(rf"^\s*{re.escape(label)}[：:]?\s*$")
    return scope.locator(".el-form-item").filter(
        has=scope.locator("label.el-form-item__label", has_text=text)
    )


def visible_panel(frame: Frame, css: str) -> Locator:
    return frame.locator(css).locator("visible=true")


def month_name(month: int) -> str:
    """Element's zh-CN month table: 一月 ... 十二月."""
    return ("十" + MONTHS[month - 11] if month > 10 else MONTHS[month - 1]) + "月"


def pick_date(frame: Frame, label: str, day: date) -> None:
    """Open the picker, go to the year and the month through its header, click the day."""
    field = form_item(frame, label).locator("input")
    field.click()
    # Element mounts a picker's panel on its first opening, at the end of <body>.
    panel = frame.locator(".el-picker-panel.el-date-picker").last
    expect(panel).to_be_visible()
    header = panel.locator(".el-date-picker__header-label").first
    header.click()  # "2026 年": the table of the decade's years
    expect(header).to_have_text(re.compile(r"^\d{4} 年 - \d{4} 年$"))
    first = int(header.inner_text()[:4])
    side = "left" if day.year < first else "right"
    for _ in range(abs((day.year // 10) * 10 - first) // 10):
        panel.locator(f"button.el-icon-d-arrow-{side}").click()
    panel.locator(".el-year-table a.cell", has_text=re.compile(rf"^{day.year}$")).click()
    panel.locator(
        ".el-month-table a.cell", has_text=re.compile(rf"^{month_name(day.month)}$")
    ).click()
    panel.locator(
        ".el-date-table td.available:not(.prev-month):not(.next-month)",
        has_text=re.compile(rf"^\s*{day.day}\s*$"),
    ).click()
    expect(field).to_have_value(f"{day.year}年{day.month:02d}月{day.day:02d}日")


def log_in(page: Page, replica: Replica) -> None:
    """From the new portal's hover menu to the system home, through the login card."""
    page.goto(replica.url + "new/")
    expect(page.locator(".el-submenu__title", has_text="境外企业")).to_be_visible()
    page.locator(".el-submenu__title", has_text="境外企业").hover()
    page.locator(".cifer-popper a", has_text="进口食品境外生产企业注册管理系统").click()
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    form_item(page, "Username").locator("input").fill(str(YARRA["username"]))
    form_item(page, "Password").locator("input").fill(PASSWORD)
    page.wait_for_function(
        "() => { const i = document.querySelector('img.captcha-img');"
        " return !!i && i.complete && i.naturalWidth > 0; }"
    )
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    form_item(page, "Enter Code Shown in Image").locator("input").fill(answer)
    page.locator("button.el-button", has_text="Sign in").click()
    page.wait_for_url(re.compile(r"/cifer/$"))


def test_a_person_fills_the_element_form_and_saves_a_draft(
    page: Page, element_replica: Replica, tmp_path: Path
) -> None:
    replica = element_replica
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    values = expected_on_page(YARRA)

    log_in(page, replica)
    page.locator("#sideMenu a", has_text="注册申请").click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.locator("a", has_text=ITEM).first.click()
    expect(frame.get_by_text("企业基本信息")).to_be_visible()

    # The filterable select: type to filter, click the option (shown as AUS-澳大利亚).
    country = form_item(frame, "所在国家(地区)")
    country.locator("input").click()
    country.locator("input").press_sequentially("澳大利亚")
    visible_panel(frame, ".el-select-dropdown").locator(
        ".el-select-dropdown__item", has_text="AUS-澳大利亚"
    ).click()
    expect(country.locator("input")).to_have_value("AUS-澳大利亚")

    for field, label in TEXT_LABELS.items():
        form_item(frame, label).locator("input").fill(values[field])
    form_item(frame, "备注").locator("textarea").fill(values["remarks"])
    for field, label in DATE_LABELS.items():
        pick_date(frame, label, date.fromisoformat(values[field]))

    # el-upload: the button opens the hidden file input's chooser.
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
    expect(country.locator("input")).to_have_value("AUS-澳大利亚")
    expect(frame.locator(".upload-name")).to_have_text(document.name)


def test_values_set_behind_vues_back_never_reach_the_server(
    page: Page, element_replica: Replica
) -> None:
    replica = element_replica
    log_in_over_http(page, replica, str(YARRA["username"]), PASSWORD)
    page.goto(f"{replica.url}cifer/apply?item={quote(ITEM)}")
    expect(page.get_by_text("企业基本信息")).to_be_visible()

    name = form_item(page, "企业名称").locator("input")
    built = form_item(page, "建厂时间").locator("input")
    name.evaluate("input => { input.value = 'x'; }")  # no input event: Vue never hears it
    built.evaluate("input => { input.value = '2004-05-17'; }")  # not through the picker
    form_item(page, "法定代表人姓名").locator("input").fill("Thomas Hart")  # the control
    expect(name).to_have_value("x")
    expect(built).to_have_value("2004-05-17")

    page.locator("button.el-button", has_text="暂存").click()
    expect(page.locator(".el-alert__title", has_text="暂存成功")).to_be_visible()

    [draft] = replica.state.snapshot()["drafts"]
    assert draft["values"]["legalName"] == "Thomas Hart"
    assert draft["values"]["entName"] == ""
    assert draft["values"]["buildDate"] == ""
    expect(form_item(page, "企业名称").locator("input")).to_have_value("")
    expect(form_item(page, "建厂时间").locator("input")).to_have_value("")


def test_a_person_registers_through_the_element_form(page: Page, element_replica: Replica) -> None:
    replica = element_replica
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
    country = page.locator(".el-form-item").filter(has_text="所在国家或地区")
    country.locator("input").click()
    country.locator("input").press_sequentially("澳大利")
    option = page.locator(".el-select-dropdown__item").locator("visible=true")
    expect(option).to_have_text(["澳大利亚"])
    option.click()
    page.locator("button.el-button", has_text="立即注册").click()

    page.wait_for_url(re.compile(r"/cas/login"))
    expect(page.locator(".el-alert__title", has_text="注册成功，请登录")).to_be_visible()
    accounts = {a["username"]: a for a in replica.state.snapshot()["accounts"]}
    assert accounts["barossahill"]["details"]["countryCode"] == "AUS"
    assert accounts["barossahill"]["details"]["orgName"] == "Barossa Wines Pty Ltd"
