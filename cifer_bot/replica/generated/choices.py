"""The independent choices the author of a portal makes, each a pattern real portals use.

A generated portal is one value of each choice (`Portal`); `covering` builds a list of
portals in which every pair of values of two choices occurs at least once, since most
breakages come from two choices meeting for the first time. The list the tests use is
computed once and committed (`fixtures/html/generated/portals.yaml`), with every portal
that ever failed kept beside it under its own name.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from itertools import combinations

# Each choice and its values, in the order a page set is written.
CHOICES: Mapping[str, tuple[str, ...]] = {
    # where a field's label stands: before or after its control, above it, in the cell
    # before it in rows of two or four cells, or nowhere but the placeholder or aria-label
    "labels": ("before", "after", "above", "table2", "table4", "placeholder", "aria"),
    # the document's title: one per page, or one for every route (most applications)
    "titles": ("each", "shared"),
    # how pages change: full page loads, frames two deep, history routes, hash routes
    "navigation": ("pages", "iframes", "history", "hash"),
    # what a page's title is written with
    "title": ("heading", "div", "dialog", "card"),
    # how the CIFER menu opens
    "menu": ("css-hover", "script-hover", "click"),
    # how the food category is chosen
    "category": ("links", "radios", "tree", "cascader", "select"),
    # how the application form is laid out
    "layout": ("one-page", "tabs", "wizard"),
    # the zoo's date families: a pop-up of day cells on a read-only field, the
    # browser's own, a typed date in the portal's format, a calendar in its own frame
    "date": ("picker", "native", "typed", "frame-picker"),
    # the zoo's select families: the browser's own, a list drawn over a hidden select,
    # an ARIA combobox
    "select": ("native", "drawn", "combobox"),
    # the zoo's upload families: a request as soon as the file is chosen, the file
    # riding with the form, a hidden file input behind a button, a drop zone
    "upload": ("immediate", "rides", "hidden-input", "drop-zone"),
    # how button captions are written
    "captions": ("plain", "spaced", "icon", "input"),
}

Portal = dict[str, str]
Pair = tuple[tuple[str, str], tuple[str, str]]


def pairs_of(portal: Mapping[str, str]) -> set[Pair]:
    """Every pair of (choice, value) the portal holds."""
    items = sorted(portal.items(), key=lambda item: list(CHOICES).index(item[0]))
    return {(a, b) for a, b in combinations(items, 2)}


def all_pairs() -> set[Pair]:
    """Every pair of values of two choices."""
    names = list(CHOICES)
    return {
        ((a, x), (b, y)) for a, b in combinations(names, 2) for x in CHOICES[a] for y in CHOICES[b]
    }


def uncovered(portals: Iterable[Mapping[str, str]]) -> set[Pair]:
    """The pairs no portal of the list holds."""
    left = all_pairs()
    for portal in portals:
        left -= pairs_of(portal)
    return left


def _best(row: Portal, name: str, left: set[Pair]) -> str:
    """The value of choice `name` that, beside `row`, covers the most pairs still left
    (the first of the values where several do)."""
    values = CHOICES[name]
    return max(
        values, key=lambda value: (len(pairs_of({**row, name: value}) & left), -values.index(value))
    )


# The table's least size: the greedy covering needs fewer rows than this, and its last
# rows fill their free choices with first values; the rows after it are drawn at random.
AT_LEAST = 40


def covering(seed: int = 2026, tries: int = 30, at_least: int = AT_LEAST) -> list[Portal]:
    """Portals in which every pair occurs at least once: each row starts from the first
    pair not yet covered and takes, choice by choice, the value that covers the most
    pairs still uncovered; of `tries` rows made in shuffled orders the best is kept.
    Rows drawn at random (none twice) follow until there are `at_least`."""
    chooser = random.Random(seed)
    left = all_pairs()
    rows: list[Portal] = []
    while left:
        first = min(left)
        best: tuple[int, Portal] | None = None
        for _ in range(tries):
            row = {first[0][0]: first[0][1], first[1][0]: first[1][1]}
            rest = [name for name in CHOICES if name not in row]
            chooser.shuffle(rest)
            for name in rest:
                row[name] = _best(row, name, left)
            gain = len(pairs_of(row) & left)
            if best is None or gain > best[0]:
                best = (gain, row)
        assert best is not None
        ordered = {name: best[1][name] for name in CHOICES}
        rows.append(ordered)
        left -= pairs_of(ordered)
    while len(rows) < at_least:
        drawn = {name: chooser.choice(values) for name, values in CHOICES.items()}
        if drawn not in rows:
            rows.append(drawn)
    return rows
