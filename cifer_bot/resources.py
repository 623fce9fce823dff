"""Where the replica's pages, the selector maps and the examples are, installed or in a
checkout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries them inside the package; an editable install or a checkout has them
# at the repository's top level.
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent
# PyYAML's safe loader, by libyaml where it was built with it.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _find(relative: str) -> Path:
    for base in (_BUNDLED, _CHECKOUT):
        candidate = base / relative
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find {relative!r} beside the cifer_bot package")


def fixtures_dir() -> Path:
    """The folder that holds one sub-folder of saved pages per portal version."""
    return _find("fixtures/html")


def selectors_dir() -> Path:
    """The folder of versioned selector maps (`<version>.yaml`)."""
    return _find("selectors")


def examples_dir() -> Path:
    """The example facilities (`facilities.yaml`) and their documents."""
    return _find("examples")


def data_dir() -> Path:
    """The package's own data files (the food category catalog)."""
    return _PACKAGE / "data"


def read_yaml(path: Path) -> Any:
    """A YAML file of the package or the user's, read safely (by libyaml where PyYAML has
    it: several times faster than the pure-Python reader, and the same data)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
