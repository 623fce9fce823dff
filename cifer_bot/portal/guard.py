"""The one place that clicks, and the guard that keeps the tool off the final submission.

Every click the tool makes goes through `Clicker.click`. Before it clicks, it reads
what a person would read on the element (its text, value, title or label) and refuses
anything the selector map lists under `never_click` (`提交` and its kin), in every
mode: the final submission is always a person's act.
"""

from __future__ import annotations

from collections.abc import Iterable

from playwright.sync_api import Locator

from cifer_bot.errors import CiferBotError
from cifer_bot.labels import normalize_label

# What a person reads on a clickable element, in the order a browser would name it;
# for an element inside a button or link (an icon, a span), the button's captions too:
# a click on the icon of `提交` is a click on `提交`.
_CAPTION_SCRIPT = """(el) => {
  // A picture's alt, or a child's aria-label or title, is a caption too: <a><img alt></a>
  const inner = (e) => Array.from(e.querySelectorAll('img[alt], [aria-label], [title]'))
    .slice(0, 20)
    .map((c) => c.getAttribute('alt') || c.getAttribute('aria-label') || c.getAttribute('title'));
  const read = (e) => [
    e.innerText || '',
    e.value || '',
    e.getAttribute('aria-label') || '',
    e.getAttribute('title') || '',
    e.getAttribute('alt') || '',
    ...inner(e),
  ];
  const owner = el.parentElement && el.parentElement.closest(
    'button, a, summary, [role=button], [role=link], input[type=submit], input[type=button]');
  return owner ? [...read(el), ...read(owner)] : read(el);
}"""


class ForbiddenClick(CiferBotError):
    """The tool was about to click something a person must click."""


class Clicker:
    """Clicks for the tool; refuses the captions in `never_click`."""

    def __init__(self, never_click: Iterable[str]) -> None:
        self._forbidden = {normalize_label(caption).casefold() for caption in never_click}
        self.clicked: list[str] = []

    def is_forbidden(self, captions: Iterable[str]) -> bool:
        """Whether any caption holds a never-click caption (`保存并提交` holds `提交`).

        Containment, not equality: a portal's variant of the submit button must not slip
        through because of a word added around it.
        """
        for caption in captions:
            text = normalize_label(caption).casefold()
            if any(forbidden in text for forbidden in self._forbidden if forbidden):
                return True
        return False

    def captions(self, target: Locator) -> list[str]:
        found: list[str] = target.evaluate(_CAPTION_SCRIPT)
        return found

    def click(self, target: Locator, *, what: str) -> None:
        """Click `target` unless a person reads it as a never-click button.

        `what` names the element for the log and for errors, in English.
        """
        captions = self.captions(target)
        if self.is_forbidden(captions):
            shown = next((c for c in captions if c.strip()), "?").strip()
            raise ForbiddenClick(
                f"refused to click {what} ({shown!r}): the final submission is left to a person"
            )
        target.click()
        self.clicked.append(what)
