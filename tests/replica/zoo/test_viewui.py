"""The drift zoo's page set `viewui`: Vue 3 apps with the real View UI Plus.

A person's way through it, with this test's own selectors (View UI Plus's `ivu-` class
names): the portal's hover menu, the login card, the registration form, and the
application form filled through View UI Plus's widgets (filterable select, date picker
panels, Upload), saved with 暂存, then 提交 through its confirmation box. The replica's
record is the judge. The trap of a Vue page is proved too: a value written into a
visible input's DOM without Vue's events, and a date written into the date picker's
input without the picker or an event, never reach the server.
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

# The form's labels (the form's label-colon "：" follows them) for the facility fields.
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


@pytest.fixture
def viewui_replica() -> Iterator[Replica]:
    with Replica(faults=[parse_fault("drift:viewui")]) as replica:
        replica.add_account(str(YARRA["username"]), PASSWORD)
        yield replica


def form_item(scope: Page | Frame, label: str) -> Locator:
    """The `FormItem` whose label reads `label` (with the form's colon, if any)."""
    text = re.compile(rf"^\s*{re.escape(label)}[：:]?\s*$")
    return scope.locator(".ivu-form-item").filter(
        has=scope.locator("label.ivu-form-item-label", has_text=text)
    )


def cell(panel: Locator, table: str, text: str) -> Locator:
    """A cell of the panel's year, month or day table (`table` "-year", "-month" or ""),
    by its text; the days are not those of the months before and after."""
    css = f".ivu-date-picker-cells{table} .ivu-date-picker-cells-cell"
    if not table:
        css += (
            ":not(.ivu-date-picker-cells-cell-prev-month)"
            ":not(.ivu-date-picker-cells-cell-next-month)"
        )
    return panel.locator(css).locator("em", has_text=re.compile(rf"^\s*{text}\s*$"))


def pick_date(frame: Frame, label: str, day: date) -> None:
    """Open the picker, go to the year and the month through its header, click the day."""
    item = form_item(frame, label)
    field = item.locator("input")
    field.click()
    # The panel opens below (or above) its input, inside the form item.
    panel = item.locator(".ivu-picker-panel-body")
    expect(panel).to_be_visible()
    header = panel.locator(".ivu-date-picker-header-label").first
    header.click()  # "2026年": the table of the decade's years
    years = panel.locator(".ivu-date-picker-cells-year em")
    expect(years.first).to_have_text(re.compile(r"^\s*\d{3}0\s*$"))
    first = int(years.first.inner_text().strip())
    side = "prev" if day.year < first else "next"
    for _ in range(abs((day.year // 10) * 10 - first) // 10):
        panel.locator(f".ivu-date-picker-{side}-btn-arrow-double").click()
    cell(panel, "-year", str(day.year)).click()
    cell(panel, "-month", f"{day.month}月").click()
    cell(panel, "", str(day.day)).click()
    expect(field).to_have_value(f"{day.year}年{day.month:02d}月{day.day:02d}日")
    expect(panel).to_be_hidden()


def log_in(page: Page, replica: Replica) -> None:
    """From the new portal's hover menu to the system home, through the login card."""
    page.goto(replica.url + "new/")
    title = page.locator(".ivu-menu-submenu-title", has_text="境外企业")
    expect(title).to_be_visible()
    title.hover()
    page.locator(".ivu-menu-drop-list a", has_text="进口食品境外生产企业注册管理系统").click()
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    form_item(page, "Username").locator("input").fill(str(YARRA["username"]))
    form_item(page, "Password").locator("input").fill(PASSWORD)
    page.wait_for_function(
        "() => { const i = document.querySelector('img.captcha-img');"
        " return !!i && i.complete && i.naturalWidth > 0; }"
    )
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    form_item(page, "Enter Code Shown in Image").locator("input").fill(answer)
    page.locator("button.ivu-btn", has_text="Sign in").click()
    page.wait_for_url(re.compile(r"/cifer/$"))


def test_a_person_fills_the_viewui_form_saves_a_draft_and_submits(
    page: Page, viewui_replica: Replica, tmp_path: Path
) -> None:
    replica = viewui_replica
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
    country.locator(".ivu-select-selection").click()
    country.locator("input.ivu-select-input").press_sequentially("澳大利亚")
    country.locator(".ivu-select-dropdown .ivu-select-item", has_text="AUS-澳大利亚").click()
    expect(country.locator("input.ivu-select-input")).to_have_value("AUS-澳大利亚")

    for field, label in TEXT_LABELS.items():
        form_item(frame, label).locator("input").fill(values[field])
    form_item(frame, "备注").locator("textarea").fill(values["remarks"])
    for field, label in DATE_LABELS.items():
        pick_date(frame, label, date.fromisoformat(values[field]))

    # Upload: the button opens the hidden file input's chooser.
    with page.expect_file_chooser() as chooser:
        frame.locator("button.ivu-btn", has_text="附件上传").click()
    chooser.value.set_files(document)
    expect(frame.locator(".upload-name")).to_have_text(document.name)

    frame.locator("button.ivu-btn", has_text="暂存").click()
    expect(frame.locator(".ivu-alert", has_text="暂存成功")).to_be_visible()

    assert_drafts_whole(replica.state.snapshot(), [YARRA], tmp_path)
    # The saved values are back in the widgets.
    expect(form_item(frame, "企业名称").locator("input")).to_have_value(values["enterprise_name"])
    expiry = date.fromisoformat(values["cn_registration_expiry"])
    expect(form_item(frame, "(在华)注册有效期").locator("input")).to_have_value(
        f"{expiry:%Y年%m月%d日}"
    )
    expect(country.locator("input.ivu-select-input")).to_have_value("AUS-澳大利亚")
    expect(frame.locator(".upload-name")).to_have_text(document.name)

    # 提交 asks first, in View UI Plus's confirmation box: 取消 posts nothing, 确定 posts.
    frame.locator("button.ivu-btn", has_text="提交").click()
    confirm = frame.locator(".ivu-modal-confirm").locator("visible=true")
    expect(confirm).to_contain_text("提交后将不能修改")
    confirm.locator("button.ivu-btn", has_text="取消").click()
    expect(confirm).to_have_count(0)
    assert replica.state.snapshot()["submissions"] == []
    frame.locator("button.ivu-btn", has_text="提交").click()
    confirm.locator("button.ivu-btn", has_text="确定").click()
    expect(frame.locator("#applyNo")).not_to_be_empty()
    [submission] = replica.state.snapshot()["submissions"]
    assert submission["values"]["entName"] == values["enterprise_name"]
    assert submission["values"]["buildDate"] == values["founded_date"]


def test_values_set_behind_vues_back_never_reach_the_server(
    page: Page, viewui_replica: Replica
) -> None:
    replica = viewui_replica
    log_in_over_http(page, replica, str(YARRA["username"]), PASSWORD)
    page.goto(f"{replica.url}cifer/apply?item={quote(ITEM)}")
    expect(page.get_by_text("企业基本信息")).to_be_visible()

    name = form_item(page, "企业名称").locator("input")
    built = form_item(page, "建厂时间").locator("input")
    name.evaluate("input => { input.value = 'x'; }")  # no input event: Vue never hears it
    built.evaluate("input => { input.value = '2004年05月17日'; }")  # nor change: no date
    form_item(page, "法定代表人姓名").locator("input").fill("Thomas Hart")  # the control
    expect(name).to_have_value("x")
    expect(built).to_have_value("2004年05月17日")

    page.locator("button.ivu-btn", has_text="暂存").click()
    expect(page.locator(".ivu-alert", has_text="暂存成功")).to_be_visible()

    [draft] = replica.state.snapshot()["drafts"]
    assert draft["values"]["legalName"] == "Thomas Hart"
    assert draft["values"]["entName"] == ""
    assert draft["values"]["buildDate"] == ""
    expect(form_item(page, "企业名称").locator("input")).to_have_value("")
    expect(form_item(page, "建厂时间").locator("input")).to_have_value("")


def test_a_person_registers_through_the_viewui_form(page: Page, viewui_replica: Replica) -> None:
    replica = viewui_replica
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
        item = page.locator(".ivu-form-item").filter(
            has=page.locator(
                "label.ivu-form-item-label", has_text=re.compile(rf"^{label}\(.*\)：$")
            )
        )
        item.locator("input").fill(value)
    country = page.locator(".ivu-form-item").filter(has_text="所在国家或地区")
    country.locator(".ivu-select-selection").click()
    country.locator("input.ivu-select-input").press_sequentially("澳大利")
    option = country.locator(".ivu-select-item").locator("visible=true")
    expect(option).to_have_text(["澳大利亚"])
    option.click()
    page.locator("button.ivu-btn", has_text="立即注册").click()

    page.wait_for_url(re.compile(r"/cas/login"))
    expect(page.locator(".ivu-alert", has_text="注册成功，请登录")).to_be_visible()
    accounts = {a["username"]: a for a in replica.state.snapshot()["accounts"]}
    assert accounts["barossahill"]["details"]["countryCode"] == "AUS"
    assert accounts["barossahill"]["details"]["orgName"] == "Barossa Wines Pty Ltd"
