"""Countries as portals name them: codes, Chinese and English names, never a prefix."""

from __future__ import annotations

import pytest

from cifer_bot.facilities.countries import country_in_text, names_of


@pytest.mark.parametrize(
    "text",
    [
        "AUS",
        "AUS 澳大利亚",
        "AUS-澳大利亚",
        "澳大利亚(AUS)",
        "澳大利亚（AUS）",
        "澳大利亚",
        "Australia",
    ],
)
def test_every_way_a_portal_writes_australia_is_australia(text: str) -> None:
    assert country_in_text(text) == "AUS"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("韩国", "KOR"),
        ("KOR-韩国", "KOR"),
        ("大韩民国", "KOR"),
        ("朝鲜", "PRK"),
        ("朝鲜民主主义人民共和国(PRK)", "PRK"),
        ("中国香港", "HKG"),
        ("香港", "HKG"),
        ("HKG 中国香港", "HKG"),
        ("澳门", "MAC"),
        ("中国澳门", "MAC"),
        ("中国台湾省", "TWN"),
        ("台湾", "TWN"),
        ("奥地利", "AUT"),
        ("Austria", "AUT"),
    ],
)
def test_names_portals_use_where_the_iso_names_differ(text: str, code: str) -> None:
    assert country_in_text(text) == code


@pytest.mark.parametrize("text", ["澳门", "奥地利", "AUT", "澳", "澳大", "Austral", "AU-奥地利"])
def test_no_neighbour_or_prefix_is_taken_for_australia(text: str) -> None:
    assert country_in_text(text) != "AUS"


@pytest.mark.parametrize("text", ["", "请选择地区(Please select a country)", "Korea", "AUS-奥地利"])
def test_a_text_that_names_no_country_or_two_names_none(text: str) -> None:
    assert country_in_text(text) is None


def test_the_names_of_a_country_include_its_codes_and_both_languages() -> None:
    assert {"aus", "au", "australia", "澳大利亚"} <= names_of("AUS")
    assert "韩国" in names_of("KOR") and "大韩民国" in names_of("KOR")
