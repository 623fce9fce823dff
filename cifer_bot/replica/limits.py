"""The portal's field limits, read from the selector map of the replica's version.

One source per fact: how many characters each field takes is an assumption (A11 to
A13) kept in the selector map, where the tool reads it to check a facility file before
a browser opens. The replica refuses longer text as the portal would, from the same
numbers. It reads the map's file as plain data (each entry's `label` and `max_length`)
rather than through `cifer_bot.selector_map`: the replica stands in for the portal and
depends on nothing of the tool that drives it but the lowest layers
(tests/test_layers.py).
"""

from __future__ import annotations

from typing import Any

import yaml

from cifer_bot.errors import ReplicaError
from cifer_bot.resources import read_yaml, selectors_dir


def field_limits(version: str, page: str) -> dict[str, int]:
    """Label -> the most characters its field takes, on one page of the map `version`
    (none when there is no map of that version)."""
    path = selectors_dir() / f"{version}.yaml"
    if not path.is_file():
        return {}
    try:
        raw: Any = read_yaml(path)
        pages = [p for p in raw["pages"] if p.get("name") == page]
        entries = pages[0].get("entries", []) if pages else []
        return {
            str(entry["label"]): int(entry["max_length"])
            for entry in entries
            if entry.get("label") is not None and entry.get("max_length") is not None
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ReplicaError(f"cannot read the field limits in {path}: {error}") from None
