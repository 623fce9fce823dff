"""The generated portals' table: every pair of values of two choices in some portal,
the committed table the one `covering` computes, and names that serve a portal."""

from __future__ import annotations

from itertools import combinations

import pytest

from cifer_bot.errors import InputError
from cifer_bot.replica import parse_fault
from cifer_bot.replica.generated import CHOICES, open_gaps, portal_of, table
from cifer_bot.replica.generated.choices import all_pairs, covering, pairs_of, uncovered
from tests.mutants import LOAD_BEARING, ROOT


def test_every_pair_of_choices_occurs_in_the_committed_table() -> None:
    portals = table()
    assert len(portals) >= 40
    for name, portal in portals.items():
        assert set(portal) == set(CHOICES), name
        assert all(portal[c] in CHOICES[c] for c in CHOICES), name
    assert uncovered(portals.values()) == set()
    # counted by hand, not by the function under test
    expected = sum(len(CHOICES[a]) * len(CHOICES[b]) for a, b in combinations(CHOICES, 2))
    assert len(all_pairs()) == expected
    seen = set().union(*(pairs_of(p) for p in portals.values()))
    assert len(seen) == expected


def test_the_committed_pairwise_rows_are_those_covering_computes() -> None:
    pairwise = [portal for name, portal in table().items() if name.startswith("g")]
    assert pairwise == covering()


def test_a_table_that_misses_a_pair_is_told() -> None:
    # the covering's last greedy row (g37) holds a pair no row before it does
    portals = list(table().values())[:37]
    dropped = portals[:-1]
    assert uncovered(dropped) <= pairs_of(portals[-1])
    assert uncovered(dropped), "the last portal covers a pair no other does"


def test_a_portal_is_named_by_the_table_or_by_its_choices() -> None:
    assert portal_of("g01") == table()["g01"]
    given = portal_of("labels=above,navigation=hash")
    assert given["labels"] == "above" and given["navigation"] == "hash"
    assert given["titles"] == CHOICES["titles"][0]
    assert parse_fault("generated:g07").variant == "g07"


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("g999", "no generated portal 'g999'"),
        ("labels=sideways", "labels is one of"),
        ("colour=red", "no choice colour"),
    ],
)
def test_a_wrong_portal_is_refused_with_what_there_is(spec: str, said: str) -> None:
    with pytest.raises(InputError, match=said):
        portal_of(spec)


def test_each_open_gap_is_a_portal_of_the_table_with_what_the_tool_meets() -> None:
    gaps = open_gaps()
    assert set(gaps) <= set(table())
    assert all(reason.strip() for reason in gaps.values())


def test_every_choice_has_a_load_bearing_mutant_that_still_applies() -> None:
    # `make load-bearing` turns each off and shows a named portal fail; here, that the
    # list covers every choice and each edit still finds its text once in the package.
    assert {m.choice for m in LOAD_BEARING} == set(CHOICES)
    portals = table()
    for mutant in LOAD_BEARING:
        for name, old, _ in mutant.edits:
            assert (ROOT / name).read_text(encoding="utf-8").count(old) == 1, mutant.name
        for test in mutant.tests:
            path, _, expression = test.partition("::")
            assert (ROOT / path).is_file(), mutant.name
            named = expression.split(" or ")
            assert named and all(name in portals for name in named), mutant.name
