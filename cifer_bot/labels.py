"""Label text normalisation: the one rule that decides when two label texts are the same.

The portal writes the same label in several ways: `*用户名(Username)：`, `用户名 (Username)`,
`所在国家（地区）:`. Normalising strips what varies (width of punctuation, the required
mark, a trailing colon, a trailing English gloss, white space) and keeps what belongs to
the label, such as the Chinese parenthesised part of `(在华)注册编号`.

The resolver runs the same rule inside the browser, in JavaScript. Both are built from
the character classes below, and `tests/test_labels.py` runs both on the same cases, so a
change here that is not mirrored in `JS_NORMALIZE` fails the tests.
"""

from __future__ import annotations

import re
import unicodedata

# White space and invisible characters that HTML text carries: Python's `str.isspace`
# set, JavaScript's `\s` set, and the zero-width characters.
_SPACE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000D),
    (0x001C, 0x0020),
    (0x0085, 0x0085),
    (0x00A0, 0x00A0),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200D),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x2060),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)

# What makes a parenthesised part Chinese (part of the label) rather than an English
# gloss: CJK ideographs, radicals, CJK punctuation, kana and hangul.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),
    (0x3001, 0x303F),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)

# Enough passes for any text: a pass only repeats when removing a character let NFKC
# compose (or decompose into a space) what the removal brought together.
_MAX_PASSES = 32


def _char_class(ranges: tuple[tuple[int, int], ...], *, js: bool) -> str:
    def esc(code: int) -> str:
        if js:
            return f"\\u{{{code:X}}}"
        return f"\\U{code:08X}"

    parts = [esc(lo) if lo == hi else f"{esc(lo)}-{esc(hi)}" for lo, hi in ranges]
    return "[" + "".join(parts) + "]"


_SPACE_RE = re.compile(_char_class(_SPACE_RANGES, js=False))
_CJK_RE = re.compile(_char_class(_CJK_RANGES, js=False))


def _gloss_start(text: str) -> int:
    """Where a trailing parenthesised part starts, or -1 if the text has none."""
    if not text.endswith(")"):
        return -1
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _strip_tail(text: str) -> str:
    """Drop trailing colons and trailing English glosses, in any order and number."""
    while True:
        if text.endswith(":"):
            text = text.rstrip(":")
            continue
        start = _gloss_start(text)
        # start > 0: a text that is nothing but a parenthesised part keeps it.
        if start > 0 and not _CJK_RE.search(text[start + 1 : -1]):
            text = text[:start]
            continue
        return text


def _one_pass(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE_RE.sub("", text)
    # NFKC has already turned the full-width `＊` into `*`.
    text = text.replace("*", "")
    return _strip_tail(text)


def normalize_label(text: str) -> str:
    """The label text as the tool compares it.

    NFKC (full-width and half-width punctuation become the same), no white space, no
    required mark `*`, no trailing colon, no trailing parenthesised part without a CJK
    character (the English gloss). `用户名(Username)：` and `*用户名：` both give `用户名`;
    `(在华)注册编号` and `所在国家(地区)` keep their parentheses.
    """
    for _ in range(_MAX_PASSES):
        following = _one_pass(text)
        if following == text:
            break
        text = following
    return text


def label_key(text: str) -> str:
    """What two labels must share to be the same label: English is compared without case."""
    return normalize_label(text).lower()


def labels_match(first: str, second: str) -> bool:
    """Whether two label texts name the same label (equality, never a substring)."""
    return label_key(first) == label_key(second)


def name_pattern(label: str) -> str:
    """A JavaScript-compatible regular expression (to use with the `i` flag) for the
    accessible names a browser computes that are the label as `label_key` compares it:
    `*新版门户`, `Sign in`, `用户名(Username)：` for `用户名`. For Playwright's role
    locators, whose names follow the accessibility specification."""
    parts = []
    for char in normalize_label(label):
        wide = chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else ""
        variants = re.escape(char) + (re.escape(wide) if wide else "")
        parts.append(f"[{variants}]" if wide else re.escape(char))
    core = r"\s*".join(parts)
    gloss = r"(?:\s*[(\uFF08][^()\uFF08\uFF09\u4e00-\u9fff]*[)\uFF09])?"
    return rf"^\s*[*\uFF0A]?\s*{core}{gloss}\s*[:\uFF1A\uFE55]?\s*$"


def caption_key(text: str) -> str:
    """A control's caption as a Chinese label reads in it: `label_key` from its first CJK
    character to its last, what is not CJK at either end dropped (an icon font's
    ligature `save暂存`, a gloss `境外企业 CIFER ▾`, an arrow `下一步 >`). Empty when the
    text holds no CJK character. A caption equals a label only where the label's key is
    its own caption key (a label that starts or ends with CJK)."""
    key = label_key(text)
    where = [index for index, char in enumerate(key) if _CJK_RE.match(char)]
    return key[where[0] : where[-1] + 1] if where else ""


def has_cjk(text: str) -> bool:
    """Whether the text holds a Chinese (or other CJK) character."""
    return _CJK_RE.search(text) is not None


# The same rule for the browser. `normalizeLabel` and `labelKey` are defined in the
# scope of whatever script embeds this source.
JS_NORMALIZE = f"""
const SPACE_RE = /{_char_class(_SPACE_RANGES, js=True)}/gu;
const CJK_RE = /{_char_class(_CJK_RANGES, js=True)}/u;
function glossStart(text) {{
  if (!text.endsWith(")")) return -1;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {{
    const c = text[i];
    if (c === ")") depth += 1;
    else if (c === "(") {{
      depth -= 1;
      if (depth === 0) return i;
    }}
  }}
  return -1;
}}
function stripTail(text) {{
  for (;;) {{
    if (text.endsWith(":")) {{ text = text.replace(/:+$/u, ""); continue; }}
    const start = glossStart(text);
    if (start > 0 && !CJK_RE.test(text.slice(start + 1, -1))) {{
      text = text.slice(0, start);
      continue;
    }}
    return text;
  }}
}}
function onePass(text) {{
  text = text.normalize("NFKC").replace(SPACE_RE, "").split("*").join("");
  return stripTail(text);
}}
function normalizeLabel(text) {{
  for (let i = 0; i < {_MAX_PASSES}; i++) {{
    const following = onePass(text);
    if (following === text) break;
    text = following;
  }}
  return text;
}}
function labelKey(text) {{
  return normalizeLabel(text).toLowerCase();
}}
function captionKey(text) {{
  const chars = Array.from(labelKey(text));
  const first = chars.findIndex((c) => CJK_RE.test(c));
  if (first < 0) return "";
  let last = chars.length - 1;
  while (!CJK_RE.test(chars[last])) last -= 1;
  return chars.slice(first, last + 1).join("");
}}
"""
