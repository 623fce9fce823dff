"""Line breaks in one-line columns: joined, with a warning.

Excel's Alt+Enter puts a line break inside a cell, most often in an address. The
portal's one-line fields cannot hold it (a carriage return broke the read-back), and
its meaning is plain: the lines are parts of one text. So each break becomes `, `, and
the row is told so that a person can check the result; the one multi-line field
(remarks, a textarea) keeps its lines.
"""

from __future__ import annotations

from cifer_bot.facilities.intake.columns import columns
from cifer_bot.facilities.intake.problems import Problem, Row, facility_name
from cifer_bot.facilities.text import has_line_break, join_lines


def join_breaks(row: Row) -> list[Problem]:
    """Join the lines of each one-line cell of `row` in place; a warning for each."""
    warnings: list[Problem] = []
    for column in columns():
        value = row.values.get(column.name)
        if column.multi_line or not isinstance(value, str) or not has_line_break(value):
            continue
        joined = join_lines(value)
        row.values[column.name] = joined
        warnings.append(
            Problem(
                row=row.number,
                facility=facility_name(row),
                field=column.name,
                label_en=column.en,
                label_zh=column.zh,
                value=value,
                rule=(
                    f"the portal's field takes one line: its line breaks became ', ' "
                    f"({joined!r}); check it, or write it on one line"
                ),
                header=row.headers.get(column.name),
            )
        )
    return warnings
