"""What every generated portal shows, read from the base version's own pages: the
form's fields (label, name, kind, whether mandatory, a select's options) and the food
categories (group, category, sub-items), so that a generated portal carries the
guide's labels and the replica's field names and nothing is written twice."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cifer_bot.errors import ReplicaError
from cifer_bot.resources import fixtures_dir

_ROW = re.compile(
    r'<tr>\s*<td class="lbl w"><label for="(?P<id>\w+)">(?P<label>.*?)</label></td>\s*'
    r'<td class="val">(?P<control>.*?)</td>\s*</tr>',
    re.DOTALL,
)
_TAGS = re.compile(r"<[^>]+>")
_OPTIONS = re.compile(r"<select[^>]*>(.*?)</select>", re.DOTALL)
_NAME = re.compile(r'\bname="(\w+)"')
_GROUP = re.compile(
    r'<div class="cat-group" data-group="(\w+)">(.*?)(?=<div class="cat-group"|\Z)', re.DOTALL
)
_CAT = re.compile(r"<h4>(.*?)</h4>\s*<ul>(.*?)</ul>", re.DOTALL)
_ITEM = re.compile(r'<a href="/cifer/apply\?item=[^"]*">(.*?)</a>')


@dataclass(frozen=True)
class Field:
    """One field of the application form."""

    name: str  # what the replica receives
    label: str  # as a person reads it, with its colon
    kind: str  # text, date, select, textarea or file
    required: bool
    options: str = ""  # a select's options, as HTML


@dataclass(frozen=True)
class Category:
    """One category of the category page: its group, its name and its sub-items."""

    group: str
    name: str
    items: tuple[str, ...]


def _text(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def _page(version: str, name: str) -> str:
    path: Path = fixtures_dir() / version / name
    if not path.is_file():
        raise ReplicaError(f"portal version {version!r} has no {name} to generate portals from")
    return path.read_text(encoding="utf-8")


@cache
def form_fields(version: str) -> tuple[Field, ...]:
    """The application form's fields, in the base form's order."""
    found = []
    for row in _ROW.finditer(_page(version, "form.html")):
        control, label = row["control"], row["label"]
        options = _OPTIONS.search(control)
        kind = (
            "file"
            if 'type="file"' in control
            else "select"
            if options
            else "textarea"
            if "<textarea" in control
            else "date"
            if "Wdate" in control
            else "text"
        )
        named = _NAME.search(control)
        name = "idFile" if kind == "file" or named is None else named.group(1)
        found.append(
            Field(
                name=name,
                label=_text(label).lstrip("*"),
                kind=kind,
                required='class="red"' in label,
                options=options.group(1).strip() if options else "",
            )
        )
    return tuple(found)


@cache
def categories(version: str) -> tuple[Category, ...]:
    """The category page's categories, in its order."""
    found = []
    for group in _GROUP.finditer(_page(version, "categories.html")):
        for cat in _CAT.finditer(group.group(2)):
            items = tuple(_text(item) for item in _ITEM.findall(cat.group(2)))
            found.append(Category(group.group(1), _text(cat.group(1)), items))
    return tuple(found)
