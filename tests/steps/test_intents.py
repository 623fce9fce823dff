"""Each rung of the intents' ladders, on markup the replica never serves: the menu
opened by a hover, a click or Enter; the category chosen by a link, a tile, a radio
button (a UI kit's too), a tree node or a cascader under its parent, a drop-down; then
the page's 下一步 when the page does not move on by itself; an upload judged by the
answer to its request, or riding in its input when the page sends none; a form's tabs,
collapsed sections and wizard panes opened to fill what they hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from cifer_bot.errors import PortalError
from cifer_bot.portal.guard import ForbiddenClick
from cifer_bot.steps import intents, menus
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.panes import Panes
from cifer_bot.steps.widgets import upload
from tests.support.runs import PDF, make_flow

MENU_LINK = "进口食品境外生产企业注册管理系统"
OPENS = "Overseas enterprises (the CIFER tab), to open it"
NEXT = "Next (下一步)"
# Where a link or 下一步 sends the page: a route of its hash, as a single-page app's.
_RECORD = ""


@pytest.fixture
def flow(page: Page, tmp_path: Path) -> Flow:
    return make_flow(page, "http://127.0.0.1:9/", tmp_path, timeout_s=3.0)


def _show(page: Page, body: str) -> None:
    page.set_content(f"<!DOCTYPE html><html><body>{_RECORD}{body}</body></html>")


def _went(page: Page) -> str:
    page.wait_for_function("location.hash !== ''", timeout=3000)
    went: str = page.evaluate("decodeURIComponent(location.hash)")
    return went


# --- open a menu: hover, then click, then focus and Enter ---------------------------

_HOVER = f"""<style>.box {{ display: none }} .tab:hover .box {{ display: block }}</style>
<div class="tab"><span>境外企业</span>
  <div class="box"><a href="#/system">{MENU_LINK}</a></div></div>"""

_CLICK = f"""<button id="tab" aria-expanded="false">境外企业 CIFER ▾</button>
<script>
  document.getElementById("tab").addEventListener("click", (e) => {{
    const link = document.createElement("a");
    link.href = "#/system"; link.textContent = "{MENU_LINK}";
    e.target.after(link);
  }}, {{once: true}});
</script>"""

_ENTER = f"""<div id="tab" tabindex="0" aria-haspopup="menu">境外企业</div>
<script>
  document.getElementById("tab").addEventListener("keydown", (e) => {{
    if (e.key !== "Enter") return;
    const link = document.createElement("a");
    link.href = "#/system"; link.textContent = "{MENU_LINK}";
    e.target.after(link);
  }});
</script>"""


@pytest.mark.parametrize(
    ("markup", "presses"),
    [(_HOVER, []), (_CLICK, [OPENS]), (_ENTER, [OPENS, OPENS])],
    ids=["hover", "click", "focus-and-enter"],
)
def test_a_menu_opens_on_the_first_rung_that_shows_its_item(
    page: Page, flow: Flow, markup: str, presses: list[str]
) -> None:
    _show(page, markup)
    menus.open_menu(flow, "portal", "cifer_menu", "cifer_system", step="step 2")
    assert _went(page) == "#/system"
    assert flow.clicker.clicked[:-1] == presses
    assert MENU_LINK in flow.clicker.clicked[-1]


def test_a_menu_that_never_opens_says_what_was_tried(page: Page, flow: Flow) -> None:
    _show(page, "<button>境外企业</button>")
    with pytest.raises(
        PortalError, match=r"showed no 进口食品.* after a hover, a click, and Enter"
    ):
        menus.open_menu(flow, "portal", "cifer_menu", "cifer_system", step="step 2")


# --- choose one item ----------------------------------------------------------------

_NEXT = """<button type="button" onclick="location.hash = '#/apply?item=' +
  (document.querySelector('input:checked, [aria-selected=true], .picked')?.value
   || document.querySelector('[aria-selected=true], .picked')?.textContent
   || document.querySelector('select')?.value)">下一步</button>"""

_LINK = """<p>糖果、巧克力</p>
<a href="#/apply?item=糖果">糖果</a> <a href="#/apply?item=巧克力">巧克力</a>"""

_TILES = (
    """<style>.tile { cursor: pointer; display: inline-block; padding: 8px }</style>
<div class="tile" onclick="this.classList.add('picked')">糖果</div>
<div class="tile" onclick="this.classList.add('picked')">巧克力</div>"""
    + _NEXT
)

_RADIO = (
    """<form><fieldset><legend>糖果、巧克力</legend>
<label><input type="radio" name="item" value="糖果"> 糖果</label>
<label><input type="radio" name="item" value="巧克力"> 巧克力</label></fieldset></form>"""
    + _NEXT
)

# A UI kit's radio (element-ui): the input hidden, the choice drawn in its label.
_KIT_RADIO = (
    """<style>.el-radio__original { opacity: 0; position: absolute; width: 0; height: 0;
  margin: 0 }</style>
<label class="el-radio"><span class="el-radio__input"><input class="el-radio__original"
  type="radio" name="item" value="糖果"></span><span class="el-radio__label">糖果</span></label>
<label class="el-radio"><span class="el-radio__input"><input class="el-radio__original"
  type="radio" name="item" value="巧克力"></span><span class="el-radio__label">巧克力</span></label>
"""
    + _NEXT
)

# A tree whose branch shows its leaves once it is opened; a cascader's second column.
_TREE = (
    """<ul role="tree"><li>
<span role="treeitem" aria-expanded="false" id="branch">糖果、巧克力</span>
<ul role="group" hidden><li><span role="treeitem" aria-selected="false" value="巧克力"
  onclick="this.setAttribute('aria-selected', 'true')">巧克力</span></li></ul></li></ul>
<script>
  document.getElementById("branch").addEventListener("click", (e) => {
    e.target.nextElementSibling.hidden = false;
    e.target.setAttribute("aria-expanded", "true");
  });
</script>"""
    + _NEXT
)

_CASCADER = (
    """<div role="listbox" id="first"><div role="option" id="parent">糖果、巧克力</div></div>
<div role="listbox" id="second"></div>
<script>
  document.getElementById("parent").addEventListener("click", () => {
    const leaf = document.createElement("div");
    leaf.setAttribute("role", "option"); leaf.textContent = "巧克力";
    leaf.addEventListener("click", () => leaf.setAttribute("aria-selected", "true"));
    document.getElementById("second").append(leaf);
  });
</script>"""
    + _NEXT
)

# A cascader whose columns show only once its field is clicked (Element's el-cascader).
_CLOSED_CASCADER = (
    """<input readonly placeholder="请选择产品类别" id="field">
<div id="panel" hidden><div role="listbox"><div role="option" id="parent2">糖果、巧克力</div>
</div><div role="listbox" id="second2"></div></div>
<script>
  document.getElementById("field").addEventListener("click", () => {
    document.getElementById("panel").hidden = false;
  });
  document.getElementById("parent2").addEventListener("click", () => {
    const leaf = document.createElement("div");
    leaf.setAttribute("role", "option"); leaf.textContent = "巧克力";
    leaf.addEventListener("click", () => leaf.setAttribute("aria-selected", "true"));
    document.getElementById("second2").append(leaf);
  });
</script>"""
    + _NEXT
)

_SELECT = (
    """<label>产品类别 <select><option value="">请选择</option><option>糖果</option>
<option>巧克力</option></select></label>"""
    + _NEXT
)


@pytest.mark.parametrize(
    ("markup", "presses_next"),
    [
        (_LINK, False),
        (_TILES, True),
        (_RADIO, True),
        (_KIT_RADIO, True),
        (_TREE, True),
        (_CASCADER, True),
        (_CLOSED_CASCADER, True),
        (_SELECT, True),
    ],
    ids=["link", "tiles", "radio", "kit-radio", "tree", "cascader", "closed-cascader", "select"],
)
def test_the_category_is_chosen_however_the_page_offers_it(
    page: Page, flow: Flow, markup: str, presses_next: bool
) -> None:
    _show(page, markup)
    intents.choose(
        flow,
        "categories",
        "sub_item",
        params={"sub_item": "巧克力"},
        frame=page.main_frame,
        gloss="Chocolate",
        parents=("糖果、巧克力",),
        step="step 5",
    )
    assert _went(page) == "#/apply?item=巧克力"
    assert (NEXT in flow.clicker.clicked) == presses_next
    assert flow.clicker.clicked.count(NEXT) <= 1


def test_a_page_that_moves_on_by_itself_is_not_pressed_again(page: Page, flow: Flow) -> None:
    # The choice opens the form itself (a single-page app's route): no 下一步 is pressed.
    form = "".join(
        f"<label>{label} <input></label>" for label in ("企业名称", "联系人姓名", "备注")
    )
    _show(
        page,
        _RADIO.replace("<form>", f"<form onchange=\"document.body.innerHTML = '{form}'\">"),
    )
    intents.choose(
        flow,
        "categories",
        "sub_item",
        params={"sub_item": "巧克力"},
        frame=page.main_frame,
        gloss="Chocolate",
        step="step 5",
    )
    assert NEXT not in flow.clicker.clicked
    assert page.get_by_text("企业名称").count() == 1


def test_a_choice_with_nothing_to_move_on_with_says_so(page: Page, flow: Flow) -> None:
    _show(page, _RADIO.replace(_NEXT, ""))
    with pytest.raises(PortalError, match=r"chose 巧克力 .*shows none of 下一步, 确定, Next"):
        intents.choose(
            flow,
            "categories",
            "sub_item",
            params={"sub_item": "巧克力"},
            frame=page.main_frame,
            gloss="Chocolate",
            step="step 5",
        )


def test_an_item_nothing_offers_names_what_was_looked_for(page: Page, flow: Flow) -> None:
    _show(page, _RADIO)
    with pytest.raises(PortalError, match=r"no link, radio button, .* offers 可可粉"):
        intents.choose(
            flow,
            "categories",
            "sub_item",
            params={"sub_item": "可可粉"},
            frame=page.main_frame,
            gloss="Cocoa powder",
            step="step 5",
        )


def test_a_confirm_submission_dialog_s_ok_is_never_the_way_on(page: Page, flow: Flow) -> None:
    # The page's only 确定 asks to confirm a submission: the guard refuses it.
    dialog = """<div role="dialog"><p>确认提交?</p>
      <button onclick="location.hash = '#/submitted'">确定</button></div>"""
    _show(page, _RADIO.replace(_NEXT, dialog))
    with pytest.raises(ForbiddenClick, match="stands in a dialog"):
        intents.choose(
            flow,
            "categories",
            "sub_item",
            params={"sub_item": "巧克力"},
            frame=page.main_frame,
            gloss="Chocolate",
            step="step 5",
        )
    assert page.evaluate("location.hash") == ""


# --- upload: the portal's answer to the file's request, or the file riding with 暂存 ----

_FILE = """<table><tr><th>企业身份证明文件</th><td><input type="file" id="f"></td></tr></table>"""
_SENDS = """<script>
  document.getElementById("f").addEventListener("change", (e) => {
    fetch("http://portal.test/upload", {method: "POST", body: e.target.files[0]});
  });
</script>"""


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "identity.pdf"
    path.write_bytes(PDF)
    return path


def _attach(flow: Flow, page: Page, document: Path) -> None:
    entry = flow.spec("form").entry("identity_document")
    upload.attach(flow, "form", entry, page.main_frame, document, "step 6")


def test_an_upload_answered_2xx_is_accepted_though_the_page_never_shows_its_name(
    page: Page, flow: Flow, document: Path
) -> None:
    page.route("http://portal.test/upload", lambda route: route.fulfill(status=200, body="{}"))
    _show(page, _FILE + _SENDS)
    _attach(flow, page, document)
    assert page.get_by_text(document.name).count() == 0


def test_an_upload_the_portal_refuses_says_its_status(
    page: Page, flow: Flow, document: Path
) -> None:
    page.route("http://portal.test/upload", lambda route: route.fulfill(status=400, body="{}"))
    _show(page, _FILE + _SENDS)
    with pytest.raises(
        PortalError, match=r"did not accept the upload of identity\.pdf \(HTTP 400\)"
    ):
        _attach(flow, page, document)


def test_a_file_no_request_carries_rides_in_its_input_and_reads_back(
    page: Page, flow: Flow, document: Path
) -> None:
    _show(page, _FILE)
    _attach(flow, page, document)
    assert upload.uploaded_name(flow, page.main_frame, document.name) == document.name
    assert upload.uploaded_name(flow, page.main_frame, "other.pdf") == ""


# --- a form split over tabs, collapsed sections or wizard panes ---------------------

_TABS = """<div role="tablist">
  <span role="tab" aria-selected="true">企业信息</span>
  <span role="tab" aria-selected="false" onclick="this.dataset.opened = 1">联系人</span>
  <div class="el-tabs__item" onclick="this.dataset.opened = 1">附件</div>
  <span role="tab" aria-selected="false" onclick="this.dataset.opened = 1">提交</span>
</div>"""
_SECTIONS = """<details><summary onclick="this.dataset.opened = 1">改扩建信息</summary>
  <label>改扩建项目 <input></label></details>
<button aria-expanded="false" aria-controls="more" onclick="this.dataset.opened = 1">更多</button>
<div id="more" hidden><label>备注 <input></label></div>
<button aria-expanded="false" aria-haspopup="listbox">所在国家(地区)</button>"""
_WIZARD = """<form><section><label>企业名称 <input></label>
  <button type="button" onclick="this.dataset.opened = 1">下一步</button></section></form>"""


def _opened(page: Page) -> list[str]:
    opened: list[str] = page.eval_on_selector_all(
        "[data-opened]", "(els) => els.map((el) => el.textContent.trim())"
    )
    return opened


def test_the_form_s_tabs_and_sections_are_opened_each_once_never_one_named_submit(
    page: Page, flow: Flow
) -> None:
    _show(page, _TABS + _SECTIONS)
    panes = Panes(flow, "form", page.main_frame, "step 6", filled=False)
    while panes.open_next():
        pass
    assert sorted(_opened(page)) == sorted(["联系人", "附件", "改扩建信息", "更多"])


def test_a_wizard_moves_on_once_per_pane_and_only_after_filling(page: Page, flow: Flow) -> None:
    _show(page, _WIZARD)
    panes = Panes(flow, "form", page.main_frame, "step 6")
    assert panes.open_next()
    assert _opened(page) == ["下一步"]
    assert not panes.open_next()  # nothing filled on the pane since: not pressed again
    assert flow.clicker.clicked.count("Next (下一步), the form's next pane") == 1


def test_a_wizard_s_next_where_the_form_speaks_of_submitting_is_refused(
    page: Page, flow: Flow
) -> None:
    _show(page, _WIZARD.replace("<section>", "<section><p>请确认信息无误后提交</p>"))
    with pytest.raises(ForbiddenClick, match="speaks of submitting"):
        Panes(flow, "form", page.main_frame, "step 6").open_next()
    assert _opened(page) == []
