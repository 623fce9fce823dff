"""Problems: one mistake in one row, told so that a person who reads no Chinese can fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from cifer_bot.facilities.intake.columns import Column, column_for, columns


@dataclass
class Row:
    """One data row: its number as the user counts it, and its cells by column name."""

    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """One mistake in one row, told so that a person who reads no Chinese can fix it."""

    row: int
    facility: str | None
    field: str | None
    label_en: str | None
    label_zh: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f', "{self.facility}"' if self.facility else "")
        what = ""
        if self.field:
            what = f"{self.field} ({self.label_zh})" if self.label_zh else self.field
            if self.value is not None:
                what += f" = {_shown(self.value)!r}"
            what += ": "
        return f"{where}: {what}{self.rule}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def nested(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {"account": {}, "application": {}}
    for name, value in row.values.items():
        column = next(c for c in columns() if c.name == name)
        for form, field_name in column.targets:
            if form == "facility":
                data[field_name] = value
            else:
                data[form][field_name] = value
    return data


def problems_of(row: Row, error: ValidationError, absent: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    facility = facility_name(row)
    for item in error.errors(include_url=False, include_input=False):
        loc = item["loc"]
        if loc and loc[0] in ("account", "application") and len(loc) > 1:
            form, field_name = str(loc[0]), str(loc[1])
        else:
            form, field_name = "facility", str(loc[0]) if loc else ""
        column = column_for(form, field_name)
        if column is None:  # not reachable from a file; kept for programmatic input
            problems.append(
                Problem(
                    row.number, facility, field_name or None, None, None, None, _rule(item, None)
                )
            )
            continue
        if column.name in absent:
            continue
        value = row.values.get(column.name)
        problems.append(
            Problem(
                row=row.number,
                facility=facility,
                field=column.name,
                label_en=column.en,
                label_zh=column.zh,
                value=as_text(value),
                rule=_rule(item, column),
            )
        )
    return problems


def _rule(item: Any, column: Column | None) -> str:
    kind = item["type"]
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind in ("missing", "string_too_short") or (
        kind == "too_short" and column is not None and column.name == "category"
    ):
        if column is not None and column.name == "approval_no":
            return "required: the guide says the registration system cannot be used without it"
        if column is not None and column.name == "category":
            return "required: name at least one food category (cifer-bot categories)"
        return "required: the portal marks it mandatory"
    if kind == "literal_error" and column is not None:
        return f"not one of the allowed values: {item['ctx']['expected']}"
    return str(item["msg"])


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def facility_name(row: Row) -> str | None:
    value = row.values.get("name")
    return str(value) if value is not None else None


def unique(problems: list[Problem]) -> list[Problem]:
    """A column that fills two forms (country, approval_no, enterprise_name) is checked
    by both: report its mistake once."""
    seen: set[tuple[int, str | None, str]] = set()
    result = []
    for problem in problems:
        key = (problem.row, problem.field, problem.rule)
        if key not in seen:
            seen.add(key)
            result.append(problem)
    return result
