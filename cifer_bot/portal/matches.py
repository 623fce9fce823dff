"""The page-side search for a label, and what it finds.

`find_in_frame` runs `find_controls.js` in one frame: every control the label names is
marked with a token in `data-cifer-match` and described (`MatchInfo`); the Locator on
that token is a snapshot of the frame's DOM. The errors say what the page disagreed on.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, TypedDict

from playwright.sync_api import Frame, Locator

from cifer_bot.errors import PortalError
from cifer_bot.labels import JS_NORMALIZE, has_cjk, label_key
from cifer_bot.selector_map import Kind

MATCH_ATTRIBUTE = "data-cifer-match"
# Set on the control a map entry resolved to, so that the inventory can tell the
# controls the map names from those it does not (`cifer_bot.portal.inventory`).
ENTRY_ATTRIBUTE = "data-cifer-entry"


def _script() -> str:
    source = (files(__package__) / "find_controls.js").read_text(encoding="utf-8")
    if _NORMALISATION_MARK not in source:
        raise RuntimeError("find_controls.js lost its normalisation marker")
    return source.replace(_NORMALISATION_MARK, JS_NORMALIZE)


_NORMALISATION_MARK = "/* cifer-bot: label normalisation */"
SCRIPT = _script()


class MatchInfo(TypedDict):
    """One control the script found, as it describes it."""

    tag: str
    id: str
    name: str
    type: str
    text: str
    visible: bool
    strategies: list[str]


# Strategies that only hint at a control (a placeholder, a title): where a control is
# named by anything else too, the hints are a search box or a tooltip, not the field.
HINTS = frozenset({"placeholder", "title"})


@dataclass(frozen=True)
class FrameMatches:
    """What one frame holds for a label: the marked controls and their descriptions."""

    frame: Frame
    locator: Locator
    matches: tuple[MatchInfo, ...]
    token: str = ""
    # Whether the page marked the one control found as a map entry's.
    entry_marked: bool = False

    @property
    def count(self) -> int:
        return len(self.matches)

    def one(self, index: int) -> Locator:
        """The Locator of one match alone."""
        return self.frame.locator(self.selector(index))

    def selector(self, index: int) -> str:
        """The CSS selector of one match's mark."""
        return selector_of(f"{self.token}-{index}")


class LabelError(PortalError):
    """A label of the selector map does not name exactly one control on the page."""

    def __init__(
        self,
        message: str,
        *,
        step: str,
        label: str,
        english: str,
        map_version: str,
        artifacts: tuple[Path, ...],
        matches: tuple[MatchInfo, ...] = (),
    ) -> None:
        super().__init__(message)
        self.step = step
        self.label = label
        self.english = english
        self.map_version = map_version
        self.artifacts = artifacts
        self.matches = matches


class LabelNotFound(LabelError):
    """No control on the page carries the label."""


class LabelAmbiguous(LabelError):
    """More than one control on the page carries the label."""


_tokens = itertools.count(1)


def new_token() -> str:
    return f"m{next(_tokens)}-{secrets.token_hex(4)}"


def selector_of(token: str) -> str:
    return f'[{MATCH_ATTRIBUTE}~="{token}"]'


@dataclass(frozen=True)
class Query:
    """One label to look for, as a control of a kind; hidden controls too if asked."""

    label: str
    kind: Kind
    include_hidden: bool = False


def find_in_frame(
    frame: Frame, label: str, *, kind: Kind, include_hidden: bool = False, entry: bool = False
) -> FrameMatches:
    """Mark and return every control of one frame that the label names (no waiting).

    The building block of `Resolver`; it raises nothing for zero or many matches. With
    `entry`, a control found alone is marked as a map entry's (`ENTRY_ATTRIBUTE`).
    """
    return find_all_in_frame(frame, [Query(label, kind, include_hidden)], entry=entry)[0]


def find_all_in_frame(
    frame: Frame, queries: Sequence[Query], *, entry: bool = False
) -> list[FrameMatches]:
    """`find_in_frame` for several labels in one evaluation: one walk of the page."""
    tokens = [new_token() for _ in queries]
    result: dict[str, Any] = frame.evaluate(
        SCRIPT,
        {
            "queries": [
                {
                    "label": query.label,
                    "kind": query.kind,
                    "includeHidden": query.include_hidden,
                    "token": token,
                }
                for query, token in zip(queries, tokens, strict=True)
            ],
            "attribute": MATCH_ATTRIBUTE,
            "entryAttribute": ENTRY_ATTRIBUTE if entry else "",
        },
    )
    return [
        FrameMatches(
            frame=frame,
            locator=frame.locator(f'[{MATCH_ATTRIBUTE}*="{token}-"]'),
            matches=tuple(found["matches"]),
            token=token,
            entry_marked=bool(entry and found["count"] == 1),
        )
        for found, token in zip(result["results"], tokens, strict=True)
    ]


def describe_label(label: str, english: str) -> str:
    if not english or not has_cjk(label) or label_key(english) == label_key(label):
        return f"«{label}»"
    return f"«{label}» ({english})"


def describe_match(match: MatchInfo) -> str:
    what = match["tag"] + (f"[type={match['type']}]" if match["type"] else "")
    if match["id"]:
        what += f"#{match['id']}"
    if match["name"]:
        what += f" name={match['name']}"
    if match["text"]:
        what += f" {match['text']!r}"
    if not match["visible"]:
        what += " (hidden)"
    return f"{what} by {'+'.join(match['strategies'])}"
