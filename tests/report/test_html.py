"""report.html: every text of the facility file or the portal is shown, never obeyed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cifer_bot.report.build import STATES, Entry, Report
from cifer_bot.report.html import render


def _page(folder: Path, state: str, **fields: Any) -> str:
    """report.html of one chocolate application of yarrachoc01 in `state`."""
    entry = Entry(
        **{
            "facility": "yarra-choc",
            "category_code": "D248-A9-CONF-CHOC",
            "category": "巧克力 (Chocolate)",
            "username": "yarrachoc01",
            "row": 1,
            "state": state,
            "state_text": STATES[state][0],
            "next": STATES[state][1],
            **fields,
        }
    )
    return render(Report("f.yaml", "p", [entry], invalid=[]), folder)


def test_facility_and_portal_text_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"\x1b[2J'
    differs = {
        "label_zh": "企业名称",
        "label_en": "Enterprise name",
        "expected": hostile,
        "actual": "<img src=x onerror=alert(2)>",
        "match": False,
    }
    page = _page(
        tmp_path, "mismatch", facility=hostile, message=hostile, outcome={"review": [differs]}
    )
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\x1b[2J" in page
    assert "MISMATCH (meant &lt;script&gt;" in page
    # A table where a field differs is open from the start.
    assert "<details open><summary>Review table (1 of 1 fields differ)</summary>" in page


def test_a_command_in_the_tools_words_is_set_as_code_and_stays_escaped(tmp_path: Path) -> None:
    page = _page(tmp_path, "review", message="the page said `<b>busy</b>`")
    assert "then <code>cifer-bot sync</code> records" in page
    assert "said <code>&lt;b&gt;busy&lt;/b&gt;</code>" in page
    assert "`" not in page.split("<body", 1)[1]
