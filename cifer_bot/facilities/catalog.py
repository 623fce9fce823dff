"""The food category catalog: which categories exist, and which may self-register.

The catalog is data (`cifer_bot/data/catalog-*.yaml`, one file per regulation); this
module loads it, looks a category up by code or by name, and renders it as a table.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from cifer_bot.errors import InputError
from cifer_bot.resources import data_dir, read_yaml

Group = Literal["article7", "article9"]

DEFAULT_REGULATION = "Decree 248"
# Separators a person may use between several categories in one spreadsheet cell.
CATEGORY_SEPARATORS = (";", "；", "\n")


class UnknownCategory(ValueError):
    """No catalog sub-item has this code or name. A ValueError, so that pydantic
    validators turn it into an ordinary validation message."""


@dataclass(frozen=True)
class CatalogItem:
    """One sub-item of the catalog: what a single application is filed for."""

    code: str
    name_zh: str
    name_en: str
    parent_code: str
    parent_zh: str
    parent_en: str
    group: Group
    regulation: str
    parent_assumed: bool = False

    @property
    def self_registration(self) -> bool:
        """True when a self-registered account may apply (Article 9)."""
        return self.group == "article9"

    @property
    def label(self) -> str:
        """`English | 中文`: the form the template's drop-down offers, and lookup accepts."""
        return f"{self.name_en} | {self.name_zh}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "parent_code": self.parent_code,
            "parent_zh": self.parent_zh,
            "parent_en": self.parent_en,
            "group": self.group,
            "self_registration": self.self_registration,
            "regulation": self.regulation,
        }


@dataclass(frozen=True)
class Catalog:
    """All sub-items of one regulation, in the order the system shows them."""

    regulation: str
    items: tuple[CatalogItem, ...]
    group_titles: dict[str, str]
    refusals: dict[str, str]
    # What lookup() compares, worked out once from `items` (see __post_init__): each
    # sub-item's code and names, then each parent's code and names, by their _key().
    _by_key: dict[str, CatalogItem] = field(init=False, repr=False, compare=False)
    _parents_by_key: dict[str, tuple[CatalogItem, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_key: dict[str, CatalogItem] = {}
        for item in self.items:
            for name in (item.code, item.name_zh, item.name_en):
                by_key.setdefault(_key(name), item)  # the first sub-item in order wins
        parents_by_key: dict[str, tuple[CatalogItem, ...]] = {}
        for code, items in self.parents().items():
            first = items[0]
            for name in (code, first.parent_zh, first.parent_en):
                parents_by_key.setdefault(_key(name), items)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_parents_by_key", parents_by_key)

    def self_registration_items(self) -> tuple[CatalogItem, ...]:
        return tuple(item for item in self.items if item.self_registration)

    def parents(self) -> dict[str, tuple[CatalogItem, ...]]:
        """Sub-items grouped by their parent's code, in catalog order."""
        grouped: dict[str, list[CatalogItem]] = {}
        for item in self.items:
            grouped.setdefault(item.parent_code, []).append(item)
        return {code: tuple(items) for code, items in grouped.items()}

    def refusal(self, item: CatalogItem) -> str:
        """Why a self-registered account cannot apply for `item` (empty for Article 9)."""
        reason = self.refusals.get(item.group, "")
        return f"{item.name_zh} ({item.name_en}) {reason}" if reason else ""

    def lookup(self, text: str) -> CatalogItem:
        """The sub-item named by `text`: its code, its Chinese name or its English name
        (case, width and spacing do not matter), or the template's `English | 中文` form.

        Raises UnknownCategory, with the closest names, when nothing matches; a parent
        with several sub-items is refused with the list to choose from.
        """
        wanted = _key(text)
        if not wanted:
            raise UnknownCategory("no food category given")
        if "|" in text:
            parts = [part for part in text.split("|") if part.strip()]
            found = {self.lookup(part) for part in parts}
            if len(found) == 1:
                return found.pop()
            raise UnknownCategory(f"{text.strip()!r} names more than one food category")
        if wanted in self._by_key:
            return self._by_key[wanted]
        items = self._parents_by_key.get(wanted)
        if items is not None:
            if len(items) == 1:
                return items[0]
            choices = "; ".join(f"{i.name_zh} ({i.name_en}, {i.code})" for i in items)
            raise UnknownCategory(
                f"{text.strip()!r} is a category with {len(items)} sub-items and an "
                f"application is for one sub-item: choose from {choices}"
            )
        raise UnknownCategory(self._unknown_message(text))

    def _unknown_message(self, text: str) -> str:
        names: dict[str, CatalogItem] = {}
        for item in self.items:
            for name in (item.code, item.name_zh, item.name_en):
                names[_key(name)] = item
        close = difflib.get_close_matches(_key(text), list(names), n=3, cutoff=0.5)
        hint = "; ".join(
            _unique(f"{names[c].name_zh} ({names[c].name_en}, {names[c].code})" for c in close)
        )
        message = f"{text.strip()!r} is not a food category of {self.regulation}"
        if hint:
            message += f"; did you mean {hint}?"
        return message + " (`cifer-bot categories` lists them all)"


def _key(text: str) -> str:
    """Compare names without regard to case, full-width forms or spacing."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def catalog_files() -> list[Path]:
    return sorted(data_dir().glob("catalog-*.yaml"))


def regulations() -> list[str]:
    """The regulations that have a catalog, e.g. ['Decree 248']."""
    return [str(_read(path)["regulation"]) for path in catalog_files()]


@cache
def load_catalog(regulation: str = DEFAULT_REGULATION) -> Catalog:
    """The catalog of `regulation` (default: Decree 248, which the 2021 portal follows)."""
    for path in catalog_files():
        data = _read(path)
        if data["regulation"] == regulation:
            return _build(data)
    raise InputError(
        f"no food category catalog for {regulation!r}; known: {', '.join(regulations())}"
    )


def _read(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a catalog (expected a mapping at the top)")
    return data


def _build(data: dict[str, Any]) -> Catalog:
    regulation = str(data["regulation"])
    items: list[CatalogItem] = []
    for parent in data["categories"]:
        # A category listed without sub-items has one, of its own name and code.
        subs = parent.get("items") or [
            {"code": parent["code"], "zh": parent["zh"], "en": parent["en"]}
        ]
        for sub in subs:
            items.append(
                CatalogItem(
                    code=str(sub["code"]),
                    name_zh=str(sub["zh"]),
                    name_en=str(sub["en"]),
                    parent_code=str(parent["code"]),
                    parent_zh=str(parent["zh"]),
                    parent_en=str(parent["en"]),
                    group=parent["group"],
                    regulation=regulation,
                    parent_assumed=bool(parent.get("assumed", False)),
                )
            )
    refusals = {
        name: str(group["refusal"])
        for name, group in data.get("groups", {}).items()
        if group.get("refusal")
    }
    titles = {
        name: f"Article {group['article']}: {group['title_en']}"
        for name, group in data.get("groups", {}).items()
    }
    return Catalog(
        regulation=regulation, items=tuple(items), group_titles=titles, refusals=refusals
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_table(*, catalog: Catalog, self_registration_only: bool = False) -> str:
    """The catalog as a bilingual plain-text table: one sub-item a line, under its group
    and, where a category has several sub-items, under the category's own line."""
    items = catalog.self_registration_items() if self_registration_only else catalog.items
    rows: list[tuple[str, str, str]] = []
    group = ""
    for code, subs in catalog.parents().items():
        shown = [item for item in subs if item in items]
        if not shown:
            continue
        if shown[0].group != group:
            group = shown[0].group
            if rows:
                rows.append(("", "", ""))
            rows.append((catalog.group_titles.get(group, group) + ":", "", ""))
        if len(subs) > 1 or subs[0].name_zh != subs[0].parent_zh:
            rows.append((f"  {code}", shown[0].parent_zh, shown[0].parent_en))
            rows.extend((f"    {item.code}", item.name_zh, item.name_en) for item in shown)
        else:
            rows.extend((f"  {item.code}", item.name_zh, item.name_en) for item in shown)
    header = ("code", "中文", "English")
    first = max(_width(row[0]) for row in [header, *rows] if row[1])
    second = max(_width(row[1]) for row in [header, *rows] if row[1])
    lines = [f"{_pad(header[0], first)}  {_pad(header[1], second)}  {header[2]}"]
    lines.append(f"{'-' * first}  {'-' * second}  {'-' * 7}")
    for row in rows:
        lines.append(
            f"{_pad(row[0], first)}  {_pad(row[1], second)}  {row[2]}".rstrip()
            if row[1]
            else row[0]
        )
    lines.append("")
    lines.append(
        f"{len(items)} sub-items of {catalog.regulation}; an application is for one sub-item."
    )
    return "\n".join(lines)


def catalog_json(*, catalog: Catalog, self_registration_only: bool = False) -> str:
    items = catalog.self_registration_items() if self_registration_only else catalog.items
    return json.dumps(
        {"regulation": catalog.regulation, "items": [item.as_dict() for item in items]},
        ensure_ascii=False,
        indent=2,
    )


def list_categories(*, self_registration_only: bool = False, as_json: bool = False) -> str:
    """What `cifer-bot categories` prints."""
    catalog = load_catalog()
    if as_json:
        return catalog_json(catalog=catalog, self_registration_only=self_registration_only)
    return render_table(catalog=catalog, self_registration_only=self_registration_only)
