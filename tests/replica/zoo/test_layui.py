"""The drift zoo's page set `layui`: the pages built with the real layui 2.x.

A person's walk through the set with this test's own selectors: the layui top nav whose
`境外企业` item opens its `dl.layui-nav-child` on hover, the layui login card, the admin
layout whose side nav tree targets `<iframe name="mainFrame">`, and the application form
of `layui-form-item` rows: the searchable layui select, four laydate pickers (shown as
yyyy/MM/dd, posted as YYYY-MM-DD), the layui upload button, and 暂存.

The trap: layui hides the native `<select>` and draws its own input and `dl` of `dd`
options. Writing the visible input (`el.value = '澳大利亚(AUS)'`) changes nothing that
posts: only a click on the `dd` option, or the hidden select's value followed by
`form.render`, fills `countryCode`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, Watched, expected_on_page, log_in_over_http, write_facilities

NAME = "layui"
PASSWORD = "Cocoa!Secret77"
ITEM = "巧克力"
AUSTRALIA = "澳大利亚(AUS)"

# The text inputs of the form, by their id (the posted name), and the model field each shows.
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
# The visible laydate inputs, by id (also the posted name of their hidden twin).
DATES = {
    "cnRegDate": "cn_registration_date",
    "cnRegValidDate": "cn_registration_expiry",
    "buildDate": "founded_date",
    "rebuildDate": "expansion_date",
}
# The layui select of the form: the visible input layui draws after the hidden select.
COUNTRY_INPUT = "#countryCode + .layui-form-select .layui-select-title input"


@pytest.fixture
def lay_replica(nothing_submitted: list[Watched]) -> Iterator[Replica]:
    # Broke: the watch was asked for after the replica had started, so it saw nothing
    # and no submission could have failed the tests. The replica starts inside it now.
    with Replica(faults=[parse_fault(f"drift:{NAME}")]) as running:
        assert [watched.replica for watched in nothing_submitted] == [running]
        running.add_account(str(YARRA["username"]), PASSWORD)
        yield running


def state_of(replica: Replica) -> dict[str, Any]:
    snapshot: dict[str, Any] = replica.state.snapshot()
    return snapshot


def pick_country(frame: Page | Frame, select_id: str, search: str, text: str) -> None:
    """Open the layui select, type to search, and click the `dd` option."""
    title = frame.locator(f"#{select_id} + .layui-form-select .layui-select-title input")
    title.click()
    options = frame.locator(f"#{select_id} + .layui-form-select dl")
    expect(options).to_be_visible()
    title.clear()
    title.press_sequentially(search)
    option = options.locator("dd", has_text=text)
    expect(option).to_have_count(1)
    option.click()
    expect(options).to_be_hidden()
    expect(title).to_have_value(text)


def pick_date(frame: Frame, input_id: str, day: date) -> None:
    """Open laydate on the input, choose the year, the month, then click the day."""
    frame.locator(f"#{input_id}").click()
    picker = frame.locator(".layui-laydate").last
    expect(picker).to_be_visible()
    picker.locator(".laydate-set-ym span[lay-type=year]").click()
    years = picker.locator(".laydate-year-list")
    for _ in range(10):
        if years.locator(f"li[lay-ym='{day.year}']").count():
            break
        first = int(years.locator("li").first.get_attribute("lay-ym") or "0")
        picker.locator(".laydate-prev-y" if day.year < first else ".laydate-next-y").click()
    years.locator(f"li[lay-ym='{day.year}']").click()
    # laydate then shows the months (lay-ym is 0-based), then the days of that month
    picker.locator(f".laydate-month-list li[lay-ym='{day.month - 1}']").click()
    picker.locator(f"td[lay-ymd='{day.year}-{day.month}-{day.day}']").click()
    expect(frame.locator(".layui-laydate")).to_have_count(0)
    expect(frame.locator(f"#{input_id}")).to_have_value(day.strftime("%Y/%m/%d"))


def log_in(page: Page, replica: Replica) -> None:
    """The login card: Username, Password, the captcha beside its image, Sign in."""
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    card = page.locator(".cas-card form.layui-form")
    card.locator(".layui-form-item:has(label:text-is('Username')) input").fill(
        str(YARRA["username"])
    )
    card.locator(".layui-form-item:has(label:text-is('Password')) input[type=password]").fill(
        PASSWORD
    )
    code_row = card.locator(".layui-form-item:has(label:text-is('Enter Code Shown in Image'))")
    expect(code_row.locator("img")).to_be_visible()
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    code_row.locator("input").fill(answer)
    card.locator("button[lay-submit]", has_text="Sign in").click()


def open_form(page: Page) -> Frame:
    """The admin layout: side nav tree → 注册申请 in mainFrame → the sub-item 巧克力."""
    expect(page).to_have_title("进口食品境外生产企业注册 - 中国国际贸易单一窗口")
    side = page.locator(".layui-side ul.layui-nav.layui-nav-tree")
    side.locator("a", has_text="注册申请").click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.wait_for_url("**/cifer/categories")
    frame.locator("[data-group]").get_by_role("link", name=ITEM, exact=True).click()
    frame.wait_for_url("**/cifer/apply?item=*")
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    return frame


def press_draft(frame: Frame) -> None:
    """暂存, and wait for the form the server renders again."""
    with frame.expect_navigation():
        frame.locator("button[lay-filter=draft]", has_text="暂存").click()
    expect(frame.locator("#formMessage")).to_have_text("暂存成功")


def test_a_person_fills_the_layui_pages(
    page: Page, lay_replica: Replica, tmp_path: Path, nothing_submitted: list[Watched]
) -> None:
    write_facilities(tmp_path, YARRA)
    expected = expected_on_page(YARRA)
    assert expected["country"] == "AUS"

    # Step 2: the layui nav; the CIFER item's dropdown opens on hover.
    page.goto(lay_replica.url + "new/")
    item = page.locator("ul.layui-nav li.layui-nav-item", has_text="境外企业")
    expect(item.locator(".layui-icon-survey")).to_be_visible()
    link = item.locator("dl.layui-nav-child a", has_text="进口食品境外生产企业注册管理系统")
    expect(link).to_be_hidden()
    item.locator("> a").hover()
    expect(link).to_be_visible()
    link.click()

    # Step 3: the layui login card.
    page.wait_for_url("**/cas/login?service=*")
    log_in(page, lay_replica)
    page.wait_for_url("**/cifer/")
    login = state_of(lay_replica)["logins"]
    assert [entry["username"] for entry in login] == [YARRA["username"]]

    # Steps 4 and 5, then the form.
    frame = open_form(page)
    pick_country(frame, "countryCode", "澳大", AUSTRALIA)
    for input_id, field in TEXTS.items():
        frame.locator(f"#{input_id}").fill(expected[field])
    for input_id, field in DATES.items():
        pick_date(frame, input_id, date.fromisoformat(expected[field]))
    document = tmp_path / str(YARRA["identity_document"])
    with page.expect_file_chooser() as chooser:
        frame.locator("button.layui-btn", has_text="附件上传").click()
    chooser.value.set_files(document)
    expect(frame.locator("#idFileName")).to_have_text(document.name)

    press_draft(frame)
    state = state_of(lay_replica)
    assert_drafts_whole(state, [YARRA], tmp_path)
    # the wire carries YYYY-MM-DD although the page shows yyyy/MM/dd
    assert state["drafts"][0]["values"]["buildDate"] == expected["founded_date"]

    # The saved draft is back in the layui widgets.
    expect(frame.locator(COUNTRY_INPUT)).to_have_value(AUSTRALIA)
    for input_id, field in DATES.items():
        shown = date.fromisoformat(expected[field]).strftime("%Y/%m/%d")
        expect(frame.locator(f"#{input_id}")).to_have_value(shown)
    for input_id, field in TEXTS.items():
        expect(frame.locator(f"#{input_id}")).to_have_value(expected[field])
    expect(frame.locator("#idFileName")).to_have_text(document.name)


def test_writing_the_visible_select_input_posts_no_country(
    page: Page, lay_replica: Replica, nothing_submitted: list[Watched]
) -> None:
    log_in_over_http(page, lay_replica, str(YARRA["username"]), PASSWORD)
    page.goto(lay_replica.url + "cifer/apply?item=" + ITEM)
    frame = page.main_frame
    frame.locator("#entName").fill("Yarra Choc Pty Ltd")

    # A careless script writes the text into the input layui draws, and nothing else.
    frame.locator(COUNTRY_INPUT).evaluate("(el, text) => { el.value = text; }", AUSTRALIA)
    assert frame.locator("#countryCode").input_value() == ""
    press_draft(frame)
    values = state_of(lay_replica)["drafts"][0]["values"]
    assert values["entName"] == "Yarra Choc Pty Ltd"
    assert values["countryCode"] == ""
    expect(frame.locator(COUNTRY_INPUT)).to_have_value("")

    # The hidden select is what posts: set it, and let layui redraw its input.
    frame.evaluate(
        """() => {
            document.getElementById("countryCode").value = "AUS";
            layui.form.render("select");
        }"""
    )
    expect(frame.locator(COUNTRY_INPUT)).to_have_value(AUSTRALIA)
    press_draft(frame)
    assert state_of(lay_replica)["drafts"][0]["values"]["countryCode"] == "AUS"
    expect(frame.locator(COUNTRY_INPUT)).to_have_value(AUSTRALIA)


def test_registration_takes_the_country_only_from_the_layui_option(
    page: Page, lay_replica: Replica
) -> None:
    page.goto(lay_replica.url + "cas/register")
    expect(
        page.get_by_role("heading", name="境外账号注册(Abroad Enterprise Registration)")
    ).to_be_visible()
    form = page.locator("form.layui-form")

    def field(label: str) -> Locator:
        return form.locator(f".layui-form-item:has(label:has-text('{label}')) input.layui-input")

    form.locator("input[name=userName]").fill("mudgeeh0ney")
    form.locator("input[name=password]").fill("Honey!Comb2021")
    form.locator("input[name=confirmPassword]").fill("Honey!Comb2021")
    for label, value in {
        "工作单位": "Mudgee Honey Pty Ltd",
        "联系人(": "Ann Lee",
        "联系电话": "+61 2 6372 0000",
        "联系地址": "1 Church St, Mudgee NSW 2850",
        "联系邮箱": "ann@mudgee.example.com",
    }.items():
        field(label).fill(value)

    # The visible input alone: layui's own check stops the post at the empty select.
    form.locator(COUNTRY_INPUT).evaluate("(el, text) => { el.value = text; }", AUSTRALIA)
    form.locator("button[lay-submit]", has_text="立即注册").click()
    expect(page.locator(".layui-layer-content")).to_contain_text("请选择所在国家或地区")
    assert state_of(lay_replica)["accounts_created"] == []

    pick_country(page, "countryCode", "澳大", AUSTRALIA)
    form.locator("button[lay-submit]", has_text="立即注册").click()
    page.wait_for_url("**/cas/login?service=*")
    expect(page.locator("#msgInfo")).to_have_text("注册成功，请登录")
    state = state_of(lay_replica)
    assert state["accounts_created"] == ["mudgeeh0ney"]
    [account] = [a for a in state["accounts"] if a["username"] == "mudgeeh0ney"]
    assert account["details"]["countryCode"] == "AUS"
