"""The package's shape: layers along the data path, no import upwards, no cycles, and
modules small enough to read (at most 300 lines each)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cifer_bot"

# Lowest first. A module may import from its own layer and the layers below it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "resources", "files", "escape"}),
    frozenset({"hosts", "labels", "options", "floors"}),
    frozenset({"replica", "selector_map"}),
    frozenset({"facilities"}),
    frozenset({"credentials", "plan"}),
    frozenset({"portal"}),
    frozenset({"browser"}),
    frozenset({"training"}),
    frozenset({"steps"}),
    frozenset({"journal", "report"}),
    frozenset({"run"}),
    frozenset({"cli", "__main__", "__init__"}),
)
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _top(name: str) -> str:
    """The part of the package a module belongs to: `cifer_bot.steps.login` -> steps."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(name: str) -> int:
    top = _top(name)
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"{name} belongs to no layer: add {top!r} to LAYERS")


def _imports(name: str, *, runtime_only: bool) -> set[str]:
    """The package's modules that `name` imports (anywhere in the file)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(child) for child in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("cifer_bot")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("cifer_bot"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {module for module in found if module in MODULES and module != name}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_from_a_layer_above_its_own(name: str) -> None:
    mine = _layer(name)
    upward = sorted(i for i in _imports(name, runtime_only=False) if _layer(i) > mine)
    assert upward == [], f"{name} (layer {mine}) imports from above: {upward}"


def test_the_replica_imports_only_the_lowest_layers() -> None:
    for name in MODULES:
        if _top(name) == "replica":
            outside = {i for i in _imports(name, runtime_only=False) if _top(i) != "replica"}
            assert {_layer(i) for i in outside} <= {0, 1}, f"{name} imports {sorted(outside)}"


def test_steps_never_import_the_record_of_a_run() -> None:
    for name in MODULES:
        if _top(name) == "steps":
            assert not {_top(i) for i in _imports(name, runtime_only=False)} & {
                "journal",
                "report",
                "run",
            }, name


def test_there_are_no_import_cycles() -> None:
    graph = {name: _imports(name, runtime_only=True) for name in MODULES}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_at_most_300_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines: split it by job"


def test_the_layer_checks_see_real_imports() -> None:
    # The checks above are only as good as the import reading: it must see these.
    assert "cifer_bot.steps.route" in _imports("cifer_bot.run.attempt", runtime_only=True)
    assert "cifer_bot.replica.server" not in _imports(
        "cifer_bot.replica.handler", runtime_only=True
    )
    assert "cifer_bot.replica.server" in _imports("cifer_bot.replica.handler", runtime_only=False)
    assert _layer("cifer_bot.cli") > _layer("cifer_bot.run.batch") > _layer("cifer_bot.hosts")
