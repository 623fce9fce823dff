"""Every page of the replica renders in Chromium and shows the strings of the contract,
and the whole flow of the guide can be walked by a plain Playwright script."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cifer_bot.replica import Replica, parse_fault
from cifer_bot.replica.pages import PageSet
from cifer_bot.selector_map import load_selector_map
from tests.support.http_client import Client

MINISTRIES = [
    "外交部",
    "国家发展和改革委员会",
    "科学技术部",
    "工业和信息化部",
    "公安部",
    "司法部",
    "财政部",
    "生态环境部",
    "交通运输部",
    "农业农村部",
    "商务部",
    "国家卫生健康委员会",
    "中国人民银行",
    "海关总署",
    "国家税务总局",
    "国家市场监督管理总局",
    "国家药监局",
    "国家移民管理局",
    "国家林业和草原局",
    "国家铁路局",
    "中国民用航空局",
]

CONTRACT: dict[str, list[str]] = {
    "/": [
        "全国",
        "[切换地区]",
        "2021年11月01日",
        "中文 | 英文",
        "设为首页",
        "加入收藏",
        "中国国际贸易单一窗口",
        "China International Trade Single Window",
        "首页",
        "新闻动态",
        "标准规范",
        "政策法规",
        "标准库应用",
        "口岸工作部联席会议成员",
        *MINISTRIES,
        "掌上单一窗口：让通关随身所欲",
        "2021-10-08",
        "通知公告",
        "原产地信息管理系统RCEP3.0版本上线",
        "2021-10-16",
        "京公网安备 11011302001653号",
        "新版门户",
    ],
    "/new/": ["境外企业", "CIFER"],
    "/cas/login": [
        "LOGIN OR REGISTER",
        "Username",
        "Password",
        "Enter Code Shown in Image",
        "Sign in",
        "Create an account",
        "Not a Overseas Manufacturing Enterprise?",
    ],
    "/cas/register": [
        "境外账号注册(Abroad Enterprise Registration)",
        "账号信息(ENTERPRISE NAME/ADDRESS INFORMATION)",
        "用户名(Username)",
        "6-18位英文字母或字母与数字组合",
        "密码(Password)",
        "8-16位大小写字母、数字和符号任意二种及以上组合",
        "确认密码(Confirm Password)",
        "所在国家或地区(Country/Area)",
        "所在国注册号(Approval NO)",
        "若您需要使用",
        "工作单位(Enterprise Name)",
        "工作部门(Department)",
        "工作职务(Post)",
        "联系人(Contacts)",
        "联系电话(Tel)",
        "联系传真(Fax Number)",
        "联系手机(Mobile)",
        "联系地址(Enterprise Street Address)",
        "联系邮箱(E-mail Address)",
        "备注(Remarks)",
        "立即注册",
        "(Register now)",
    ],
    "/cifer/": ["中国国际贸易单一窗口", "进口食品境外生产企业注册", "注册申请", "综合查询"],
    "/cifer/notice": [
        "系统公告",
        "标题",
        "发布日期",
        "发布者",
        "关于保障进出口企业权益的重要通知",
        "2020/09/23",
        "重要通知",
        "2018/11/30",
        "中国电子口岸数据中心",
    ],
    "/cifer/categories": [
        "需经所在国家（地区）主管当局推荐注册",
        "糖果、巧克力 (包括巧克力、代可可脂巧克力及其制品)",
        "糖果",
        "巧克力",
        "其他糖果、巧克力",
        "肉与肉制品",
        "乳品",
        "水产品",
        "保健食品",
        "茶（类）饮料",
        "蔬菜及其制品（保鲜和脱水蔬菜除外）",
        "棕榈芯",
    ],
    "/cifer/apply?item=巧克力": [
        "巧克力",
        "企业基本信息",
        "所在国家(地区)",
        "所在国家(地区)主管当局批准的注册编号",
        "所在国家(地区)注册批准机构名称",
        "注册编号",
        "注册时间",
        "注册有效期",
        "企业名称",
        "生产场所地址",
        "建厂时间",
        "法定代表人姓名",
        "法定代表人电话",
        "法定代表人邮箱",
        "联系人姓名",
        "联系人电话",
        "联系人邮箱",
        "改扩建日期",
        "改扩建项目",
        "改扩建生产设施",
        "备注",
        "企业身份证明文件",
        "附件上传",
        "暂存",
        "提交",
    ],
}


def comparable(text: str) -> str:
    """NFKC without white space: how a person compares what two pages say."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def visible_text(page: Page) -> str:
    """The body's text plus the captions of input buttons, which innerText leaves out."""
    captions = page.locator("input[type=submit], input[type=button]").evaluate_all(
        "(inputs) => inputs.map((i) => i.value).join(' ')"
    )
    return comparable(page.locator("body").inner_text() + " " + str(captions))


@pytest.mark.parametrize("variant", ["base", "drift"])
@pytest.mark.parametrize("path", list(CONTRACT))
def test_page_renders_and_shows_its_contract_strings(
    browser: Browser, path: str, variant: str
) -> None:
    faults = [parse_fault("drift")] if variant == "drift" else []
    with Replica(faults=faults) as replica:
        replica.add_account("cocoaworks", "Sweet!Cocoa9")
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        if path.startswith("/cifer/"):
            client = Client(replica.url)
            client.login("cocoaworks", "Sweet!Cocoa9")
            context.add_cookies(
                [{"name": c.name, "value": c.value or "", "url": replica.url} for c in client.jar]
            )
        response = page.goto(replica.url + path.lstrip("/"))
        assert response is not None and response.status == 200
        text = visible_text(page)
        missing = [s for s in CONTRACT[path] if comparable(s) not in text]
        assert missing == []
        context.close()


def test_cifer_link_is_hidden_until_the_tab_is_hovered(page: Page, replica: Replica) -> None:
    page.goto(replica.url + "new/")
    link = page.get_by_role("link", name="进口食品境外生产企业注册管理系统")
    expect(link).to_be_hidden()
    page.get_by_text("境外企业", exact=True).first.hover()
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_text("LOGIN OR REGISTER")).to_be_visible()


def test_self_registered_account_sees_article_7_greyed_out(page: Page, replica: Replica) -> None:
    replica.add_account("cocoaworks", "Sweet!Cocoa9")
    login_in_browser(page, replica, "cocoaworks", "Sweet!Cocoa9")
    frame = page.frame_locator("iframe")
    page.get_by_text("注册申请", exact=True).click()
    dairy = frame.get_by_text("乳品", exact=True).last
    expect(dairy).to_be_visible()
    # Broke (a loaded machine): the page's script takes the link away after the page
    # shows, and the test read the link before it did: wait for the link to go.
    expect(dairy).not_to_have_attribute("href", re.compile(""))
    chocolate = frame.get_by_role("link", name="巧克力", exact=True)
    expect(chocolate).to_have_attribute("href", re.compile("apply"))


def login_in_browser(page: Page, replica: Replica, username: str, password: str) -> None:
    page.goto(replica.url + "cas/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    answer = page.request.get(replica.url + "__replica/captcha").json()["answer"]
    page.get_by_label("Enter Code Shown in Image").fill(answer)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("注册申请", exact=True)).to_be_visible()


def test_login_page_sends_an_md5_of_the_password_not_the_password(
    page: Page, replica: Replica
) -> None:
    replica.add_account("cocoaworks", "Sweet!Cocoa9")
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data or "") if r.method == "POST" else None)
    login_in_browser(page, replica, "cocoaworks", "Sweet!Cocoa9")
    assert posted and "Sweet" not in posted[0]
    from cifer_bot.replica.state import md5_hex

    assert md5_hex("Sweet!Cocoa9") in posted[0]


def test_whole_flow_walked_by_a_plain_playwright_script(
    page: Page, replica: Replica, tmp_path: Path
) -> None:
    # Step 1: the orange tab
    page.goto(replica.url)
    page.get_by_text("新版门户").click()
    # Step 2: hover the CIFER tab, follow the link
    page.get_by_text("境外企业", exact=True).first.hover()
    page.get_by_role("link", name="进口食品境外生产企业注册管理系统").click()
    # Step 3: create an account, then log in with the captcha from the back channel
    page.get_by_text("Create an account").click()
    values = {
        "用户名": "walkerPlant1",
        "密码": "Walk!er2021",
        "确认密码": "Walk!er2021",
        "所在国注册号": "EST5678",
        "工作单位": "Walker Biscuits Pty Ltd",
        "联系人": "Alex Walker",
        "联系电话": "+61 2 9555 0199",
        "联系地址": "7 Mill Street, Bathurst NSW 2795",
        "联系邮箱": "alex@walker.example",
    }
    for label, value in values.items():
        row = page.locator("tr", has=page.get_by_text(re.compile(f"^\\*?{label}\\("))).first
        row.locator("input").first.fill(value)
    page.locator("select[name=countryCode]").select_option("AUS")
    page.get_by_role("button", name=re.compile("立即注册")).click()
    expect(page.get_by_text("注册成功，请登录")).to_be_visible()
    login_in_browser(page, replica, "walkerPlant1", "Walk!er2021")
    # Step 4 and 5: 注册申请, then the sub-item
    page.get_by_text("注册申请", exact=True).click()
    frame = page.frame_locator("iframe")
    frame.get_by_role("link", name="饼干、糕点、面包", exact=True).click()
    # Step 6: fill a field, upload, save a draft, then submit
    expect(frame.get_by_text("企业基本信息")).to_be_visible()
    form_frame = next(f for f in page.frames if "/cifer/apply" in f.url)
    form_frame.locator("[name=entName]").fill("Walker Biscuits Pty Ltd")
    form_frame.get_by_role("button", name="暂存").click()
    expect(frame.get_by_text("暂存成功")).to_be_visible()
    state = page.request.get(replica.url + "__replica/state").json()
    assert [d["values"]["entName"] for d in state["drafts"]] == ["Walker Biscuits Pty Ltd"]

    form_frame = next(f for f in page.frames if "/cifer/apply" in f.url)
    document = tmp_path / "licence.pdf"
    document.write_bytes(b"%PDF-1.4\n%test\n")
    with page.expect_file_chooser() as chooser:
        form_frame.get_by_role("button", name="附件上传").click()
    chooser.value.set_files(document)
    expect(frame.get_by_text("licence.pdf")).to_be_visible()
    fill = {
        "regNo": "EST5678",
        "prodAddr": "7 Mill Street, Bathurst NSW 2795",
        "legalName": "Alex Walker",
        "legalTel": "+61 2 9555 0199",
        "legalEmail": "alex@walker.example",
        "linkName": "Alex Walker",
        "linkTel": "+61 2 9555 0199",
        "linkEmail": "alex@walker.example",
    }
    for name, value in fill.items():
        form_frame.locator(f"[name={name}]").fill(value)
    form_frame.locator("select[name=countryCode]").select_option("AUS")
    form_frame.locator("[name=buildDate]").click()
    picker_year = form_frame.get_by_label("年")
    picker_year.select_option("2005")
    form_frame.get_by_label("月").select_option("7")
    form_frame.get_by_role("cell", name="14", exact=True).click()
    expect(form_frame.locator("[name=buildDate]")).to_have_value("2005-07-14")
    form_frame.get_by_role("button", name="提交").click()
    expect(frame.get_by_text("提交成功")).to_be_visible()
    number = frame.locator("#applyNo").inner_text()
    assert re.fullmatch(r"\d{18}", number)
    state = page.request.get(replica.url + "__replica/state").json()
    assert [s["application_no"] for s in state["submissions"]] == [number]


def test_every_limit_of_the_selector_map_is_a_field_the_replica_checks() -> None:
    # One source per fact: the limits live in the map (A11-A13), the replica reads them.
    pages = PageSet("2021-11-26")
    limited = {
        (page.name, entry.label): entry.max_length
        for page in load_selector_map().pages
        for entry in page.entries
        if entry.max_length is not None
    }
    sections = {"register": "register", "form": "application"}
    checked = {
        (page, spec["label"]): pages.max_length(section, spec["label"])
        for page, section in sections.items()
        for spec in pages.fields(section)
        if pages.max_length(section, spec["label"]) is not None
    }
    assert checked == limited
    assert len(limited) == 25
    assert not any("max" in spec for section in sections.values() for spec in pages.fields(section))
