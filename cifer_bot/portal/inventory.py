"""What a page shows beyond the map: every control with the label a person reads for it.

It tells which fields a page marks mandatory that nothing filled, which controls a new
portal version added (the map names none of them), and which labels on the page are
nearest a map entry that no longer matches (`nearest`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib.resources import files

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.labels import label_key, normalize_label
from cifer_bot.portal.matches import ENTRY_ATTRIBUTE

__all__ = ["ENTRY_ATTRIBUTE", "Seen", "inventory", "missing_mandatory", "nearest"]
_SCRIPT = (files(__package__) / "inventory.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Seen:
    """One control a page shows, as a person reads it."""

    label: str  # as the page writes it (with its `*`, colon or gloss)
    kind: str  # text, password, textarea, select, date, file, checkbox, radio, button
    mandatory: bool
    filled: bool
    named: bool  # a map entry resolved to it

    @property
    def name(self) -> str:
        """The label as the map would write it: without `*`, colon or English gloss."""
        return normalize_label(self.label)


def inventory(frames: list[Frame]) -> list[Seen]:
    """Every visible control of the frames, in page order."""
    seen: list[Seen] = []
    for frame in frames:
        try:
            found = frame.evaluate(_SCRIPT, {"attribute": ENTRY_ATTRIBUTE})
        except PlaywrightError:
            continue  # navigating or detached
        seen += [Seen(**item) for item in found]
    return seen


def nearest(label: str, seen: list[Seen], count: int = 3) -> list[tuple[Seen, float]]:
    """The controls whose labels read nearest `label` (difflib's ratio of the normalised
    texts; ties by page order), each once, with its ratio."""
    wanted = label_key(label)
    unique: dict[str, Seen] = {}
    for item in seen:
        key = label_key(item.label)
        if key and key not in unique:
            unique[key] = item
    ranked = sorted(
        (
            (item, difflib.SequenceMatcher(None, wanted, key).ratio())
            for key, item in unique.items()
        ),
        key=lambda pair: -pair[1],
    )
    return ranked[:count]


def missing_mandatory(seen: list[Seen]) -> list[Seen]:
    """The fields the page marks mandatory that hold nothing."""
    return [item for item in seen if item.mandatory and not item.filled and item.kind != "button"]
