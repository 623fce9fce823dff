"""The facility models' field types, and each field's labels and limits.

The labels of the portal's forms come from the selector map (each entry's `label` and
`english`), in the form's order, and so do the limits of their text (`max_length`, and
whether the control is a multi-line `textarea`): the one source of those facts. The
fields no portal form shows (cifer-bot's own, and the food category) take their labels
from `cifer_bot/data/form-fields.yaml`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    InstanceOf,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from cifer_bot.facilities import countries, rules
from cifer_bot.facilities.catalog import Catalog, CatalogItem, load_catalog
from cifer_bot.facilities.text import check_characters, check_length
from cifer_bot.resources import data_dir, read_yaml
from cifer_bot.selector_map import Entry, load_selector_map

# --- labels --------------------------------------------------------------------------

Labels = dict[str, tuple[str, str]]  # field -> (Chinese label, English label)


@cache
def form_labels(form: str) -> Labels:
    """The labels of one form's fields (`account`, `application`, `facility`), in order.

    A portal form's fields come first, as the default selector map names them; the
    fields no portal page shows follow, from form-fields.yaml.
    """
    labels: Labels = {}
    for path, found in load_selector_map().field_entries().items():
        model, name = path.split(".", 1)
        entry = found[0][1]
        if model == form and entry.label is not None:
            labels[name] = (entry.label, entry.english)
    extra = read_yaml(data_dir() / "form-fields.yaml")
    for item in extra.get(form, []):
        labels.setdefault(item["field"], (item["zh"], item["en"]))
    return labels


def _form(model: type[BaseModel]) -> str:
    form = getattr(model, "form", None)
    if not isinstance(form, str):
        raise TypeError(f"{model.__name__} is not one of cifer-bot's form models")
    return form


def form_fields(model: type[BaseModel]) -> list[str]:
    """The model's fields in the order of the portal's form."""
    return [name for name in form_labels(_form(model)) if name in model.model_fields]


def label_zh(model: type[BaseModel], field: str) -> str:
    """The field's label as the portal shows it, without `*` and trailing colon."""
    return form_labels(_form(model))[field][0]


def label_en(model: type[BaseModel], field: str) -> str:
    """The field's label in English (the guide's, or a translation)."""
    return form_labels(_form(model))[field][1]


def add_labels(schema: dict[str, Any], model: type[Any]) -> None:
    """Carry each field's labels into the JSON schema (`label_zh`, `label_en`)."""
    labels = form_labels(model.form)
    for name, prop in schema.get("properties", {}).items():
        if name in labels:
            prop["label_zh"], prop["label_en"] = labels[name]


# --- limits --------------------------------------------------------------------------


@cache
def portal_entry(form: str, field: str) -> Entry | None:
    """The default selector map's entry for a form's field; None for cifer-bot's own."""
    found = load_selector_map().field_entries().get(f"{form}.{field}")
    return found[0][1] if found else None


def max_length(form: str, field: str) -> int | None:
    """The most characters the portal's field takes (an assumption of the map)."""
    entry = portal_entry(form, field)
    return entry.max_length if entry is not None else None


def is_multi_line(form: str, field: str) -> bool:
    """Whether the portal's field takes several lines (a textarea)."""
    entry = portal_entry(form, field)
    return entry is not None and entry.kind == "textarea"


def plain_text(form: str, field: str | None, value: object) -> object:
    """Text without control characters, on one line unless the field is multi-line;
    checked before any other rule, so that no rule parses a NUL or an escape."""
    if isinstance(value, str) and field is not None:
        return check_characters(value, multi_line=is_multi_line(form, field))
    return value


def within_limit(form: str, field: str | None, value: object) -> object:
    """Text no longer than the portal's field takes, once normalised."""
    if isinstance(value, str) and field is not None:
        try:
            check_length(value, max_length(form, field))
        except ValueError as error:
            # Its own type, so that a column filling two forms is told once.
            raise PydanticCustomError(TOO_LONG, str(error)) from None
    return value


TOO_LONG = "too_long_for_portal"


class FormModel(BaseModel):
    """A form's model: its text has no control characters and keeps the portal's
    limits, whatever its field's own type (`form` names its fields in the map)."""

    form: ClassVar[str]

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, value: object, info: ValidationInfo) -> object:
        return plain_text(cls.form, info.field_name, value)

    @field_validator("*")
    @classmethod
    def _within_limit(cls, value: object, info: ValidationInfo) -> object:
        return within_limit(cls.form, info.field_name, value)


# --- field types ---------------------------------------------------------------------


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def text(max_length: int | None = None) -> Any:
    """A stripped, non-empty text of at most `max_length` characters."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Text = Annotated[str, text()]
# An empty cell means "not given"; the length limit applies to the text only.
OptionalText = Annotated[Annotated[str, text()] | None, BeforeValidator(_blank_to_none)]
Country = Annotated[str, BeforeValidator(countries.normalise_country)]
Email = Annotated[str, text(), AfterValidator(rules.check_email)]
AnyDate = Annotated[date, BeforeValidator(rules.parse_date)]
PastDate = Annotated[
    date, BeforeValidator(rules.parse_date), AfterValidator(rules.check_not_future)
]


def catalog_of(info: ValidationInfo) -> Catalog:
    """The catalog a validation was given (`context={"catalog": ...}`), or the default."""
    context = info.context if isinstance(info.context, dict) else {}
    catalog = context.get("catalog")
    return catalog if isinstance(catalog, Catalog) else load_catalog()


def _resolve_category(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        return catalog_of(info).lookup(value)
    return value


Category = Annotated[
    InstanceOf[CatalogItem],
    BeforeValidator(_resolve_category),
    PlainSerializer(lambda item: item.code, return_type=str),
]
