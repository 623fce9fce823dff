"""Reading a YAML or JSON facility file into its items, within caps a hostile file
cannot pass.

A facility file comes from clients and passes through several hands, so its reader
assumes nothing of it:

- at most `MAX_FILE_BYTES` (64 MiB: a 10,000-row list is about 7 MiB), as
  `read_sheet` checks for every format;
- at most `MAX_ALIASES` aliases (`*name`), which together may repeat at most
  `MAX_REPEATED` values, and no alias inside its own anchor: a few lines of nested
  aliases would otherwise stand for billions of values;
- at most `MAX_DEPTH` levels of nesting: a facility is a mapping of values and lists;
- a key given twice in one mapping is refused, not silently the last one;
- a YAML value is text as written, except `true`/`false` and an empty value: YAML 1.1
  would read the country `NO` (Norway) as false, `ON` as true and the code `0123` as
  the number 83.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from cifer_bot.errors import InputError
from cifer_bot.facilities.intake.plain_yaml import NotPlain, load_plain

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ALIASES = 100
MAX_REPEATED = 100_000
MAX_DEPTH = 20

_MERGE = "tag:yaml.org,2002:merge"


class _TextResolver(Resolver):
    """YAML 1.2's core booleans and null; every other plain value is text."""


_TextResolver.yaml_implicit_resolvers = {}
_TextResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_TextResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_TextResolver.add_implicit_resolver(_MERGE, re.compile(r"^(?:<<)$"), ["<"])


class TooMuch(yaml.YAMLError):
    """A cap of this module, passed at `mark`."""

    def __init__(self, what: str, mark: Any) -> None:
        super().__init__(what)
        self.what = what
        self.line = int(mark.line) + 1


class _CappedComposer(Composer):
    """Counts what aliases repeat and how deep the nodes nest, as the nodes are made."""

    def __init__(self) -> None:
        super().__init__()
        self._aliases = 0
        self._repeated = 0
        self._depth = 0
        # The number of values each finished anchored node stands for, aliases expanded.
        self._sizes: dict[Node, int] = {}

    # The parser's, whichever runs (libyaml's or the pure-Python one).
    peek_event: Callable[[], Any]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._alias(event)
            return super().compose_node(parent, index)
        self._depth += isinstance(event, CollectionStartEvent)
        if self._depth > MAX_DEPTH:
            raise TooMuch(f"more than {MAX_DEPTH} levels of nesting", event.start_mark)
        node = super().compose_node(parent, index)
        self._depth -= isinstance(event, CollectionStartEvent)
        if node is not None and getattr(event, "anchor", None) is not None:
            self._sizes[node] = self._size(node)
        return node

    def _alias(self, event: AliasEvent) -> None:
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise TooMuch(f"more than {MAX_ALIASES} aliases (*name)", event.start_mark)
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # the composer reports the unknown anchor itself
        if target not in self._sizes:
            raise TooMuch(f"the alias *{event.anchor} inside its own anchor", event.start_mark)
        self._repeated += self._sizes[target]
        if self._repeated > MAX_REPEATED:
            raise TooMuch(
                f"aliases that repeat more than {MAX_REPEATED:,} values in all", event.start_mark
            )

    def _size(self, node: Node) -> int:
        """The values `node` stands for; an anchored node inside it counts as its size."""
        total, stack = 0, [node]
        while stack:
            current = stack.pop()
            if current is not node and current in self._sizes:
                total += self._sizes[current]
                continue
            total += 1
            if isinstance(current, SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, MappingNode):
                stack.extend(part for pair in current.value for part in pair)
        return total


class _StrictConstructor(SafeConstructor):
    """The safe constructor, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, ScalarNode):
                continue  # a merge's keys may be overridden; other keys are refused below
            key = self.construct_object(key_node)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} again (first on line {first}); keep one",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


class _PythonLoader(Reader, Scanner, Parser, _CappedComposer, _StrictConstructor, _TextResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _CappedComposer.__init__(self)
        _StrictConstructor.__init__(self)
        _TextResolver.__init__(self)


_LOADER: Any = _PythonLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(_CappedComposer, CParser, _StrictConstructor, _TextResolver):
        """libyaml's parser (several times faster on a long file) under the same
        composer, constructor and resolver: the caps hold whichever parser runs."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CappedComposer.__init__(self)
            _StrictConstructor.__init__(self)
            _TextResolver.__init__(self)

    _LOADER = _CLoader


def _load(text: str, loader_class: Any) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    """The document of a facility file's YAML text, within the caps of this module."""
    with contextlib.suppress(NotPlain):
        return load_plain(text, MAX_DEPTH)  # nearly every file: values in lists and maps
    try:
        return _load(text, _LOADER)
    except yaml.YAMLError as error:
        if _LOADER is _PythonLoader or isinstance(error, TooMuch):
            raise
        # libyaml words its errors otherwise and quotes no excerpt of the line: parse
        # again with the pure-Python parser, which says where and what as it always has.
        return _load(text, _PythonLoader)


def _refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} appears twice in one object; keep one")
        found[key] = value
    return found


def _depth(data: Any) -> int:
    """How deep lists and mappings nest in `data` (JSON has no cap of its own)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(path: Path) -> str:
    return (
        f"{path}: more than {MAX_DEPTH} levels of nesting; a facility is a mapping of "
        "values and lists"
    )


def document_items(path: Path, kind: str) -> list[Any]:
    """The items of a YAML or JSON facility file: a list, or a `facilities:` list.

    The caller has checked the file's size (`MAX_FILE_BYTES`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        data = (
            load_yaml(text)
            if kind == "yaml"
            else json.loads(text, object_pairs_hook=_refuse_repeated_keys)
        )
    except TooMuch as error:
        raise InputError(
            f"{path}, line {error.line}: {error.what}; a facility file may have at most "
            f"{MAX_ALIASES} aliases, repeating at most {MAX_REPEATED:,} values in all, and "
            f"{MAX_DEPTH} levels of nesting: write the values out instead"
        ) from None
    except (yaml.YAMLError, ValueError) as error:
        raise InputError(f"{path}: not valid {kind.upper()}: {error}") from None
    except RecursionError:
        raise InputError(_too_deep(path)) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(_too_deep(path))
    if isinstance(data, dict) and isinstance(data.get("facilities"), list):
        return list(data["facilities"])
    if isinstance(data, list):
        return data
    raise InputError(
        f"{path}: expected a list of facilities, or a mapping with a `facilities:` list"
    )
