"""Reading a selector map: the one place that opens `selectors/<version>.yaml`.

`load_selector_map` validates the file into the strict models of `schema`, and checks,
when told which fields the facility models have, that each has exactly one entry
(`check_fields`). Every problem is an InputError that names the file and the place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cifer_bot.errors import InputError
from cifer_bot.options import DEFAULT_MAP_VERSION
from cifer_bot.resources import read_yaml, selectors_dir
from cifer_bot.selector_map.schema import VERSION_PATTERN, SelectorMap

Fields = Mapping[str, Sequence[str]]


def check_fields(selector_map: SelectorMap, expected: Fields) -> None:
    """Every expected field has exactly one entry, and every entry's field is expected.

    `expected` maps a model (`application`) to its field names (the facility models give
    theirs: `cifer_bot.facilities.models.expected_fields`). Raises InputError listing
    what is missing, doubled and unknown.
    """
    expected_paths = {f"{model}.{name}" for model, names in expected.items() for name in names}
    found = selector_map.field_entries()
    missing = sorted(expected_paths - found.keys())
    unknown = sorted(found.keys() - expected_paths)
    doubled = sorted(path for path, entries in found.items() if len(entries) > 1)
    if not (missing or unknown or doubled):
        return
    where = str(selector_map.source) if selector_map.source else f"version {selector_map.version}"
    lines = [f"selector map {where} does not match the facility models:"]
    if missing:
        lines.append(f"  missing (no entry fills them): {', '.join(missing)}")
    if unknown:
        listed = [
            f"{path} (page {page.name}, entry {entry.name})"
            for path in unknown
            for page, entry in found[path]
        ]
        lines.append(f"  unknown (no model has them): {', '.join(listed)}")
    if doubled:
        listed = [
            f"{path} ({', '.join(f'{page.name}.{entry.name}' for page, entry in found[path])})"
            for path in doubled
        ]
        lines.append(f"  filled by more than one entry: {', '.join(listed)}")
    raise InputError("\n".join(lines))


# --- loading ---------------------------------------------------------------------------


def _where(raw: Any, loc: Sequence[int | str]) -> str:
    """`pages[login].entries[username].kind`: list items are named by their `name`."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            out += f"[{name}]" if isinstance(name, str) else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _explain(path: Path, raw: Any, error: ValidationError) -> InputError:
    lines = [f"{path}: not a valid selector map:"]
    for problem in error.errors():
        # A model-level check has no field in its location: it names the problem itself.
        message = problem["msg"].removeprefix("Value error, ")
        where = _where(raw, [part for part in problem["loc"] if not str(part).startswith("_")])
        lines.append(f"  {where}: {message}")
    return InputError("\n".join(lines))


def _locate(version_or_path: str) -> Path:
    candidate = Path(version_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.parent != Path("."):
        if not candidate.is_file():
            raise InputError(f"no selector map file at {candidate}")
        return candidate.resolve()
    if not re.fullmatch(VERSION_PATTERN, version_or_path):
        raise InputError(
            f"{version_or_path!r} is neither a map version (like 2021-11-26) nor a .yaml file"
        )
    folder = selectors_dir()
    found = folder / f"{version_or_path}.yaml"
    if not found.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        raise InputError(
            f"no selector map for version {version_or_path} in {folder} (there are: {known})"
        )
    return found.resolve()


@cache
def _load(path: Path, mtime_ns: int) -> SelectorMap:
    try:
        raw = read_yaml(path)
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the selector map: {error}") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a selector map is a YAML mapping (version, portal, pages)")
    try:
        loaded = SelectorMap.model_validate(raw)
    except ValidationError as error:
        raise _explain(path, raw, error) from None
    loaded._source = path
    return loaded


def load_selector_map(
    version_or_path: str = DEFAULT_MAP_VERSION, *, expected: Fields | None = None
) -> SelectorMap:
    """Read and check a selector map: a version (`2021-11-26`) or a path to a `.yaml`.

    A version is looked up in the bundled `selectors/` folder. The map is validated
    strictly and, with `expected`, checked against those model fields (`check_fields`).
    The result is cached until the file changes. Every problem is an InputError that
    names the file and where in it the bad value is.
    """
    path = _locate(version_or_path)
    loaded = _load(path, path.stat().st_mtime_ns)
    if expected is not None:
        check_fields(loaded, expected)
    return loaded
