"""The versioned selector map: data that names each control by the label a person reads.

`schema` holds its models (`entry` one control's), `guide` its English for people who
read no Chinese, `load` the one reader of `selectors/<version>.yaml`.
"""

from cifer_bot.selector_map.entry import CLICK_KINDS, FIELD_KINDS, FILL_KINDS, Entry, Kind
from cifer_bot.selector_map.guide import Caption, Guide
from cifer_bot.selector_map.load import check_fields, load_selector_map
from cifer_bot.selector_map.schema import Evidence, Identity, PageSpec, Portal, SelectorMap

__all__ = [
    "CLICK_KINDS",
    "FIELD_KINDS",
    "FILL_KINDS",
    "Caption",
    "Entry",
    "Evidence",
    "Guide",
    "Identity",
    "Kind",
    "PageSpec",
    "Portal",
    "SelectorMap",
    "check_fields",
    "load_selector_map",
]
