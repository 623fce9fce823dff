"""Facility text escaped wherever it is written (issue 11, item 4): review.md, its
HTML when rendered, and the terminal."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cifer_bot.cli import app
from cifer_bot.escape import CONTROL, is_control
from cifer_bot.facilities.intake import Problem
from cifer_bot.report import Outcome, review_markdown
from cifer_bot.steps.review import ReviewRow
from tests.support.facility_rows import good_row, write_csv, write_documents

HOSTILE = "<script>alert(1)</script> *bold* [link](http://x.example) | `code` \\ \x1b[2J\r\n"


def _row(value: str) -> ReviewRow:
    return ReviewRow("remarks", "备注", "Remarks", expected=value, actual=value + "!")


def test_review_tables_hold_facility_text_as_literal_text() -> None:
    # What broke: a value went into review.md as it was: `<script>` stayed HTML, a `|`
    # split the cell, and an escape sequence reached the file.
    outcome = Outcome(facility="site <b>1</b>", category_code="X", category="巧克力 (Chocolate)")
    outcome.review = [_row(HOSTILE)]
    table = review_markdown(outcome)
    assert "<" not in table and ">" not in table.replace("&gt;", "")
    assert "\x1b" not in table and "\r" not in table
    assert "# Review: site &lt;b&gt;1&lt;/b&gt; - 巧克力 (Chocolate)" in table
    [line] = [line for line in table.splitlines() if line.startswith("| 备注")]
    cells = line.split(" | ")
    assert len(cells) == 4, line
    assert cells[2] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[link\\](http://x.example) \\| "
        "\\`code\\` \\\\ \\\\x1b\\[2J !"
    )


def test_problems_show_control_characters_visibly_on_a_terminal() -> None:
    problem = Problem(
        row=2,
        facility="site\x1b]0;owned\x07",
        field="contact_name",
        label_en="Contact name",
        label_zh="联系人姓名",
        value="Mei\x1b[2J",
        rule="holds ESC (U+001B)",
        header="contact\x1b[31m",
    )
    shown = str(problem)
    assert "\x1b" not in shown and "\x07" not in shown
    assert 'row 2, "site\\x1b]0;owned\\x07": contact\\x1b[31m (contact_name, 联系人姓名)' in shown
    assert "'Mei\\x1b[2J'" in shown


def test_validate_prints_no_control_character_of_the_file(tmp_path: Path) -> None:
    write_documents(tmp_path)
    rows = [good_row(1) | {"name": "site\x1b[2J", "contact_name": "Mei\x1b]0;x\x07"}]
    result = CliRunner().invoke(app, ["validate", str(write_csv(tmp_path / "f.csv", rows))])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert 'row 2, "site\\x1b[2J": name (简称)' in result.output


def test_the_control_class_holds_exactly_the_control_characters() -> None:
    # The intake tells a value holds no control character by CONTROL alone (the fast
    # path of validate): it must hold the same characters as is_control, no more.
    for code in range(0x110000):
        char = chr(code)
        assert (CONTROL.fullmatch(char) is not None) is is_control(char), f"U+{code:04X}"
