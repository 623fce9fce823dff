"""The safety floors: constants of the code that data (a selector map, a facility file)
can add to, never lower.

- `NEVER_CLICK`: captions of the final submission, which is always a person's act; a
  control whose caption or value holds one is never clicked (`cifer_bot.portal.guard`).
- The Single Window's own hosts, the host fence's floor: `cifer_bot.hosts.PORTAL_HOSTS`.
"""

from __future__ import annotations

from collections.abc import Iterable

from cifer_bot.labels import label_key

# Containment counts (`保存并提交` holds `提交`), so `提交` alone covers most; the others
# say what they guard against. English compares without case.
NEVER_CLICK: tuple[str, ...] = ("提交", "确认提交", "提交申请", "确定提交", "正式提交", "Submit")


def never_click(added: Iterable[str] = ()) -> tuple[str, ...]:
    """The built-in never-click captions, and those a map adds."""
    return tuple(dict.fromkeys([*NEVER_CLICK, *added]))


def holds_never_click(text: str, captions: Iterable[str] = NEVER_CLICK) -> bool:
    """Whether a caption holds a never-click caption (compared as labels are)."""
    key = label_key(text)
    return any(label_key(caption) in key for caption in captions if label_key(caption))
