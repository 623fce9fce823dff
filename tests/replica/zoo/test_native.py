"""The `native` page set, walked by a person: no widget library, only HTML5's own controls.

A 2020s rewrite of the portal with Bootstrap-like markup of its own
(`fixtures/html/2021-11-26-native/`): the CIFER menu opens on CSS `:hover` and
`:focus-within`; the login page names its inputs only by placeholders and its captcha
image has no alt text; the form has `div.form-group` rows with `<label for>`, native
`<input type="date">`, a native `<select>` of Chinese country names, and an upload panel
that the `附件上传` button reveals. Two decoys: a search box `企业名称` in the page's
header and a hidden copy of the whole field list.

The browser draws a native date field's calendar outside the page, where no script
reaches it, so the dates are typed into the field's segments, as a keyboard user does,
in the order the browser shows them (mm/dd/yyyy in an English Chromium, yyyy/mm/dd in
a Chinese one). The country is chosen from the native list by its Chinese name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import FrameLocator, Locator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, expected_on_page, write_facilities

pytestmark = pytest.mark.usefixtures("nothing_submitted")

PASSWORD = "Cocoa!Secret77"

# Model field -> (the id the label's `for=` names, the label a person reads).
FIELDS: dict[str, tuple[str, str]] = {
    "country": ("countryCode", "所在国家(地区)"),
    "approval_no": ("regNo", "所在国家(地区)主管当局批准的注册编号"),
    "approval_authority": ("regOrgName", "所在国家(地区)注册批准机构名称"),
    "cn_registration_no": ("cnRegNo", "(在华)注册编号"),
    "cn_registration_date": ("cnRegDate", "(在华)注册时间"),
    "cn_registration_expiry": ("cnRegValidDate", "(在华)注册有效期"),
    "enterprise_name": ("entName", "企业名称"),
    "production_address": ("prodAddr", "生产场所地址"),
    "founded_date": ("buildDate", "建厂时间"),
    "legal_rep_name": ("legalName", "法定代表人姓名"),
    "legal_rep_tel": ("legalTel", "法定代表人电话"),
    "legal_rep_email": ("legalEmail", "法定代表人邮箱"),
    "contact_name": ("linkName", "联系人姓名"),
    "contact_tel": ("linkTel", "联系人电话"),
    "contact_email": ("linkEmail", "联系人邮箱"),
    "expansion_date": ("rebuildDate", "改扩建日期"),
    "expansion_project": ("rebuildItem", "改扩建项目"),
    "expansion_facilities": ("rebuildFacility", "改扩建生产设施"),
    "remarks": ("remark", "备注"),
}
DATES = ("cn_registration_date", "cn_registration_expiry", "founded_date", "expansion_date")
COUNTRY_NAMES = {"AUS": "澳大利亚"}
# The orders a Chromium date field shows its segments in, by the browser's language.
DATE_ORDERS = ("mdy", "ymd", "dmy")


@pytest.fixture
def replica() -> Iterator[Replica]:
    """The replica serving the `native` page set, with the Yarra account seeded."""
    with Replica(faults=[parse_fault("drift:native")]) as running:
        running.add_account(str(YARRA["username"]), PASSWORD)
        yield running


def log_in(page: Page, replica: Replica) -> None:
    """Step 2 and 3: the CIFER menu on hover, then the placeholder-only login form."""
    page.goto(replica.url + "new/")
    link = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    expect(link).to_be_hidden()
    # Pure CSS: keyboard focus on the tab opens the menu (:focus-within), so does a hover.
    tab = page.get_by_role("button", name="境外企业")
    tab.focus()
    expect(link).to_be_visible()
    tab.blur()
    expect(link).to_be_hidden()
    page.get_by_text("境外企业", exact=True).hover()
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    # No label anywhere: the placeholders are the only names.
    expect(page.locator("label")).to_have_count(0)
    page.get_by_placeholder("Username").fill(str(YARRA["username"]))
    page.get_by_placeholder("Password").fill(PASSWORD)
    code = page.get_by_placeholder("Enter Code Shown in Image")
    # The captcha is the image right after the code box, in the same row; it has no alt.
    image = code.locator("xpath=following-sibling::img[1]")
    expect(image).to_be_visible()
    assert (image.get_attribute("alt"), image.get_attribute("title")) == (None, None)
    # The back channel knows the code once the image was drawn for this session.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    code.fill(page.request.get(replica.url + "__replica/captcha").json()["answer"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="注册申请", exact=True)).to_be_visible()


def open_form(page: Page) -> FrameLocator:
    """Step 4 and 5: 注册申请 in the sidebar, then the sub-item 巧克力."""
    page.get_by_role("link", name="注册申请", exact=True).click()
    frame = page.frame_locator("iframe[name=mainFrame]")
    frame.get_by_role("link", name="巧克力", exact=True).click()
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    return frame


def first_segment(field: Locator) -> None:
    """Click the leftmost segment of a native date field."""
    box = field.bounding_box()
    assert box is not None
    field.click(position={"x": 14, "y": box["height"] / 2})


def type_segments(page: Page, field: Locator, iso: str, order: str) -> None:
    year, month, day = iso.split("-")
    parts = {"y": year, "m": month, "d": day}
    first_segment(field)
    for part in order:
        page.keyboard.type(parts[part])


def clear_date(page: Page, field: Locator) -> None:
    first_segment(field)
    for _ in range(3):
        page.keyboard.press("Backspace")
        page.keyboard.press("ArrowRight")
    assert field.input_value() == ""


def date_order(page: Page, field: Locator, iso: str) -> str:
    """Type the first date, and learn the order the browser shows the segments in."""
    for order in DATE_ORDERS:
        type_segments(page, field, iso, order)
        if field.input_value() == iso:
            return order
        clear_date(page, field)
    raise AssertionError(f"no segment order types {iso} into the date field")


def post_of(body: str | None) -> dict[str, list[str]]:
    return parse_qs(body or "", keep_blank_values=True)


def test_a_person_fills_the_native_form_and_saves_a_draft(
    page: Page, replica: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    values = expected_on_page(YARRA)
    log_in(page, replica)
    frame = open_form(page)
    form = frame.locator("#applyForm")

    # Trap 1: a search box named 企业名称 in the header, and a hidden copy of every field.
    search = frame.locator("form[role=search] input[name=q]")
    expect(search).to_be_visible()
    expect(search).to_have_attribute("placeholder", "企业名称")
    expect(form.locator("[name=q]")).to_have_count(0)
    template = frame.locator("#siteTemplate")
    expect(template).to_be_hidden()
    for _, label in FIELDS.values():
        expect(template.locator("label", has_text=label).first).to_be_attached()
    expect(frame.locator("label", has_text="企业名称")).to_have_count(2)
    # Trap 2: no file input shows before 附件上传 is pressed; the form holds none.
    expect(form.locator("input[type=file]")).to_have_count(0)
    expect(frame.locator("input[type=file]:visible")).to_have_count(0)

    order = ""
    for field, (control_id, label) in FIELDS.items():
        expect(form.locator(f"label[for={control_id}]")).to_contain_text(label)
        control = form.locator(f"#{control_id}")
        value = values[field]
        if field == "country":
            control.select_option(label=COUNTRY_NAMES[value])
        elif field in DATES:
            if not order:
                order = date_order(page, control, value)
            else:
                type_segments(page, control, value, order)
        else:
            control.fill(value)
        expect(control).to_have_value(value)

    frame.get_by_role("button", name="附件上传").click()
    panel = frame.locator("#uploadPanel")
    expect(panel).to_be_visible()
    chooser_input = panel.locator("input[type=file]")
    expect(chooser_input).to_be_visible()
    expect(form.locator("label[for=idFileInput]")).to_contain_text("企业身份证明文件")
    with page.expect_file_chooser() as chooser:
        chooser_input.click()
    chooser.value.set_files(document)
    expect(form.locator("#uploadedName")).to_have_text(document.name)
    expect(search).to_have_value("")

    with page.expect_request(lambda r: r.method == "POST" and "/cifer/apply" in r.url) as sent:
        frame.get_by_role("button", name="暂存", exact=True).click()
    expect(frame.get_by_text("暂存成功")).to_be_visible()
    posted = post_of(sent.value.post_data)
    assert posted["action"] == ["draft"]
    assert "q" not in posted
    assert [name for name in posted if name.startswith("site_")] == []
    assert_drafts_whole(replica.state.snapshot(), [YARRA], tmp_path)

    # The saved draft comes back into the widgets: ISO dates in the date inputs.
    for field, (control_id, _) in FIELDS.items():
        expect(form.locator(f"#{control_id}")).to_have_value(values[field])
    expect(form.locator("#uploadedName")).to_have_text(document.name)
    expect(form.locator("input[type=file]")).to_have_count(0)
    expect(search).to_have_value("")


def test_a_person_registers_through_the_form_group_rows(page: Page, replica: Replica) -> None:
    page.goto(replica.url + "cas/login")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="境外账号注册")).to_be_visible()
    # Labels after the control (floating) for some rows, before it for others.
    after = page.locator("#userName + label[for=userName]")
    expect(after).to_contain_text("用户名")
    expect(page.locator("label[for=orgName] + #orgName")).to_be_visible()
    rows = {
        "userName": "walkerPlant1",
        "password": "Walk!er2021",
        "confirmPassword": "Walk!er2021",
        "approvalNo": "EST5678",
        "orgName": "Walker Biscuits Pty Ltd",
        "contactMan": "Alex Walker",
        "contactTel": "+61 2 9555 0199",
        "contactAddr": "7 Mill Street, Bathurst NSW 2795",
        "contactEmail": "alex@walker.example",
    }
    for control_id, value in rows.items():
        page.locator(f"#{control_id}").fill(value)
    page.locator("#countryCode").select_option(label="澳大利亚")
    page.get_by_role("button", name="立即注册").click()
    expect(page.get_by_text("注册成功，请登录")).to_be_visible()
    state = replica.state.snapshot()
    assert state["accounts_created"] == ["walkerPlant1"]
    [created] = [a for a in state["accounts"] if a["username"] == "walkerPlant1"]
    assert created["details"]["countryCode"] == "AUS"
