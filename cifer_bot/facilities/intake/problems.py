"""Problems: one mistake in one row, told so that a person who reads no Chinese can fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from cifer_bot.escape import visible
from cifer_bot.facilities.fields import TOO_LONG
from cifer_bot.facilities.intake.columns import Column, column_for, columns


@dataclass
class Row:
    """One data row: its number as the user counts it, and its cells by column name."""

    number: int
    values: dict[str, Any]
    # Column name -> the header the file used for it, where that is not the column's
    # own name (`企业名称` for enterprise_name): messages name a field as the file does.
    headers: dict[str, str] = field(default_factory=dict)
    # Columns whose cell held a formula: reported as such, not as missing.
    formulas: set[str] = field(default_factory=set)


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
    # The header the file used for the field, where it is not the field's own name.
    header: str | None = None

    def __str__(self) -> str:
        """One line for a terminal: the file's own text is shown with its control
        characters escaped, so that a value cannot rewrite the screen."""
        where = f"row {self.row}" + (f', "{visible(self.facility)}"' if self.facility else "")
        what = ""
        if self.field:
            what = self._field_name()
            if self.value is not None:
                what += f" = {_shown(self.value)!r}"
            what += ": "
        return f"{where}: {what}{visible(self.rule)}"

    def _field_name(self) -> str:
        assert self.field is not None
        if self.header:
            # The file's own header first: it is what the person will look for.
            shown = visible(self.header.splitlines()[0] if self.header.strip() else self.header)
            also = f", {self.label_zh}" if self.label_zh and shown.isascii() else ""
            return f"{shown} ({self.field}{also})"
        return f"{self.field} ({self.label_zh})" if self.label_zh else self.field

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
    too_long: set[str] = set()
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
        if column.name in absent or column.name in row.formulas:
            continue
        if item["type"] == TOO_LONG:
            # A column that fills two forms is told its tighter limit, the first.
            if column.name in too_long:
                continue
            too_long.add(column.name)
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
                header=row.headers.get(column.name),
            )
        )
    return problems


def _rule(item: Any, column: Column | None) -> str:
    kind = item["type"]
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind == TOO_LONG:
        return str(item["msg"])
    if kind in ("missing", "string_too_short") or (
        kind == "too_short" and column is not None and column.name == "category"
    ):
        if column is not None and column.name == "approval_no":
            return "required: the guide says the registration system cannot be used without it"
        if column is not None and column.name == "category":
            return "required: name at least one food category (cifer-bot categories)"
        if column is not None and column.name == "name":
            return (
                "required: a short name of your own for the site, unique in the file "
                "(cifer-bot's messages and `--only NAME` use it; the portal never sees it)"
            )
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
