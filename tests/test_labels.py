"""Label normalisation: the Python rule, its properties, and the browser's copy of it."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from cifer_bot.labels import (
    JS_NORMALIZE,
    caption_key,
    has_cjk,
    label_key,
    labels_match,
    normalize_label,
)

CASES: list[tuple[str, str]] = [
    # the English gloss, the required mark and the colon go
    ("用户名(Username)", "用户名"),
    ("*用户名(Username)", "用户名"),
    ("＊用户名（Username）：", "用户名"),
    ("用户名 (Username):", "用户名"),
    ("用户名：(Username)", "用户名"),
    ("密码(Password) ：", "密码"),
    ("所在国家或地区(Country/Area)", "所在国家或地区"),
    ("所在国注册号(Approval NO)", "所在国注册号"),
    ("联系地址(Enterprise Street Address)", "联系地址"),
    ("联系邮箱(E-mail Address)", "联系邮箱"),
    ("境外账号注册(Abroad Enterprise Registration)", "境外账号注册"),
    ("账号信息(ENTERPRISE NAME/ADDRESS INFORMATION)", "账号信息"),
    ("立即注册\n(Register now)", "立即注册"),
    # Chinese parenthesised parts belong to the label; widths do not matter
    ("(在华)注册编号：", "(在华)注册编号"),
    ("（在华）注册编号:", "(在华)注册编号"),
    ("*所在国家(地区):", "所在国家(地区)"),
    ("所在国家（地区）主管当局批准的注册编号：", "所在国家(地区)主管当局批准的注册编号"),
    ("所在国家(地区)注册批准机构名称:", "所在国家(地区)注册批准机构名称"),
    ("茶（类）饮料", "茶(类)饮料"),
    (
        "糖果、巧克力 (包括巧克力、代可可脂巧克力及其制品)",
        "糖果、巧克力(包括巧克力、代可可脂巧克力及其制品)",
    ),
    ("用户名(Username)(用户)", "用户名(Username)(用户)"),
    # white space of every kind, and zero-width characters
    (" 用户名 ", "用户名"),
    ("用户名\u3000：", "用户名"),
    ("用\u200b户\u00a0名", "用户名"),
    # English-only labels (the login page)
    ("Username", "Username"),
    ("Password:", "Password"),
    ("*Password", "Password"),
    ("Enter Code Shown in Image", "EnterCodeShowninImage"),
    ("Sign in", "Signin"),
    # a text that is only a parenthesised part keeps it
    ("(Register now)", "(Registernow)"),
    # unbalanced parentheses are text
    ("密码>Password)", "密码>Password)"),
    ("26", "26"),
    # captions with icons, arrows and glosses beside the Chinese (see caption_key)
    ("境外企业 CIFER ▾", "境外企业CIFER▾"),
    ("save暂存", "save暂存"),
    ("下一步 >", "下一步>"),
    ("", ""),
    ("：", ""),
    ("*", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_label(text: str, expected: str) -> None:
    assert normalize_label(text) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("(在华)注册编号", "注册编号"),
        ("所在国家(地区)", "所在国家"),
        ("所在国家(地区)主管当局批准的注册编号", "所在国家(地区)"),
        ("联系人", "联系人姓名"),
        ("联系人", "联系人电话"),
        ("密码", "确认密码"),
    ],
)
def test_distinct_labels_stay_distinct(first: str, second: str) -> None:
    assert not labels_match(first, second)


def test_english_labels_compare_without_case() -> None:
    assert labels_match("Sign in", "SIGN IN")
    assert labels_match("Username", "username:")
    assert label_key("Enter Code Shown in Image") == "entercodeshowninimage"


def test_full_and_half_width_match() -> None:
    assert labels_match("所在国家（地区）：", "所在国家(地区):")
    assert labels_match("*用户名(Username)", "用户名")


@pytest.mark.parametrize(
    ("caption", "key"),
    [
        ("境外企业 CIFER ▾", "境外企业"),
        ("save暂存", "暂存"),
        ("下一步 >", "下一步"),
        ("« 上一步", "上一步"),
        ("暂 存", "暂存"),
        ("(在华)注册编号", "在华)注册编号"),
        ("Sign in", ""),
        ("", ""),
        ("𠀀字x", "𠀀字"),
    ],
)
def test_a_caption_reads_as_the_chinese_label_it_holds(caption: str, key: str) -> None:
    assert caption_key(caption) == key


def test_has_cjk() -> None:
    assert has_cjk("地区")
    assert has_cjk("、")
    assert not has_cjk("Country/Area")


@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize_label(text)
    assert normalize_label(once) == once


_ALPHABET = "用户名密码地区在华注册编号（）()：:＊* \u3000\t\nAbc-/、》《\u0301¨"


@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_idempotent_on_label_characters(text: str) -> None:
    once = normalize_label(text)
    assert normalize_label(once) == once
    assert "*" not in once
    assert not once.endswith(":")
    assert not any(char.isspace() for char in once)


@given(
    st.text(alphabet="用户名地区在华注册编号()（）、", min_size=1, max_size=12),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef /-.", max_size=20),
)
def test_decorations_do_not_change_a_label(label: str, english: str) -> None:
    core = normalize_label(label)
    if not core:
        return
    decorated = f"＊ {core} ({english})："
    assert normalize_label(decorated) == core


# --- the browser's copy -------------------------------------------------------------


@pytest.fixture(scope="module")
def js_page(browser: Browser) -> Iterator[Page]:
    # The session's browser, launched as the tool launches it (--headed works here too).
    page = browser.new_page()
    yield page
    page.close()


def _in_browser(page: Page, texts: list[str]) -> list[list[str]]:
    script = (
        "(texts) => {"
        + JS_NORMALIZE
        + "return texts.map((t) => [normalizeLabel(t), labelKey(t), captionKey(t)]); }"
    )
    result: list[list[str]] = page.evaluate(script, texts)
    return result


def _in_python(text: str) -> list[str]:
    return [normalize_label(text), label_key(text), caption_key(text)]


def test_browser_normalises_the_table_the_same(js_page: Page) -> None:
    texts = [text for text, _ in CASES]
    got = _in_browser(js_page, texts)
    assert got == [_in_python(t) for t in texts]


def test_browser_normalises_random_texts_the_same(js_page: Page) -> None:
    rng = random.Random(20211126)
    alphabet = _ALPHABET + "ＡＢｃ１２\uff1a\uff08\uff09\ufe55\u2006\u00a0\u200bĲ㎏ﬁ"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(500)]
    got = _in_browser(js_page, texts)
    assert got == [_in_python(t) for t in texts]
