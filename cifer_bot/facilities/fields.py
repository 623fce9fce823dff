"""The facility models' field types, and each field's labels in Chinese and English.

The labels of the portal's forms come from the selector map (each entry's `label` and
`english`), in the form's order: the one source of those facts. The fields no portal
form shows (cifer-bot's own, and the food category) take theirs from
`cifer_bot/data/form-fields.yaml`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    InstanceOf,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
)

from cifer_bot.facilities import countries, rules
from cifer_bot.facilities.catalog import Catalog, CatalogItem, load_catalog
from cifer_bot.resources import data_dir
from cifer_bot.selector_map import load_selector_map

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
    extra = yaml.safe_load((data_dir() / "form-fields.yaml").read_text(encoding="utf-8"))
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
OptionalText30 = Annotated[Annotated[str, text(30)] | None, BeforeValidator(_blank_to_none)]
OptionalText100 = Annotated[Annotated[str, text(100)] | None, BeforeValidator(_blank_to_none)]
OptionalText500 = Annotated[Annotated[str, text(500)] | None, BeforeValidator(_blank_to_none)]
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
