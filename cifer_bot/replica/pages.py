"""The saved pages of one portal version, their placeholders, and the portal's rules.

A version is a folder of `fixtures/html/`; a variant (`<version>-<name>`: a page set of
the drift zoo) overrides its pages and static files and falls back to the version's own
for anything it lacks. Libraries that page sets share are in `fixtures/html/vendor/`,
served at `/static/vendor/`.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cifer_bot.errors import ReplicaError
from cifer_bot.replica.limits import field_limits
from cifer_bot.resources import fixtures_dir, read_yaml

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)(\|raw)?\s*\}\}")


@dataclass(frozen=True)
class Category:
    """A sub-item link of the category page, and the group it sits in."""

    item: str
    group: str  # "recommend" (Article 7 and the like) or "self" (Article 9)


class _CategoryLinks(HTMLParser):
    """Collects `<a href="/cifer/apply?item=...">` (or `<input name=item value=...>`)
    inside `data-group` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._groups: list[tuple[str, str | None]] = []
        self.found: list[Category] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self._groups.append((tag, attributes.get("data-group")))
        href = attributes.get("href") or ""
        items: list[str] | None = None
        if tag == "a" and "/cifer/apply" in href:
            items = parse_qs(urlsplit(href).query).get("item")
        elif tag == "input" and attributes.get("name") == "item" and attributes.get("value"):
            items = [str(attributes["value"])]  # a choice made by radio and 下一步
        group = next((g for _, g in reversed(self._groups) if g), None)
        if items and group:
            self.found.append(Category(items[0], group))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._groups) - 1, -1, -1):
            if self._groups[index][0] == tag:
                del self._groups[index:]
                return


class PageSet:
    """Pages, static files and rules of one version (and variant) of the portal."""

    def __init__(
        self,
        version: str,
        *,
        variant: str | None = None,
        root: Path | None = None,
        folder: Path | None = None,
    ) -> None:
        """`folder`: a page set written elsewhere (a generated portal), before the rest."""
        base_root = root or fixtures_dir()
        self.version = version
        self.base = base_root / version
        if not (self.base / "portal.yaml").is_file():
            available = sorted(p.name for p in base_root.iterdir() if (p / "portal.yaml").is_file())
            raise ReplicaError(
                f"no replica of portal version {version!r} in {base_root}; "
                f"available: {', '.join(available) or 'none'}"
            )
        self.vendor = base_root / "vendor"
        self.folders = [base_root / f"{version}-{variant}", self.base] if variant else [self.base]
        if variant and not self.folders[0].is_dir():
            known = sorted(
                p.name.removeprefix(f"{version}-")
                for p in base_root.glob(f"{version}-*")
                if p.is_dir()
            )
            raise ReplicaError(
                f"no page set {variant!r} of portal version {version!r}; "
                f"there are: {', '.join(known) or 'none'}"
            )
        if folder is not None:
            self.folders.insert(0, folder)
        self.rules: dict[str, Any] = read_yaml(self.base / "portal.yaml")
        self.categories = self._read_categories()
        self._limits = {
            section: field_limits(version, str(self.rules[section]["map_page"]))
            for section in ("register", "application")
            if "map_page" in self.rules.get(section, {})
        }

    def _find(self, relative: str) -> Path | None:
        for folder in self.folders:
            candidate = (folder / relative).resolve()
            # Refuse anything that climbs out of the version's folders.
            if folder.resolve() in candidate.parents and candidate.is_file():
                return candidate
        return None

    def _read_categories(self) -> dict[str, Category]:
        """The sub-items of the first category page that links them (a page set whose
        widget is drawn by a script has the base version's)."""
        for folder in self.folders:
            path = folder / "categories.html"
            if path.is_file():
                parser = _CategoryLinks()
                parser.feed(path.read_text("utf-8"))
                if parser.found:
                    return {category.item: category for category in parser.found}
        return {}

    def render(self, page: str, values: dict[str, Any] | None = None) -> bytes:
        """The page with its placeholders filled (HTML-escaped unless `|raw`)."""
        path = self._find(page)
        if path is None:
            raise ReplicaError(f"the replica has no page {page!r} for version {self.version}")
        given = values or {}

        def fill(match: re.Match[str]) -> str:
            value = given.get(match.group(1), "")
            text = value if isinstance(value, str) else json_for_script(value)
            return text if match.group(2) else html.escape(text)

        return _PLACEHOLDER.sub(fill, path.read_text("utf-8")).encode("utf-8")

    def static(self, relative: str) -> tuple[bytes, str] | None:
        path = self._find(f"static/{relative}")
        if path is None and relative.startswith("vendor/"):
            candidate = (self.vendor / relative.removeprefix("vendor/")).resolve()
            if self.vendor.resolve() in candidate.parents and candidate.is_file():
                path = candidate
        if path is None:
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in {"application/javascript", "text/javascript"}:
            kind += "; charset=utf-8"
        return path.read_bytes(), kind

    def message(self, section: str, key: str, **fields: object) -> str:
        template: str = self.rules[section]["messages"][key]
        return template.format(**fields)

    def fields(self, section: str) -> list[dict[str, Any]]:
        fields: list[dict[str, Any]] = self.rules[section]["fields"]
        return fields

    def max_length(self, section: str, label: str) -> int | None:
        """The most characters a field takes (the selector map's assumption), if any."""
        return self._limits.get(section, {}).get(label)


def json_for_script(value: object) -> str:
    """JSON that is safe inside a `<script>` element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
