"""Which page the browser is on, known as a person knows it: by what can be acted on
there, the map's clue (a title, a heading, a text) being one more piece of evidence.

Each page here is markup the replica never serves, written with the guide's labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from cifer_bot.errors import PortalError
from cifer_bot.portal.where import HINTED, SHOWN, Place, chosen, identify
from cifer_bot.selector_map import SelectorMap, load_selector_map
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.route import LEGS, Leg, Visit, walk
from tests.support.runs import make_flow

# The title a single-page application shows on every route: the system home's clue.
_ONE_TITLE = "<title>进口食品境外生产企业注册 - 中国国际贸易单一窗口</title>"

_LOGIN_CARD = """
<div class="login-card">
  <div class="card-title">LOGIN OR REGISTER</div>
  <label>Username <input name="u"></label>
  <label>Password <input name="p" type="password"></label>
  <label>Enter Code Shown in Image <input name="c"></label><img alt="" src="data:,">
  <span role="button">Sign in</span>
</div>"""

_LOGIN_NO_TITLE = """
<div class="box">
  <div><span>Username</span><input></div>
  <div><span>Password</span><input type="password"></div>
  <div><span>Enter Code Shown in Image</span><input></div>
  <button>Sign in</button>
</div>"""

_HOME = """
<nav><a href="#/apply">注册申请</a> <a href="#/query">综合查询</a></nav>
<main><p>欢迎</p></main>"""

_CHANGE_PASSWORD = """
<div class="panel"><div class="panel-header">修改密码</div>
  <label>原密码 <input type="password"></label>
  <label>新密码 <input type="password"></label>
  <label>确认新密码 <input type="password"></label>
  <button>确认修改</button>
</div>"""

_REGISTER = """
<form><div class="el-card__header">境外账号注册</div>
  <label>用户名 <input></label>
  <label>密码 <input type="password"></label>
  <label>确认密码 <input type="password"></label>
  <label>所在国家或地区 <select><option>澳大利亚</option></select></label>
  <button type="button">立即注册</button>
</form>"""

_RESULT = "<div class='result'><p>提交成功</p><p>申请编号：GACC-1</p></div>"


@pytest.fixture(scope="module")
def selectors() -> SelectorMap:
    return load_selector_map("2021-11-26")


def _on(page: Page, selectors: SelectorMap, body: str, *, head: str = _ONE_TITLE) -> str | None:
    page.set_content(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    place = chosen(identify([page], selectors).places, selectors)
    return None if place is None else place.page


def test_a_title_every_route_shares_only_hints_at_the_home(
    page: Page, selectors: SelectorMap
) -> None:
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body><p>加载中</p></body></html>")
    places = identify([page], selectors).places
    assert [(p.page, p.level) for p in places] == [("home", HINTED)]


def test_a_login_card_under_the_home_s_title_is_the_login(
    page: Page, selectors: SelectorMap
) -> None:
    assert _on(page, selectors, _LOGIN_CARD) == "login"


def test_a_login_form_beside_the_home_s_links_means_not_signed_in(
    page: Page, selectors: SelectorMap
) -> None:
    # A single-page app's shell shows its menu behind a login dialog: the login wins.
    assert _on(page, selectors, _HOME + _LOGIN_CARD) == "login"


def test_the_home_is_shown_by_its_tab_once_the_login_is_gone(
    page: Page, selectors: SelectorMap
) -> None:
    assert _on(page, selectors, _HOME) == "home"
    home = next(p for p in identify([page], selectors).places if p.page == "home")
    assert home.level == SHOWN and home.evidence == ("apply",) and home.clue


def test_a_login_whose_title_is_a_div_or_nothing_is_known_by_its_controls(
    page: Page, selectors: SelectorMap
) -> None:
    assert _on(page, selectors, _LOGIN_NO_TITLE, head="<title>Portal</title>") == "login"
    login = next(p for p in identify([page], selectors).places if p.page == "login")
    assert login.evidence == ("username", "password", "captcha") and not login.clue


def test_a_title_in_a_card_s_div_is_read_as_a_title(page: Page, selectors: SelectorMap) -> None:
    page.set_content(_LOGIN_CARD.replace("Username", "Name"))  # one control missing
    login = next(p for p in identify([page], selectors).places if p.page == "login")
    assert login.level == HINTED and login.clue


@pytest.mark.parametrize(
    ("body", "expected"),
    [(_CHANGE_PASSWORD, "change_password"), (_REGISTER, "register")],
    ids=["change-password", "register"],
)
def test_pages_with_password_inputs_are_not_the_login(
    page: Page, selectors: SelectorMap, body: str, expected: str
) -> None:
    assert _on(page, selectors, body) == expected
    assert "login" not in [p.page for p in identify([page], selectors).places]


def test_the_result_page_is_known_by_its_text(page: Page, selectors: SelectorMap) -> None:
    assert _on(page, selectors, _RESULT) == "result"


def test_hidden_controls_are_no_evidence(page: Page, selectors: SelectorMap) -> None:
    assert _on(page, selectors, f"<div hidden>{_LOGIN_NO_TITLE}</div>", head="") is None


def test_a_page_s_evidence_is_described_for_a_person(page: Page, selectors: SelectorMap) -> None:
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{_LOGIN_CARD}</body></html>")
    described = [p.describe() for p in identify([page], selectors).places]
    assert "login (shown by controls username, password, captcha and its clue)" in described
    assert "home (hinted at by its clue)" in described


def test_the_result_page_stops_the_route(page: Page, tmp_path: Path) -> None:
    # A person submitted in this window: whatever title the result page shares with the
    # system home, the walk stops there and does nothing more.
    def shows_the_result(flow: Flow, visit: Visit) -> None:
        flow.page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{_RESULT}</body></html>")

    flow = make_flow(page, "http://127.0.0.1:9/", tmp_path)
    first = Leg("open", None, "step 1 (open the portal)", shows_the_result)
    with pytest.raises(PortalError, match="shows a submission's result"):
        walk(flow, Visit(), legs=[first, *LEGS])


def _page_of(place: Place | None) -> str | None:
    return None if place is None else place.page


_CHOOSERS = {
    "select": "<label>产品类别 <select><optgroup label='糖果、巧克力'><option>巧克力</option>"
    "</optgroup></select></label><button>下一步</button>",
    "tree": "<ul role='tree'><li role='treeitem' aria-expanded='false'><span>糖果、巧克力</span>"
    "<ul role='group' hidden><li role='treeitem'>巧克力</li></ul></li></ul>",
}


@pytest.mark.parametrize("chooser", sorted(_CHOOSERS))
def test_a_sub_item_a_chooser_holds_out_of_sight_shows_the_category_page(
    page: Page, selectors: SelectorMap, chooser: str
) -> None:
    # Broke (generated portals): a drop-down or a collapsed tree of categories under the
    # system's sidebar was no evidence, and the route waited on the system home.
    page.set_content(
        f"<html><head>{_ONE_TITLE}</head><body>{_HOME}{_CHOOSERS[chooser]}</body></html>"
    )
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    categories = next(p for p in places if p.page == "categories")
    assert categories.level == SHOWN and categories.evidence == ("sub_item",)
    assert _page_of(chosen(places, selectors)) == "categories"
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{_HOME}</body></html>")
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    assert "categories" not in [p.page for p in places]


def test_a_page_just_acted_on_in_a_shell_gives_way_to_the_next_page_s_clue(
    page: Page, selectors: SelectorMap
) -> None:
    # The shell's sidebar keeps the home shown; the category view is only titled (its
    # chooser shows nothing until opened). Leaving the home, the view is where it led;
    # otherwise the home, shown, wins over a page only hinted at.
    cascader = "<h3>注册申请</h3><input readonly placeholder='请选择'>"
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{_HOME}{cascader}</body></html>")
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    assert _page_of(chosen(places, selectors)) == "home"
    assert _page_of(chosen(places, selectors, leaving="home")) == "categories"
    # still there, not gone back: leaving the category view, the home is not an arrival
    assert _page_of(chosen(places, selectors, leaving="categories")) == "categories"


def test_the_shell_beside_a_page_of_its_own_step_is_no_arrival(
    page: Page, selectors: SelectorMap
) -> None:
    # Broke (2 CI runs of 3 on a loaded machine): 注册申请 pressed beside the query page,
    # the look came before the frame moved; the home's sidebar (step 4, as the query is)
    # was taken for where the press led, and 注册申请 was pressed a second time.
    query = "<h3>综合查询</h3><table><tr><th>申请编号</th></tr></table>"
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{_HOME}{query}</body></html>")
    places = identify([page], selectors).places
    assert [p.page for p in places] == ["home", "query"]
    assert _page_of(chosen(places, selectors, leaving="home")) == "query"
    assert _page_of(chosen(places, selectors, leaving="query")) == "query"


def test_the_document_s_title_is_a_title_a_person_reads(page: Page, selectors: SelectorMap) -> None:
    page.set_content("<html><head><title>注册申请</title></head><body><p>…</p></body></html>")
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    assert [(p.page, p.level) for p in places] == [("categories", HINTED)]


@pytest.mark.parametrize(
    "style", ["font-weight: bold", "font-weight: 600", "font-size: 20px", "font-size: 1.3em"]
)
def test_a_title_set_apart_only_by_its_look_is_read_as_a_title(
    page: Page, selectors: SelectorMap, style: str
) -> None:
    # Broke: a frame titled by a plain bold div under the shell's one title, its chooser
    # closed (a cascader shows no item until opened): no clue, no evidence, the route
    # waited on the home (generated portal g02).
    body = (
        f"<div class='box'><div style='{style}'>注册申请</div>"
        "<input readonly placeholder='请选择产品类别'></div>"
    )
    page.set_content(f"<html><head>{_ONE_TITLE}</head><body>{body}</body></html>")
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    assert ("categories", HINTED) in [(p.page, p.level) for p in places]


@pytest.mark.parametrize(
    "text",
    [
        "<div>注册申请</div>",  # the page's own weight and size
        "<div style='font-weight: bold'><a href='#'>注册申请</a></div>",  # a link
        "<label style='font-weight: bold'>注册申请 <input></label>",  # a control's label
    ],
)
def test_plain_text_links_and_labels_are_no_title(
    page: Page, selectors: SelectorMap, text: str
) -> None:
    page.set_content(f"<html><head><title>Portal</title></head><body>{text}</body></html>")
    places = identify([page], selectors, params={"sub_item": "巧克力"}).places
    assert "categories" not in [p.page for p in places]
