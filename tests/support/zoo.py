"""The drift zoo: its page sets (`fixtures/html/2021-11-26-<name>/`, served with the
replica fault `drift:<name>`), which keep the guide's labels and post the field names of
`portal.yaml`. What a run left on them is judged by `tests.support.judge`.
"""

from __future__ import annotations

from cifer_bot.resources import fixtures_dir

VERSION = "2021-11-26"


def page_sets() -> list[str]:
    """The names of the zoo's page sets: every variant folder of the version, but the
    changed portals (`changed-*`), which the shipped map is not meant to fill."""
    return sorted(
        name
        for path in fixtures_dir().glob(f"{VERSION}-*")
        if path.is_dir()
        and not (name := path.name.removeprefix(f"{VERSION}-")).startswith("changed-")
    )
