"""The drift zoo's page set `my97`: a person can walk it, with hard-coded selectors.

The set is a 2010s build of the same portal: table layouts, a picture for the orange
tab, a login page that the new portal opens in its own `<iframe name="loginFrame">`
(posting with `target="_top"`), and an application form with an imitation of
My97DatePicker (the calendar is drawn in its own iframe), a custom country drop-down
over a hidden `<select>`, a hidden file input behind `附件上传`, and 暂存 as an image
link. The test logs in through the portal's login frame, fills all 20 fields through
the widgets, saves a draft, and checks what the replica received; on the way it proves
the set's traps: the calendar lives in an iframe, a read-only date input ignores
typing, and after the login the login frame is gone and the top page is the system home.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error, Frame, FrameLocator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, Watched, expected_on_page, write_facilities

PASSWORD = "Cocoa!Secret77"

# The form's posted names of the text fields, and the values to type (by model field).
TEXT_FIELDS = {
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
DATE_FIELDS = {
    "cnRegDate": "cn_registration_date",
    "cnRegValidDate": "cn_registration_expiry",
    "buildDate": "founded_date",
    "rebuildDate": "expansion_date",
}
# The month menu of the calendar writes the months in words.
MONTHS = [f"{word}月" for word in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")]
MONTHS += ["十一月", "十二月"]


def log_in_through_the_portal(page: Page, replica: Replica) -> None:
    """Steps 1 to 3: the picture tab, the hover menu, the login page in its frame."""
    page.goto(replica.url)
    expect(page.get_by_text("口岸工作部联席会议成员")).to_be_visible()
    tab = page.get_by_role("link", name="新版门户")
    # The orange tab is a picture: the link has no text of its own, only the image's alt.
    assert tab.inner_text().strip() == ""
    expect(tab.locator("img")).to_have_attribute("alt", "新版门户")
    tab.click()
    page.wait_for_url("**/new/")

    system = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    expect(system).to_be_hidden()
    page.get_by_text("境外企业").hover()
    expect(system).to_be_visible()
    expect(system).to_have_attribute("target", "loginFrame")
    system.click()

    # The login page opens inside the portal page, not as the top document.
    login = page.frame_locator("iframe[name=loginFrame]")
    expect(login.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()
    assert page.url.endswith("/new/")
    frame = page.frame(name="loginFrame")
    assert frame is not None and "/cas/login" in frame.url

    # The captcha picture: no alt, no title, in the cell after the captcha input's cell.
    image = login.locator("img[src*=plat_cas_verifycode_gen]")
    expect(image).to_be_visible()
    for attribute in ("alt", "title", "aria-label"):
        assert image.get_attribute(attribute) is None
    expect(image).to_have_js_property("complete", True)
    expect(login.locator("td:has(#verifyCode) img")).to_have_count(0)
    expect(login.locator("tr:has(#verifyCode) td + td img")).to_have_count(1)
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]

    login.locator("#swy").fill(YARRA["username"])
    login.locator("#swm2").fill(PASSWORD)
    login.locator("#verifyCode").fill(answer)
    login.get_by_role("button", name="Sign in").click()

    # The form posts with target="_top": the whole window is the system home now.
    page.wait_for_url("**/cifer/")
    expect(page).to_have_title(re.compile("进口食品境外生产企业注册"))
    expect(page.locator("iframe[name=loginFrame]")).to_have_count(0)
    assert page.frame(name="loginFrame") is None


def open_the_form(page: Page) -> Frame:
    """Steps 4 and 5: the sidebar's 注册申请, then the sub-item 巧克力."""
    page.get_by_role("link", name="注册申请").click()
    main = page.frame_locator("iframe[name=mainFrame]")
    main.get_by_role("link", name="巧克力", exact=True).click()
    expect(main.get_by_text("企业基本信息")).to_be_visible()
    form = page.frame(name="mainFrame")
    assert form is not None and "/cifer/apply" in form.url
    return form


def pick_date(form: Frame, name: str, iso: str) -> None:
    """Open the My97 calendar of one input, go to the year and month, click the day."""
    year, month, day = (int(part) for part in iso.split("-"))
    form.locator(f"input[name={name}]").click()
    picker: FrameLocator = form.frame_locator("iframe")
    year_input = picker.locator("#dpYearInput")
    expect(year_input).to_be_visible()
    year_input.fill(str(year))
    year_input.press("Enter")
    expect(year_input).to_have_value(str(year))
    picker.locator("#dpMonthInput").click()
    picker.locator("#dpMMenu td").filter(has_text=re.compile(f"^{MONTHS[month - 1]}$")).click()
    expect(picker.locator("#dpMonthInput")).to_have_value(str(month))
    # The day of the shown month, not the grey day of the month before or after.
    days = picker.locator("#WdateDiv td[onclick]:not(.WotherDay)")
    days.filter(has_text=re.compile(f"^{day}$")).click()
    expect(form.locator(f"input[name={name}]")).to_have_value(iso)


def test_my97_page_set_walked_by_a_person(
    page: Page, tmp_path: Path, nothing_submitted: list[Watched]
) -> None:
    write_facilities(tmp_path, YARRA)
    expected = expected_on_page(YARRA)
    with Replica(faults=[parse_fault("drift:my97")]) as replica:
        replica.add_account(YARRA["username"], PASSWORD)
        log_in_through_the_portal(page, replica)
        form = open_the_form(page)

        for name, field in TEXT_FIELDS.items():
            form.locator(f"[name={name}]").fill(expected[field])

        # The country: a custom drop-down over a hidden select that posts the code.
        combobox = form.locator("div[role=combobox]")
        listbox = form.locator("ul[role=listbox]")
        expect(form.locator("select[name=countryCode]")).to_be_hidden()
        expect(listbox).to_be_hidden()
        combobox.click()
        expect(listbox).to_be_visible()
        listbox.locator("li[role=option]", has_text="澳大利亚(AUS)").click()
        expect(listbox).to_be_hidden()
        expect(combobox).to_have_text("澳大利亚(AUS)")
        expect(form.locator("select[name=countryCode]")).to_have_value(expected["country"])

        # Trap: the date inputs are read-only; typing and filling change nothing.
        first = form.locator("input[name=cnRegDate]")
        expect(first).to_have_attribute("readonly", "readonly")
        first.press_sequentially("2019-03-04")
        expect(first).to_have_value("")
        with pytest.raises(Error):
            first.fill("2019-03-04", timeout=500)
        expect(first).to_have_value("")
        page.keyboard.press("Escape")

        # Trap: the calendar is drawn inside its own iframe, a child of the form's frame.
        form.evaluate(
            """() => {
                window.__changes = [];
                document.querySelectorAll("input.Wdate").forEach((el) =>
                    el.addEventListener("change", () => window.__changes.push(el.name)));
            }"""
        )
        form.locator("input[name=cnRegDate]").click()
        expect(form.frame_locator("iframe").locator("#dpTodayInput")).to_be_visible()
        assert form.locator("td[onclick^=day_Click]").count() == 0
        [calendar] = form.child_frames
        assert calendar.locator("td[onclick^=day_Click]").count() >= 28
        for caption in ("清空", "今天", "确定"):
            expect(calendar.get_by_role("button", name=caption)).to_be_visible()
        page.keyboard.press("Escape")
        expect(form.locator("iframe")).to_be_hidden()

        for name, field in DATE_FIELDS.items():
            pick_date(form, name, expected[field])
            # choosing a day closes the popup (the iframe stays, hidden)
            expect(form.locator("iframe")).to_be_hidden()
        changes: list[Any] = form.evaluate("() => window.__changes")
        assert changes == list(DATE_FIELDS)

        # The upload: the button opens the hidden file input.
        document = tmp_path / str(YARRA["identity_document"])
        with page.expect_file_chooser() as chooser:
            form.get_by_role("button", name="附件上传").click()
        chooser.value.set_files(document)
        expect(form.locator("#idFileShow")).to_have_text(document.name)
        assert form.locator("input[name=idFileId]").input_value() != ""

        # 暂存 is a picture in a link; 提交 (a span) is never pressed.
        save = form.get_by_role("link", name="暂存")
        expect(save.locator("img")).to_have_attribute("alt", "暂存")
        save.click()
        main = page.frame_locator("iframe[name=mainFrame]")
        expect(main.get_by_text("暂存成功")).to_be_visible()

        # The saved values are back in the widgets.
        expect(main.locator("div[role=combobox]")).to_have_text("澳大利亚(AUS)")
        for name, field in DATE_FIELDS.items():
            expect(main.locator(f"input[name={name}]")).to_have_value(expected[field])
        expect(main.locator("#idFileShow")).to_have_text(document.name)

        assert_drafts_whole(replica.state.snapshot(), [YARRA], tmp_path)
