"""Reading a filled form back from the page, field by field, for the review table."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Frame
from pydantic import BaseModel, SecretStr

from cifer_bot.facilities.fields import label_en, label_zh
from cifer_bot.selector_map import Entry
from cifer_bot.steps import widgets
from cifer_bot.steps.flow import Flow

HIDDEN = "(hidden)"


@dataclass
class ReviewRow:
    """One field of a form: what was meant, what the page shows, and whether they agree."""

    field: str
    label_zh: str
    label_en: str
    expected: str
    actual: str
    # Whether the page holds the value meant, as the value means it (a date as a date, a
    # country by the country it names); None: the texts must be equal.
    same: bool | None = None

    @property
    def match(self) -> bool:
        return self.same if self.same is not None else self.expected == self.actual


def _field_entries(flow: Flow, page_name: str, prefix: str) -> list[tuple[Entry, str]]:
    """The page's entries that fill a field of the model `prefix`, with the field's name."""
    return [
        (entry, entry.field.split(".", 1)[1])
        for entry in flow.spec(page_name).entries
        if entry.field and entry.field.startswith(f"{prefix}.")
    ]


def fill_form(
    flow: Flow, page_name: str, model: BaseModel, frame: Frame, step: str, prefix: str
) -> None:
    """Fill every control of `page_name` whose map entry fills a field of `model`."""
    for entry, name in _field_entries(flow, page_name, prefix):
        widgets.fill(flow, page_name, entry, frame, getattr(model, name), step)


def read_back(
    flow: Flow, page_name: str, model: BaseModel, frame: Frame, prefix: str
) -> list[ReviewRow]:
    """What the page holds for each field of `model`, beside what was meant.

    Secret fields are compared but never shown: both sides read `(hidden)`, or the
    actual side says it differs.
    """
    rows = []
    for entry, name in _field_entries(flow, page_name, prefix):
        value = getattr(model, name)
        expected = widgets.as_text(value)
        actual = widgets.read(flow, page_name, entry, frame, expected)
        same = widgets.same(entry, expected, actual)
        if isinstance(value, SecretStr):
            expected, actual = HIDDEN, HIDDEN if same else f"{HIDDEN}, differs"
        rows.append(
            ReviewRow(
                field=name,
                label_zh=label_zh(type(model), name),
                label_en=label_en(type(model), name),
                expected=expected,
                actual=actual,
                same=same,
            )
        )
    return rows
