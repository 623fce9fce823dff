"""The quick YAML reader (`plain_yaml`): the same values as the full reader for every
document of the plain kind, and no decision at all on any other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cifer_bot.facilities.intake import documents
from cifer_bot.facilities.intake.plain_yaml import NotPlain, load_plain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _full(text: str) -> Any:
    return documents._load(text, documents._LOADER)


@pytest.mark.parametrize("name", ["facilities.yaml", "facilities-50.yaml"])
def test_the_examples_read_the_same_both_ways(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert load_plain(text, documents.MAX_DEPTH) == _full(text)


@pytest.mark.parametrize(
    "text",
    [
        "country: NO\napproval_no: 0123\nok: yes\n",
        "a: true\nb: False\nc: TRUE\nd: tRuE\ne: ~\nf: null\ng:\nh: NULL\ni: Null\n",
        "a: 'true'\nb: \"null\"\nc: '0123'\nd: ''\n",
        "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
        "- [a, b, {c: d}]\n- {e: [f, g]}\n- - h\n  - i\n",
        "# a comment\nfacilities:\n  - name: x # after\n    category: [巧克力, 糖果]\n",
        "",
        "just text",
        "---\na: b\n...\n",
        "a: 2004-05-17\nb: 1.5\nc: 1e3\nd: 0x1F\n",
        "? a\n: b\n",
    ],
)
def test_plain_documents_read_the_same_both_ways(text: str) -> None:
    assert load_plain(text, documents.MAX_DEPTH) == _full(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",
        "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n",
        "a: !!str 12\n",
        "a: !custom x\n",
        "a: 1\na: 2\n",
        "a: x\ntrue: y\nTrue: z\n",
        "? [a, b]\n: c\n",
        "a: b\n---\nc: d\n",
        "a: [unclosed\n",
        "<<: x\n",
        "[" * 21 + "]" * 21,
    ],
)
def test_anything_else_is_left_to_the_full_reader(text: str) -> None:
    with pytest.raises(NotPlain):
        load_plain(text, documents.MAX_DEPTH)


_SCALARS = st.one_of(
    st.booleans(),
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["NO", "yes", "0123", "~", "null", "True", "<<x", "- a", "a: b", "#"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=_DATA, flow=st.booleans())
def test_whatever_yaml_writes_reads_the_same_both_ways(data: Any, flow: bool) -> None:
    # Broke (could not fail): a refusal returned early, so a quick reader that refused
    # everything passed. What YAML writes of plain data is plain, but for its depth.
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    try:
        quick = load_plain(text, documents.MAX_DEPTH)
    except NotPlain:
        assert _depth(data) > documents.MAX_DEPTH, f"refused a plain document: {text!r}"
        return
    assert quick == _full(text)


def _depth(data: Any) -> int:
    """How deep lists and mappings nest in `data` (a scalar: 0)."""
    if isinstance(data, list):
        return 1 + max((_depth(item) for item in data), default=0)
    if isinstance(data, dict):
        return 1 + max((_depth(item) for item in data.values()), default=0)
    return 0
