"""Text the portal can take: no control characters, one line where its field has one,
no longer than the field.

A carriage return typed into the portal broke its read-back, NUL and escape sequences
have no place in a form, and a 10,000-character address is cut by the page without a
word. The checks refuse them before any browser opens; a line break that Excel's
Alt+Enter leaves in a one-line field is joined by the intake instead (`join_lines`),
with a warning, because its meaning is plain.
"""

from __future__ import annotations

import re

from cifer_bot.escape import CONTROL, control_name, is_control

# A line break and the spaces and comma around it: "12 Main St,\n Hobart" -> one ", ".
_BREAK = re.compile(r"[ \t]*[,，]?[ \t]*(?:\r\n|\n|\u2028|\u2029)+[ \t]*")


def check_characters(value: str, *, multi_line: bool) -> str:
    """Refuse control characters; a tab and a line break only where the field is
    multi-line (a textarea), and there a CR only as part of a CR LF line break."""
    allowed = {"\t", "\n"} if multi_line else set()
    text = value.replace("\r\n", "\n") if multi_line else value
    if CONTROL.search(text) is None:
        return text  # nearly every value: no control character at all
    for index, char in enumerate(text):
        if char in allowed or not is_control(char):
            continue
        if char in "\n\u2028\u2029" or (char == "\r" and text[index + 1 : index + 2] == "\n"):
            raise ValueError(
                "holds a line break, and the portal's field takes one line: put the text "
                "on one line"
            )
        raise ValueError(
            f"holds {control_name(char)} at character {index + 1}, which the portal cannot "
            "take: delete it (copying from another program often leaves one)"
        )
    return text


def has_line_break(value: str) -> bool:
    return _BREAK.search(value) is not None


def join_lines(value: str) -> str:
    """One line for a one-line field: each line break (with the comma and spaces
    around it) becomes `, `, as a person would write an address on one line."""
    return _BREAK.sub(", ", value.strip())


def check_length(value: str, limit: int | None) -> str:
    if limit is not None and len(value) > limit:
        raise ValueError(
            f"has {len(value):,} characters, and the portal's field takes at most {limit:,} "
            "(an assumed limit, from the selector map): shorten it"
        )
    return value
