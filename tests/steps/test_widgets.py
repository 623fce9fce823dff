"""The widget ladders' judges: dates read as dates, and what counts as the option meant."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from cifer_bot.portal.marked import marked
from cifer_bot.selector_map import load_selector_map
from cifer_bot.steps import widgets
from cifer_bot.steps.widgets.choice import matcher
from cifer_bot.steps.widgets.dates import formats, parse
from cifer_bot.steps.widgets.page import Shown, shown

FORM = load_selector_map().page("form")


@pytest.mark.parametrize(
    "shown",
    ["2004-05-17", "2004/05/17", "2004年05月17日", "2004.05.17", "2004-5-17", " 2004年5月17日 "],
)
def test_a_date_is_read_however_the_page_writes_it(shown: str) -> None:
    assert parse(shown) == date(2004, 5, 17)


@pytest.mark.parametrize("shown", ["", "请选择日期", "2004-13-01", "17/05/2004"])
def test_what_is_not_a_date_reads_as_none(shown: str) -> None:
    assert parse(shown) is None


def test_the_placeholder_s_format_is_tried_first() -> None:
    assert formats("yyyy/MM/dd")[0] == "%Y/%m/%d"
    assert formats("YYYY-MM-DD")[0] == "%Y-%m-%d"
    assert formats("请选择日期")[0] == "%Y-%m-%d"
    assert "%Y年%m月%d日" in formats("")


def test_dates_are_compared_as_dates_and_countries_by_the_country() -> None:
    founded, country = FORM.entry("founded_date"), FORM.entry("country")
    assert widgets.same(founded, "2004-05-17", "2004年05月17日")
    assert not widgets.same(founded, "2004-05-17", "2004/05/18")
    assert widgets.same(country, "AUS", "澳大利亚(AUS)")
    assert not widgets.same(country, "AUS", "澳门")
    assert widgets.same(FORM.entry("enterprise_name"), "Yarra", "Yarra")
    assert not widgets.same(FORM.entry("enterprise_name"), "Yarra", "Yarra Pty")


def test_an_option_is_matched_whole_never_by_its_beginning() -> None:
    meant = matcher(FORM.entry("country"), "AUS")
    assert [meant(text) for text in ("AUS-澳大利亚", "Australia", "AUT 奥地利", "澳门")] == [
        True,
        True,
        False,
        False,
    ]


# A filterable select of a Vue 3 kit: the input is the search box only (emptied once an
# option is chosen), the choice is shown in a span beside it, and the listbox the input
# controls is mounted at the end of <body> (hidden when closed).
COMBOBOX = """
<div class="select"><span class="chosen">{chosen}</span>
  <input role="combobox" aria-controls="list" aria-expanded="false" value=""></div>
<ul id="list" role="listbox" style="display: none">
  <li role="option" aria-selected="false">AUT-奥地利</li>
  <li role="option" aria-selected="{selected}">AUS-澳大利亚</li>
</ul>
"""


def test_a_combobox_s_empty_search_input_shows_the_option_its_listbox_selects(
    page: Page,
) -> None:
    page.set_content(COMBOBOX.format(chosen="AUS-澳大利亚", selected="true"))
    assert shown(marked(page.main_frame, "input")) == Shown(value="", text="AUS-澳大利亚")
    page.set_content(COMBOBOX.format(chosen="请选择", selected="false"))
    assert shown(marked(page.main_frame, "input")) == Shown(value="", text="")
