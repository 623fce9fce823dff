"""report.html: every text of the facility file or the portal is shown, never obeyed."""

from __future__ import annotations

from pathlib import Path

from cifer_bot.report.build import Entry, Report
from cifer_bot.report.html import render


def test_facility_and_portal_text_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"\x1b[2J'
    entry = Entry(
        facility=hostile,
        category_code="D248-A9-CONF-CHOC",
        category="巧克力 (Chocolate)",
        username="yarrachoc01",
        row=1,
        state="mismatch",
        state_text="filled, but the page holds something else: not saved",
        next="compare",
        message=hostile,
        outcome={
            "review": [
                {
                    "label_zh": "企业名称",
                    "label_en": "Enterprise name",
                    "expected": hostile,
                    "actual": "<img src=x onerror=alert(2)>",
                    "match": False,
                }
            ]
        },
    )
    page = render(Report("f.yaml", "p", [entry], invalid=[]), tmp_path)
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\x1b[2J" in page
    assert "MISMATCH (meant &lt;script&gt;" in page
