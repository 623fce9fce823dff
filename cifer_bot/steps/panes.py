"""A form split over tabs, collapsed sections or wizard panes: what opens the next part.

The form's filler fills what shows; where entries of the map are left and none shows,
it asks `Panes.open_next` for more of the form: first a tab or a collapsed section the
page shows and the tool has not opened yet (which changes nothing on the portal), then
the page's 下一步 / Next, through the guard's moving-on check, once per pane (only after
something was filled there). Everything filled is read back, the hidden panes too,
before the one 暂存.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from cifer_bot.portal.marked import Marked
from cifer_bot.portal.matches import MATCH_ATTRIBUTE, new_token, selector_of
from cifer_bot.selector_map import Entry
from cifer_bot.steps import intents
from cifer_bot.steps.flow import Flow

_OPENED = "data-cifer-bot-opened"
# A wizard moves on with these; 确定 is no pane's (it confirms, or closes a dialog).
WIZARD = tuple(entry for entry in intents.MOVE_ON if entry.label != "确定")
# The tabs and collapsed section headers a page shows, not opened yet, however a UI kit
# writes them; each marked with the token and its index, the first first.
_HEADERS = r"""([token, opened, attribute]) => {
  const selectors = [
    "[role=tab]:not([aria-selected=true])",
    ".el-tabs__item:not(.is-active)", ".ivu-tabs-tab:not(.ivu-tabs-tab-active)",
    ".ant-tabs-tab:not(.ant-tabs-tab-active)", ".layui-tab-title > li:not(.layui-this)",
    ".nav-tabs .nav-link:not(.active)", ".ui-tabs-nav li:not(.ui-tabs-active) a",
    "details:not([open]) > summary",
    ".el-collapse-item__header:not(.is-active)", ".ivu-collapse-header",
    ".layui-colla-title", ".accordion-button.collapsed", ".ui-accordion-header-collapsed",
    "[aria-expanded=false][aria-controls]:not([role=combobox]):not([aria-haspopup])"
      + ":not(input):not(select):not(textarea)",
  ];
  // a disclosure's header: what it controls is hidden now
  const discloses = (el) => {
    const id = el.getAttribute("aria-controls");
    const region = id ? document.getElementById(id) : null;
    return !id || (region !== null && !region.checkVisibility());
  };
  const seen = new Set();
  const found = [];
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (seen.has(el) || el.hasAttribute(opened) || el.closest("[aria-hidden=true]")) continue;
      const rect = el.getBoundingClientRect();
      if (!rect.width || !rect.height || !el.checkVisibility() || !discloses(el)) continue;
      seen.add(el);
      found.push(el);
    }
  }
  found.forEach((el, index) => {
    const had = (el.getAttribute(attribute) || "").split(/\s+/).filter(Boolean);
    el.setAttribute(attribute, had.concat([token + "-" + index]).join(" "));
  });
  return found.map((el) => (el.innerText || el.getAttribute("aria-label") || "").trim());
}"""


@dataclass
class Panes:
    """What the tool opened of one form, on one visit of its page."""

    flow: Flow
    page_name: str
    frame: Frame
    step: str
    # Whether something was filled since 下一步 was last pressed (or since the start).
    filled: bool = True

    def open_next(self) -> bool:
        """Show more of the form: a tab or a collapsed section not opened yet, else the
        wizard's 下一步 (once something was filled on this pane). False: nothing opens."""
        token = new_token()
        try:
            captions: list[str] = self.frame.evaluate(_HEADERS, [token, _OPENED, MATCH_ATTRIBUTE])
        except PlaywrightError:
            return False
        for index, caption in enumerate(captions):
            header = self.frame.locator(selector_of(f"{token}-{index}"))
            if self.flow.clicker.is_forbidden([caption]):
                continue
            header.evaluate("(el, name) => el.setAttribute(name, '')", _OPENED)
            self.flow.narrator.note(f"opening the form's part {caption!r} to fill what it holds")
            self.flow.clicker.click(header, what=f"the form's part {caption!r}")
            return True
        if not self.filled:
            return False
        self.filled = False
        return self._wizard_next()

    def _wizard_next(self) -> bool:
        shown = intents.shown_once(self.flow, self.page_name, self.frame, WIZARD)
        if shown is not None:
            self._press(shown[0], shown[1].control)
        return shown is not None

    def _press(self, entry: Entry, control: Marked) -> None:
        self.flow.narrator.note(f"the form goes on to its next pane ({entry.label})")
        self.flow.clicker.click(
            control, what=f"{entry.english} ({entry.label}), the form's next pane", moving_on=True
        )
