"""The one place that clicks, and the guard that keeps the tool off the final submission.

Every click the tool makes goes through `Clicker.click`. At the moment of the click it
reads what a person would read on the element (its text, value, title, alt, label) and
refuses anything that holds a never-click caption: the built-in ones (`提交` and its
kin, `Submit`: `cifer_bot.floors.NEVER_CLICK`), which no map can remove, and those the
selector map adds. It refuses too a control that would post what a never-click button
of its form posts (the same name and value, or the same form action), whatever its
caption says. An id or `type=submit` alone does not count: the account form's `立即注册`
is a submit button, and stays clickable. The final submission is always a person's act.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

from playwright.sync_api import Locator

from cifer_bot import floors
from cifer_bot.errors import CiferBotError
from cifer_bot.labels import JS_NORMALIZE
from cifer_bot.portal.marked import Marked

_MARK = "/* cifer-bot: label normalisation */"
# What surrounds a control that moves a page on (下一步, 确定, Next): whether it stands in
# a dialog, and the words of its dialog, form or page without the captions of controls
# (a 提交 button beside a 下一步 is no word about this press).
_AROUND = """(el) => {
  const dialog = el.closest("dialog, [role=dialog], [role=alertdialog], [aria-modal=true], "
    + ".el-dialog, .el-message-box, .el-drawer, .layui-layer, .modal, .ivu-modal, "
    + ".ant-modal, .ui-dialog, .bootbox");
  const box = dialog || el.closest("form, fieldset, [role=form]") || document.body;
  const copy = box.cloneNode(true);
  const controls = "button, a, input, select, textarea, option, [role=button], [role=link], "
    + "[role=menuitem], [role=tab], script, style, template";
  for (const control of copy.querySelectorAll(controls)) control.remove();
  return {dialog: dialog !== null, words: (copy.textContent || "").slice(0, 100000)};
}"""
_SCRIPT = (files(__package__) / "guard.js").read_text(encoding="utf-8").replace(_MARK, JS_NORMALIZE)


class ForbiddenClick(CiferBotError):
    """The tool was about to click something a person must click."""


class Clicker:
    """Clicks for the tool; refuses the final submission, however it is dressed."""

    def __init__(self, never_click: Iterable[str] = ()) -> None:
        # The built-in captions always, whatever the map says: it can only add.
        self.never_click = floors.never_click(never_click)
        self.clicked: list[str] = []

    def is_forbidden(self, captions: Iterable[str]) -> bool:
        """Whether any caption holds a never-click caption (`保存并提交` holds `提交`).

        Containment, not equality: a portal's variant of the submit button must not slip
        through because of a word added around it.
        """
        return any(floors.holds_never_click(caption, self.never_click) for caption in captions)

    def read(self, target: Locator | Marked) -> tuple[list[str], bool]:
        """The captions a person reads on the target now, and whether it would post what
        a never-click button of its form posts. A control the resolver marked is read in
        one round trip to the browser (`Marked`), a locator in three."""
        found: dict[str, object] = target.evaluate(_SCRIPT, list(self.never_click))
        captions = [str(caption) for caption in found["captions"]]  # type: ignore[attr-defined]
        return captions, bool(found["same"])

    def captions(self, target: Locator | Marked) -> list[str]:
        return self.read(target)[0]

    def click(
        self,
        target: Locator | Marked,
        *,
        what: str,
        key: str | None = None,
        moving_on: bool = False,
    ) -> None:
        """Click `target` (or press `key` on it) unless a person reads it as the final
        submission, or it would send the final submission under another caption.

        `what` names the element for the log and for errors, in English. `moving_on`: a
        press that moves a page on (下一步, 确定, Next), refused as well inside a dialog
        (the tool opens none) and where the dialog, form or page around it speaks of
        submitting: a 确定 that confirms a submission is the submission.
        """
        captions, same = self.read(target)
        shown = next((c for c in captions if c.strip()), "?").strip()
        if self.is_forbidden(captions) or same:
            why = (
                "it posts what the final submission posts"
                if same and not self.is_forbidden(captions)
                else "the final submission is left to a person"
            )
            raise ForbiddenClick(f"refused to click {what} ({shown!r}): {why}")
        if moving_on:
            around: dict[str, object] = target.evaluate(_AROUND)
            if around["dialog"] or self.is_forbidden([str(around["words"])]):
                why = (
                    "it stands in a dialog the tool did not open"
                    if around["dialog"]
                    else "the page around it speaks of submitting"
                )
                raise ForbiddenClick(
                    f"refused to press {what} ({shown!r}) to move on: {why}; "
                    "the final submission is left to a person"
                )
        locator = target.locator if isinstance(target, Marked) else target
        if key is None:
            locator.click()
        else:
            locator.press(key)
        self.clicked.append(what)
