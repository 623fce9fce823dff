"""Reading a filled form back from the page, field by field, for the review table."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Frame
from pydantic import BaseModel, SecretStr

from cifer_bot.facilities.fields import label_en, label_zh
from cifer_bot.labels import label_key
from cifer_bot.portal.inventory import inventory, missing_mandatory
from cifer_bot.portal.marked import Marked
from cifer_bot.portal.resolver import Resolution
from cifer_bot.selector_map import Entry
from cifer_bot.steps import widgets
from cifer_bot.steps.flow import Flow
from cifer_bot.steps.panes import Panes

HIDDEN = "(hidden)"
MANDATORY = "(mandatory)"
NOT_IN_MAP = "(mandatory on the page; no entry of the selector map fills it)"


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


def _fixed_entries(flow: Flow, page_name: str) -> list[Entry]:
    """The page's entries that type a fixed value (a field no facility field fills)."""
    return [entry for entry in flow.spec(page_name).entries if entry.value is not None]


def fill_form(
    flow: Flow, page_name: str, model: BaseModel, frame: Frame, step: str, prefix: str
) -> None:
    """Fill every control of `page_name` whose map entry fills a field of `model`, and
    those the map gives a fixed value: their controls found in one evaluation first, and
    whether the text fields took what was typed looked at in one more at the end."""
    wanted: list[tuple[Entry, widgets.Value]] = [
        (entry, getattr(model, name)) for entry, name in _field_entries(flow, page_name, prefix)
    ]
    wanted += [(entry, entry.value) for entry in _fixed_entries(flow, page_name)]
    # A form split over tabs, sections or wizard panes: fill what shows, open the next
    # part, until nothing is left or nothing more opens; what is left then is filled as
    # any field is (found or said missing, with its evidence).
    panes = Panes(flow, page_name, frame, step)
    typed: list[tuple[Marked, str]] = []
    found = widgets.prepare(flow, page_name, [entry for entry, _ in wanted], frame)
    # A file field is filled on the first pass wherever it stands: its input takes the
    # file even in a pane not shown yet.
    left = _fill_shown(flow, page_name, frame, step, wanted, found, typed, files=True)
    while left and panes.open_next():
        found = widgets.prepare(flow, page_name, [entry for entry, _ in left], frame)
        before = len(left)
        left = _fill_shown(flow, page_name, frame, step, left, found, typed, files=False)
        panes.filled = panes.filled or len(left) < before
    for entry, value in left:
        widgets.fill(flow, page_name, entry, frame, value, step)
    widgets.text.ignored(frame, typed)


def _fill_shown(
    flow: Flow,
    page_name: str,
    frame: Frame,
    step: str,
    wanted: list[tuple[Entry, widgets.Value]],
    found: dict[str, Resolution],
    typed: list[tuple[Marked, str]],
    *,
    files: bool,
) -> list[tuple[Entry, widgets.Value]]:
    """Fill the entries whose controls show (found in advance) and, with `files`, the
    file fields; the others, left."""
    left = []
    for entry, value in wanted:
        shown = entry.name in found or (entry.kind == "file" and files)
        if not shown:
            left.append((entry, value))
            continue
        control = widgets.fill(flow, page_name, entry, frame, value, step, found.get(entry.name))
        if control is not None:
            typed.append((control, widgets.as_text(value)))
    return left


def read_back(
    flow: Flow, page_name: str, model: BaseModel, frame: Frame, prefix: str
) -> list[ReviewRow]:
    """What the page holds for each field of `model`, beside what was meant.

    Secret fields are compared but never shown: both sides read `(hidden)`, or the
    actual side says it differs.
    """
    fields = _field_entries(flow, page_name, prefix)
    fixed = _fixed_entries(flow, page_name)
    wanted = [(entry, widgets.as_text(getattr(model, name))) for entry, name in fields]
    wanted += [(entry, entry.value or "") for entry in fixed]
    # Every field of the page read in one go, as the page shows it at this moment.
    shown = widgets.read_all(flow, page_name, wanted, frame)
    rows = []
    for (entry, name), (_, expected), actual in zip(fields, wanted, shown, strict=False):
        value = getattr(model, name)
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
    for entry, (_, expected), actual in zip(
        fixed, wanted[len(fields) :], shown[len(fields) :], strict=True
    ):
        rows.append(
            ReviewRow(
                field=entry.name,
                label_zh=entry.label or "",
                label_en=entry.english,
                expected=expected,
                actual=actual,
                same=widgets.same(entry, expected, actual),
            )
        )
    return rows + unfilled(flow, page_name, frame)


def unfilled(flow: Flow, page_name: str, frame: Frame) -> list[ReviewRow]:
    """The fields the page marks mandatory that hold nothing (`*`, `required`...): a field
    a new portal version added, which no entry of the map fills. A file field is judged
    by the upload's read-back instead: pages empty it once the file is posted."""
    uploads = {
        label_key(entry.label)
        for entry in flow.spec(page_name).entries
        if entry.kind == "file" and entry.label
    }
    return [
        ReviewRow(
            field=f"unnamed: {seen.name}",
            label_zh=seen.name,
            label_en=NOT_IN_MAP,
            expected=MANDATORY,
            actual="",
            same=False,
        )
        for seen in missing_mandatory(inventory([frame]))
        if not (seen.kind == "file" and label_key(seen.label) in uploads)
    ]
