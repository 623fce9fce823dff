"""Generated portals: page sets written from a combination of independent choices.

`cifer-bot replica --fault generated:NAME` (and `fill --dry-run --fault ...`) serves the
portal NAME of the committed table (`fixtures/html/generated/portals.yaml`), or one
given as its choices (`generated:labels=above,navigation=hash`; a choice left out
takes its first value).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cifer_bot.errors import InputError
from cifer_bot.replica.generated.choices import CHOICES, Portal
from cifer_bot.resources import fixtures_dir, read_yaml

__all__ = ["CHOICES", "Portal", "open_gaps", "portal_of", "table"]

TABLE = "portals.yaml"


@cache
def table() -> dict[str, Portal]:
    """The committed portals by name: the pairwise table, then the kept examples."""
    raw: Any = read_yaml(fixtures_dir() / "generated" / TABLE)
    portals: dict[str, Portal] = {}
    for section in ("pairwise", "kept"):
        for name, given in (raw.get(section) or {}).items():
            portals[str(name)] = _portal(given, str(name))
    return portals


@cache
def open_gaps() -> dict[str, str]:
    """Portals of the table the tool does not fill yet, each with what it meets there."""
    raw: Any = read_yaml(fixtures_dir() / "generated" / TABLE)
    return {str(name): str(reason) for name, reason in (raw.get("open") or {}).items()}


def _portal(given: dict[str, str], name: str) -> Portal:
    unknown = sorted(set(given) - set(CHOICES))
    if unknown:
        raise InputError(
            f"generated portal {name!r}: no choice {', '.join(unknown)}; "
            f"the choices are {', '.join(CHOICES)}"
        )
    portal = {}
    for choice, values in CHOICES.items():
        value = str(given.get(choice, values[0]))
        if value not in values:
            raise InputError(
                f"generated portal {name!r}: {choice} is one of {', '.join(values)}, not {value!r}"
            )
        portal[choice] = value
    return portal


def portal_of(spec: str) -> Portal:
    """The portal a fault names: a name of the table, or `choice=value,...`."""
    if "=" not in spec:
        portals = table()
        if spec not in portals:
            raise InputError(
                f"no generated portal {spec!r}; the table has "
                f"{', '.join(portals)} (or give choice=value,...)"
            )
        return portals[spec]
    given = {}
    for part in spec.split(","):
        choice, _, value = part.partition("=")
        if not re.fullmatch(r"[a-z]+", choice.strip()):
            raise InputError(f"generated portal {spec!r}: {part!r} is not choice=value")
        given[choice.strip()] = value.strip()
    return _portal(given, spec)
