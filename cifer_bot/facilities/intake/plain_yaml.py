"""The quick way to read the YAML nearly every facility file is: lists and mappings of
plain values, no anchor, alias, tag or merge key.

Such a document is built straight from the parser's events (libyaml's where PyYAML has
it), without making a node for every value first and resolving its tag in Python:
several times faster on a long file. Its values come out as `documents.load_yaml`
makes them (`true`/`false` as booleans, `~`, `null` and nothing as None, every other
value as text). Anything else, or anything wrong (a key given twice, too deep, more
than one document, a parse error), is not decided here: `load_yaml` reads the text
again the full way, which accepts it or says what is wrong as it always has.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from cifer_bot.resources import SAFE_LOADER

_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLEANS["FALSE"] = False
_NULLS = frozenset({"~", "null", "Null", "NULL", ""})
_MERGE = "<<"
_LOADER: Any = SAFE_LOADER


class NotPlain(Exception):
    """The document is not of the plain kind, or not right: read it the full way."""


def _value(event: ScalarEvent) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise NotPlain
    text: str = event.value
    if not event.implicit[0]:  # quoted, or a block scalar: text as written
        return text
    if text == _MERGE:
        raise NotPlain
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    return None if text in _NULLS else text


def load_plain(text: str, max_depth: int) -> Any:
    """The document of `text`, if it is of the plain kind; else NotPlain."""
    # Each open collection: the list, or the mapping with the key waiting for its value.
    stack: list[list[Any] | tuple[dict[Any, Any], list[Any]]] = []
    document: Any = None
    documents = 0
    events: Any = yaml.parse(text, Loader=_LOADER)  # typed loosely: checked by `type` below
    try:
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                value = _value(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= max_depth:
                    raise NotPlain
                stack.append(({}, []) if kind is MappingStartEvent else [])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                value = done[0] if isinstance(done, tuple) else done
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise NotPlain
                continue
            elif kind in (StreamStartEvent, StreamEndEvent, DocumentEndEvent):
                continue
            else:  # an alias, or anything this reader does not know
                raise NotPlain
            if not stack:
                document = value
            elif isinstance(stack[-1], list):
                stack[-1].append(value)
            else:
                mapping, key = stack[-1]
                if not key:
                    if isinstance(value, dict | list) or value in mapping:
                        raise NotPlain  # a complex key, or a key given twice
                    key.append(value)
                else:
                    mapping[key.pop()] = value
    except yaml.YAMLError:
        raise NotPlain from None
    return document
