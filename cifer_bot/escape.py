"""Text from a facility file, made safe for where it is written.

A facility file's text is a client's: it may hold NUL, escape sequences that rewrite a
terminal, a `<script>` or a `|` that ends a Markdown table cell. The checks refuse such
text for the portal (`cifer_bot.facilities.text`); what is written for people (the
terminal, review.md) escapes it, because a refused value is still shown in its problem.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that change how text is shown rather than showing: bidirectional embeddings,
# overrides and isolates (a right-to-left override makes `exe.txt` read `txt.exe`).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMES = {
    "\x00": "NUL",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")


def is_control(char: str) -> bool:
    """A control character (C0, DEL, C1), a Unicode line separator, or a bidi control."""
    return unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in _BIDI


# `is_control` as one character class (Cc is C0, DEL and C1; Zl and Zp one character
# each), to tell at C speed that a text holds none (tests/test_escape.py holds them equal).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(_BIDI)) + "]")


def control_name(char: str) -> str:
    """How a message names a control character: `ESC (U+001B)`."""
    code = f"U+{ord(char):04X}"
    return f"{_NAMES[char]} ({code})" if char in _NAMES else f"the control character {code}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` for a terminal: each control character shown as its escape (`\\x1b`), so
    that nothing a file holds can move the cursor, recolour or rewrite the screen."""
    return "".join(
        char
        if not is_control(char) or (keep_newlines and char == "\n")
        else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def markdown_text(text: str) -> str:
    """`text` for a Markdown document, as literal text on one line: no HTML, no
    emphasis, link or table cell boundary of its own."""
    shown = visible(text.replace("\r\n", "\n").replace("\n", " "))
    return _MARKDOWN.sub(r"\\\1", html.escape(shown, quote=False))


def markdown_cell(text: str) -> str:
    """A Markdown table cell holding `text` as literal text (a space when empty)."""
    return markdown_text(text) if text else " "
