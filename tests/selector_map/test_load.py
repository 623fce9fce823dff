"""The selector map: the shipped map, and how a broken one is refused."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake import columns
from cifer_bot.facilities.models import expected_fields
from cifer_bot.floors import holds_never_click, never_click
from cifer_bot.labels import has_cjk, normalize_label
from cifer_bot.resources import data_dir, fixtures_dir, selectors_dir
from cifer_bot.selector_map import SelectorMap, check_fields, load_selector_map

VERSION = "2021-11-26"
SHIPPED = selectors_dir() / f"{VERSION}.yaml"


def _load(version_or_path: str) -> SelectorMap:
    """A map as a run loads it: checked against the facility models' fields."""
    return load_selector_map(version_or_path, expected=expected_fields())


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any], name: str = "map.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _page(data: dict[str, Any], name: str) -> dict[str, Any]:
    page: dict[str, Any] = next(p for p in data["pages"] if p["name"] == name)
    return page


# --- the shipped map -----------------------------------------------------------------


def test_shipped_map_loads() -> None:
    loaded = load_selector_map(VERSION)
    assert loaded.version == VERSION
    assert loaded.source == SHIPPED.resolve()
    assert [page.name for page in loaded.pages] == [
        "landing",
        "portal",
        "login",
        "change_password",
        "register",
        "home",
        "query",
        "categories",
        "form",
        "result",
    ]
    assert [page.step for page in loaded.pages] == [1, 2, 3, 3, 3, 4, 4, 5, 6, 6]


def test_shipped_map_fills_every_model_field_once() -> None:
    loaded = load_selector_map(VERSION)
    expected = expected_fields()
    assert len(expected["account"]) == 15
    assert len(expected["application"]) == 20
    for model, names in expected.items():
        for name in names:
            page, _ = loaded.entry_for_field(f"{model}.{name}")
            assert page.name == ("register" if model == "account" else "form")


def test_the_facility_files_headers_read_the_maps_labels() -> None:
    # One source per fact: the spreadsheet's Chinese headers are the map's labels.
    loaded = load_selector_map(VERSION)
    data = yaml.safe_load((data_dir() / "facility-columns.yaml").read_text(encoding="utf-8"))
    # A column names its own Chinese header only where two forms share a label (备注).
    own = {column["column"]: column["zh"] for column in data["columns"] if "zh" in column}
    for column in columns():
        form, field = column.targets[0]
        if form in ("account", "application"):
            _, entry = loaded.entry_for_field(f"{form}.{field}")
            assert column.zh == own.get(column.name, entry.label), column.name
            assert column.en == entry.english, column.name


def test_shipped_chinese_labels_are_written_normalised() -> None:
    # the map carries labels as the resolver compares them: no `*`, colon or gloss
    for page in load_selector_map(VERSION).pages:
        for entry in page.entries:
            if entry.label is not None and has_cjk(entry.label):
                assert normalize_label(entry.label) == entry.label, f"{page.name}.{entry.name}"


def test_never_click_holds_the_final_submission() -> None:
    # The built-in captions are the floor: the shipped map adds none, and no entry of
    # the map is a control that holds one.
    loaded = load_selector_map(VERSION)
    forbidden = never_click(loaded.never_click)
    assert {"提交", "确认提交", "Submit"} <= set(forbidden)
    for page in loaded.pages:
        for entry in page.entries:
            assert entry.label is None or not holds_never_click(entry.label, forbidden)


def test_the_pages_the_tool_walks() -> None:
    loaded = load_selector_map(VERSION)
    login = loaded.page("login")
    assert login.messages["bad_credentials"] == "用户名或密码错误"
    assert login.messages["bad_captcha"] == "验证码错误"
    assert login.entry("password_hash").css is not None
    assert loaded.page("portal").entry("cifer_menu").kind == "hover_menu"
    assert loaded.page("register").entry("register_now").label == "立即注册"
    assert loaded.page("form").entry("identity_document").kind == "file"
    sub_item = loaded.page("categories").entry("sub_item")
    assert sub_item.params == ("sub_item",)
    assert sub_item.label_for({"sub_item": "巧克力"}) == "巧克力"
    with pytest.raises(InputError, match="sub_item"):
        sub_item.label_for({})


def test_portal_hosts() -> None:
    portal = load_selector_map(VERSION).portal
    assert portal.base_url == "https://www.singlewindow.cn/"
    assert {"www.singlewindow.cn", "cifer.singlewindow.cn", "app.singlewindow.cn"} <= set(
        portal.hosts
    )
    assert portal.allows("https://cifer.singlewindow.cn/cifer/")
    assert not portal.allows("http://cifer.singlewindow.cn/cifer/")
    assert not portal.allows("https://example.com/")


def test_selectors_folder_is_not_a_package() -> None:
    # a package named `selectors` would shadow the standard library module asyncio uses
    assert not (selectors_dir() / "__init__.py").exists()


def test_loading_is_cached() -> None:
    assert load_selector_map(VERSION) is load_selector_map(VERSION)
    assert _load(str(SHIPPED)) is load_selector_map(VERSION)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = _write(tmp_path, _raw())
    first = _load(str(path))
    data = _raw()
    data["never_click"].append("正式申报")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # a different modification time, whatever the file system's clock resolution
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "正式申报" in _load(str(path)).never_click
    assert "正式申报" not in first.never_click


@pytest.mark.parametrize("variant", [VERSION, f"{VERSION}-drift"])
def test_every_page_is_identified_on_the_replica(variant: str) -> None:
    # the text that tells a page must be on that page, whatever its markup
    for page in load_selector_map(VERSION).pages:
        path = fixtures_dir() / variant / f"{page.name}.html"
        if not path.is_file():
            continue
        source = html.unescape(path.read_text(encoding="utf-8"))
        if page.identify.by == "title":
            title = re.search(r"<title>(.*?)</title>", source, re.S)
            assert title is not None and page.identify.text in title.group(1), path
        else:
            body = re.sub(r"<[^>]+>", "", source.split("<body", 1)[-1])
            assert page.identify.text in body, path


# --- refusals ------------------------------------------------------------------------


def test_a_missing_field_entry_is_refused(tmp_path: Path) -> None:
    data = _raw()
    form = _page(data, "form")
    form["entries"] = [e for e in form["entries"] if e.get("field") != "application.remarks"]
    form["evidence"]["entries"] = [e for e in form["evidence"]["entries"] if e != "remarks"]
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        _load(str(path))
    message = str(caught.value)
    assert str(path) in message
    assert "missing" in message and "application.remarks" in message


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    data = _raw()
    _page(data, "form")["entries"].append(
        {
            "name": "colour",
            "label": "颜色",
            "english": "Colour",
            "kind": "text",
            "field": "application.colour",
        }
    )
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        _load(str(path))
    message = str(caught.value)
    assert "unknown" in message and "application.colour" in message
    assert "page form, entry colour" in message


def test_a_field_filled_twice_is_refused(tmp_path: Path) -> None:
    data = _raw()
    login = _page(data, "login")
    next(e for e in login["entries"] if e["name"] == "username")["field"] = "account.username"
    with pytest.raises(InputError, match=r"more than one entry: account\.username"):
        _load(str(_write(tmp_path, data)))


def test_check_fields_with_explicit_fields() -> None:
    loaded = load_selector_map(VERSION)
    expected = expected_fields()
    check_fields(loaded, expected)
    fewer = {"account": expected["account"]}
    with pytest.raises(InputError, match="unknown") as caught:
        check_fields(loaded, fewer)
    assert "application.enterprise_name" in str(caught.value)
    more = {**expected, "application": [*expected["application"], "category"]}
    with pytest.raises(InputError, match=r"missing \(no entry fills them\): application\.category"):
        check_fields(loaded, more)


def test_a_bad_value_is_named_by_its_place_in_the_file(tmp_path: Path) -> None:
    data = _raw()
    entry = next(e for e in _page(data, "login")["entries"] if e["name"] == "username")
    entry["kind"] = "txt"
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        _load(str(path))
    message = str(caught.value)
    assert str(path) in message
    assert "pages[login].entries[username].kind" in message


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    data = _raw()
    _page(data, "register")["entries"][0]["selector"] = "#userName"
    with pytest.raises(InputError, match=r"pages\[register\]\.entries\[username\]\.selector"):
        _load(str(_write(tmp_path, data)))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"css": "#userName"}, "exactly one of `label` and `css`"),
        ({"label": None}, "exactly one of `label` and `css`"),
        ({"label": "*："}, "empty once normalised"),
        ({"label": "{sub item}"}, "placeholder"),
    ],
)
def test_entry_rules(tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    data = _raw()
    _page(data, "register")["entries"][0].update(change)
    with pytest.raises(InputError, match=r"pages\[register\]\.entries\[username\]") as caught:
        _load(str(_write(tmp_path, data)))
    assert expected in str(caught.value)


def test_a_button_fills_no_field(tmp_path: Path) -> None:
    data = _raw()
    button = next(e for e in _page(data, "form")["entries"] if e["name"] == "save_draft")
    button["field"] = "application.remarks"
    with pytest.raises(InputError, match="does not fill a field"):
        _load(str(_write(tmp_path, data)))


def test_a_never_click_caption_is_not_an_entry(tmp_path: Path) -> None:
    data = _raw()
    _page(data, "form")["entries"].append(
        {"name": "submit", "label": "提交", "english": "Submit", "kind": "button"}
    )
    with pytest.raises(InputError, match="holds a never-click caption"):
        _load(str(_write(tmp_path, data)))


def test_a_map_that_empties_never_click_still_cannot_name_the_submission(tmp_path: Path) -> None:
    # Broke: a map whose never_click list was replaced lowered the guard: its 暂存 entry
    # could then be the submit button itself.
    data = _raw()
    data["never_click"] = []
    save = next(e for e in _page(data, "form")["entries"] if e["name"] == "save_draft")
    save["label"] = "提交"
    with pytest.raises(InputError, match="holds a never-click caption"):
        _load(str(_write(tmp_path, data)))


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    data = _raw()
    data["pages"].append(dict(_page(data, "landing")))
    with pytest.raises(InputError, match="page names used more than once: landing"):
        _load(str(_write(tmp_path, data)))


def test_portal_host_must_be_allowed(tmp_path: Path) -> None:
    data = _raw()
    data["portal"]["base_url"] = "https://evil.example/"
    with pytest.raises(InputError, match=r"portal: .*on the Single Window's hosts"):
        _load(str(_write(tmp_path, data)))


def test_a_map_adds_hosts_and_can_take_none_of_the_tool_s_away(tmp_path: Path) -> None:
    # Broke: the fence was the map's list alone: a map could point the tool anywhere,
    # and drop the portal's own hosts.
    data = _raw()
    data["portal"]["allowed_hosts"] = ["cifer.example.gov.cn"]
    loaded = _load(str(_write(tmp_path, data, "adds.yaml")))
    assert loaded.portal.added_hosts == {"cifer.example.gov.cn"}
    assert {"www.singlewindow.cn", "cifer.example.gov.cn"} <= loaded.portal.hosts


@pytest.mark.parametrize("host", ["*", "*.cn", "127.0.0.1", "localhost", "http://evil.cn", "cn"])
def test_a_map_cannot_add_a_wildcard_an_address_or_loopback(tmp_path: Path, host: str) -> None:
    data = _raw()
    data["portal"]["allowed_hosts"] = [host]
    with pytest.raises(InputError, match="not a host name a map may add"):
        _load(str(_write(tmp_path, data, "widens.yaml")))


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML") as caught:
        _load(str(path))
    assert str(path) in str(caught.value)


def test_unknown_version_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=f"no selector map for version 1999-01-01.*{VERSION}"):
        load_selector_map("1999-01-01")


def test_neither_version_nor_file() -> None:
    with pytest.raises(InputError, match="neither a map version"):
        load_selector_map("latest")
    with pytest.raises(InputError, match="no selector map file"):
        load_selector_map("missing/map.yaml")


def test_model_is_strict() -> None:
    with pytest.raises(ValueError, match="Extra inputs"):
        SelectorMap.model_validate({**_raw(), "colour": "blue"})


def test_a_limit_is_for_a_control_that_takes_text(tmp_path: Path) -> None:
    data = _raw()
    form = _page(data, "form")
    next(e for e in form["entries"] if e["name"] == "save_draft")["max_length"] = 10
    with pytest.raises(InputError, match=r"entries\[save_draft\]: .*`max_length` is for text"):
        _load(str(_write(tmp_path, data)))


def test_the_shipped_map_limits_every_text_field_of_both_forms() -> None:
    loaded = load_selector_map(VERSION)
    for path, [(_, entry)] in loaded.field_entries().items():
        if entry.kind in ("text", "textarea") and path != "account.username":
            assert entry.max_length is not None, path
    _, remarks = loaded.entry_for_field("application.remarks")
    assert (remarks.kind, remarks.max_length) == ("textarea", 500)


# --- its English, for people who read no Chinese --------------------------------------


def test_every_page_and_step_of_the_shipped_map_has_its_english() -> None:
    loaded = load_selector_map(VERSION)
    assert [title.step for title in loaded.guide.steps] == [1, 2, 3, 4, 5, 6]
    for page in loaded.pages:
        caption = loaded.caption(page.name)
        assert caption.step == page.step and caption.text and caption.title
        # a Chinese word in a caption has its English beside it: `新版门户 (New portal)`,
        # or `saved drafts (暂存)`
        text = caption.text
        for word in re.finditer(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text):
            glossed = text[word.end() :].startswith(" (")
            glossing = text[: word.start()].endswith(" (") and text[word.end() :][:1] == ")"
            assert glossed or glossing, f"{page.name}: {word.group(0)} has no English"
        for entry in page.entries:
            assert entry.english.strip(), f"{page.name}.{entry.name}"
    assert loaded.caption("login").heading == "Step 3 of 6: Log in (登录)"
    assert loaded.caption("register").title == "Create an account"


@pytest.mark.parametrize("field", ["caption"])
def test_a_page_without_its_caption_is_refused(tmp_path: Path, field: str) -> None:
    data = _raw()
    del _page(data, "categories")[field]
    with pytest.raises(InputError, match=r"pages\[categories\]\.caption: Field required"):
        _load(str(_write(tmp_path, data)))


def test_a_guide_without_each_of_the_six_steps_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["guide"]["steps"] = [s for s in data["guide"]["steps"] if s["step"] != 4]
    with pytest.raises(InputError, match=r"guide: .*each of the guide's 6 steps once"):
        _load(str(_write(tmp_path, data)))


def test_an_entry_without_english_is_refused(tmp_path: Path) -> None:
    data = _raw()
    entries = _page(data, "form")["entries"]
    next(e for e in entries if e["name"] == "enterprise_name")["english"] = ""
    with pytest.raises(InputError, match=r"entries\[enterprise_name\]\.english"):
        _load(str(_write(tmp_path, data)))
