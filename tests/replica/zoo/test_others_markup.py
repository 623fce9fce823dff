"""Five page sets of other people's markup, walked by a person with hard-coded selectors:
the pages work as their READMEs say, before the tool is asked to fill them.

- `spa`: two single-page applications whose document title never changes, with hash
  and history routes, and a login card titled by a `div`;
- `clickmenu`: a CIFER menu that opens on a click, its link added only then;
- `radio`: the food category chosen by a radio button and 下一步;
- `multipart`: a classic form whose file rides with 暂存, its name never shown;
- `wizard`: the form in three panes, 下一步 and 上一步, 暂存 on the last.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from cifer_bot.replica import Replica, parse_fault
from tests.support.judge import assert_drafts_whole
from tests.support.runs import YARRA, expected_on_page, write_facilities

pytestmark = pytest.mark.usefixtures("nothing_submitted")

PASSWORD = "Cocoa!Secret77"
TITLE = "进口食品境外生产企业注册 - 中国国际贸易单一窗口"
# Model field -> the name the form posts it under (portal.yaml).
POSTED = {
    "country": "countryCode",
    "approval_no": "regNo",
    "approval_authority": "regOrgName",
    "cn_registration_no": "cnRegNo",
    "cn_registration_date": "cnRegDate",
    "cn_registration_expiry": "cnRegValidDate",
    "enterprise_name": "entName",
    "production_address": "prodAddr",
    "founded_date": "buildDate",
    "legal_rep_name": "legalName",
    "legal_rep_tel": "legalTel",
    "legal_rep_email": "legalEmail",
    "contact_name": "linkName",
    "contact_tel": "linkTel",
    "contact_email": "linkEmail",
    "expansion_date": "rebuildDate",
    "expansion_project": "rebuildItem",
    "expansion_facilities": "rebuildFacility",
    "remarks": "remark",
}


def serving(page_set: str) -> Iterator[Replica]:
    with Replica(faults=[parse_fault(f"drift:{page_set}")]) as running:
        running.add_account(str(YARRA["username"]), PASSWORD)
        yield running


@pytest.fixture
def spa() -> Iterator[Replica]:
    yield from serving("spa")


@pytest.fixture
def clickmenu() -> Iterator[Replica]:
    yield from serving("clickmenu")


@pytest.fixture
def radio() -> Iterator[Replica]:
    yield from serving("radio")


@pytest.fixture
def multipart() -> Iterator[Replica]:
    yield from serving("multipart")


def sign_in(page: Page, replica: Replica) -> None:
    """On the login page: the credentials and the code the back channel knows."""
    page.locator("#swy").fill(str(YARRA["username"]))
    page.locator("#swm2").fill(PASSWORD)
    image = page.locator("#captchaImg")
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    page.locator("#verifyCode").fill(
        page.request.get(replica.url + "__replica/captcha").json()["answer"]
    )
    page.get_by_role("button", name="Sign in").click()


def fill_fields(scope: Page | Frame, values: dict[str, str]) -> None:
    """The 19 fields by the names they post (native dates take ISO dates)."""
    for field, name in POSTED.items():
        control = scope.locator(f"[name={name}]:visible")
        if field == "country":
            control.select_option(values[field])
        else:
            control.fill(values[field])


def test_the_spa_keeps_one_title_on_every_route_and_saves_through_fetch(
    page: Page, spa: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    page.goto(spa.url)
    expect(page).to_have_title(TITLE)
    page.get_by_role("link", name="新版门户").click()
    expect(page).to_have_url(spa.url + "#/new")
    expect(page).to_have_title(TITLE)
    link = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    expect(link).to_be_hidden()
    page.get_by_text("境外企业").hover()
    link.click()

    # The login card's title is a div: no heading anywhere, the same document title.
    expect(page.get_by_text("LOGIN OR REGISTER")).to_be_visible()
    expect(page.get_by_role("heading")).to_have_count(0)
    expect(page).to_have_title(TITLE)
    sign_in(page, spa)

    page.get_by_role("link", name="注册申请", exact=True).click()
    expect(page).to_have_url(spa.url + "cifer/app/categories")
    expect(page).to_have_title(TITLE)
    page.get_by_role("link", name="巧克力", exact=True).click()
    expect(page.get_by_text("企业基本信息")).to_be_visible()
    expect(page).to_have_title(TITLE)
    expect(page.locator("iframe")).to_have_count(0)

    fill_fields(page, expected_on_page(YARRA))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="附件上传").click()
    chooser.value.set_files(document)
    expect(page.get_by_text(document.name)).to_be_visible()
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/cifer/apply")):
        page.get_by_role("button", name="暂存", exact=True).click()
    expect(page.get_by_text("暂存成功")).to_be_visible()
    assert_drafts_whole(spa.state.snapshot(), [YARRA], tmp_path)

    # A history route reloads into its view; 综合查询 lists the draft under a heading.
    page.get_by_role("link", name="综合查询", exact=True).click()
    expect(page.get_by_role("heading", name="综合查询")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="综合查询")).to_be_visible()
    expect(page.get_by_role("cell", name="巧克力")).to_be_visible()


def test_the_cifer_menu_opens_on_a_click_only(page: Page, clickmenu: Replica) -> None:
    page.goto(clickmenu.url + "new/")
    tab = page.get_by_role("button", name="境外企业 CIFER")
    link = page.get_by_role("menuitem", name="进口食品境外生产企业注册管理系统")
    tab.hover()
    expect(link).to_have_count(0)  # not on the page at all until the menu opens
    tab.click()
    expect(link).to_be_visible()
    tab.click()
    expect(link).to_have_count(0)
    tab.click()
    link.click()
    expect(page.get_by_role("heading", name="LOGIN OR REGISTER")).to_be_visible()


def categories_of(page: Page, replica: Replica) -> Frame:
    page.goto(replica.url + "cas/login?service=%2Fcifer%2F")
    sign_in(page, replica)
    page.get_by_role("link", name="注册申请", exact=True).click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    expect(frame.get_by_role("button", name="下一步")).to_be_visible()
    return frame


def test_a_category_is_chosen_by_its_radio_and_next(page: Page, radio: Replica) -> None:
    frame = categories_of(page, radio)
    frame.get_by_role("button", name="下一步").click()
    expect(frame.get_by_text("请选择产品类别")).to_be_visible()
    chocolate: Locator = frame.get_by_label("巧克力", exact=True)
    chocolate.check()
    expect(frame.get_by_text("企业基本信息")).to_have_count(0)  # a choice alone moves nothing
    # The recommended group is closed to an account that registers itself.
    expect(frame.get_by_label("乳品", exact=True)).to_be_disabled()
    frame.get_by_role("button", name="下一步").click()
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    assert "item=%E5%B7%A7%E5%85%8B%E5%8A%9B" in frame.url


def test_the_file_rides_with_the_form_and_its_name_is_never_shown(
    page: Page, multipart: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    page.goto(multipart.url + "cas/login?service=%2Fcifer%2F")
    sign_in(page, multipart)
    page.get_by_role("link", name="注册申请", exact=True).click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.get_by_role("link", name="巧克力", exact=True).click()
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    expect(frame.get_by_role("button", name="附件上传")).to_have_count(0)

    fill_fields(frame, expected_on_page(YARRA))
    with page.expect_request(lambda r: r.method == "POST") as sent:
        frame.get_by_label("企业身份证明文件").set_input_files(document)
        frame.get_by_role("button", name="暂存", exact=True).click()
    assert sent.value.url.endswith("/cifer/apply")  # no request of its own for the file
    assert "multipart/form-data" in (sent.value.header_value("content-type") or "")
    expect(frame.get_by_text("暂存成功")).to_be_visible()
    expect(frame.get_by_text(document.name)).to_have_count(0)
    assert_drafts_whole(multipart.state.snapshot(), [YARRA], tmp_path)

    # A second 暂存 without choosing the file again keeps the file saved before.
    frame.get_by_role("button", name="暂存", exact=True).click()
    expect(frame.get_by_text("暂存成功")).to_be_visible()
    assert_drafts_whole(multipart.state.snapshot(), [YARRA], tmp_path)


@pytest.fixture
def wizard() -> Iterator[Replica]:
    yield from serving("wizard")


def test_the_form_s_panes_show_one_at_a_time_and_save_on_the_last(
    page: Page, wizard: Replica, tmp_path: Path
) -> None:
    write_facilities(tmp_path, YARRA)
    document = tmp_path / str(YARRA["identity_document"])
    values = expected_on_page(YARRA)
    page.goto(wizard.url + "cas/login?service=%2Fcifer%2F")
    sign_in(page, wizard)
    page.get_by_role("link", name="注册申请", exact=True).click()
    frame = page.frame(name="mainFrame")
    assert frame is not None
    frame.get_by_role("link", name="巧克力", exact=True).click()
    expect(frame.get_by_text("第一步 企业基本信息")).to_be_visible()
    expect(frame.get_by_label("法定代表人姓名")).to_be_hidden()
    expect(frame.get_by_role("button", name="暂存")).to_have_count(0)  # on the last pane
    # 下一步 holds a pane whose mandatory fields are empty
    frame.get_by_role("button", name="下一步").click()
    expect(frame.get_by_text("请填写本步的必填项")).to_be_visible()

    for pane in (1, 2, 3):
        shown = frame.locator(f"section[data-pane='{pane}']")
        for field, name in POSTED.items():
            control = shown.locator(f"[name={name}]")
            if control.count() == 0:
                continue
            if field == "country":
                control.select_option(values[field])
            else:
                control.fill(values[field])
        if pane < 3:
            shown.get_by_role("button", name="下一步").click()
    expect(frame.get_by_text("第三步 改扩建及附件")).to_be_visible()
    # 上一步 goes back with the values kept, and 下一步 comes again
    frame.get_by_role("button", name="上一步").click()
    expect(frame.get_by_label("法定代表人姓名")).to_have_value(values["legal_rep_name"])
    frame.locator("section[data-pane='2']").get_by_role("button", name="下一步").click()
    frame.get_by_label("企业身份证明文件").set_input_files(document)
    frame.get_by_role("button", name="暂存", exact=True).click()
    expect(frame.get_by_text("暂存成功")).to_be_visible()
    assert_drafts_whole(wizard.state.snapshot(), [YARRA], tmp_path)
