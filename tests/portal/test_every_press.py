"""Every press the tool makes goes through the guard (`cifer_bot.portal.guard.Clicker`).

Read from the package's own code, as a lint would: a call that clicks, taps, checks or
presses a key outside the guard is refused unless it is one of the guarded wrappers
(`flow.click`, `clicker.click`), or a key that sends nothing (Escape, Tab). No script of
the package clicks or submits for the page either. A new way to press that slips past
the guard fails here before it reaches a portal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "cifer_bot"
GUARD = PACKAGE / "portal" / "guard.py"

# Calls that press something on a page (Playwright's Locator, ElementHandle, Page, Frame,
# Mouse and Keyboard verbs).
PRESSES = {
    "click",
    "dblclick",
    "tap",
    "check",
    "uncheck",
    "set_checked",
    "dispatch_event",
    "press",
    "press_sequentially",
    "down",
    "up",
}
# Receivers whose `click` is the guard's: the walk's `Flow.click` and the `Clicker`.
GUARDED = re.compile(r"(^|\.)(flow|clicker|self\.clicker)$")
# Keys that press nothing on the portal's forms.
HARMLESS_KEYS = {"Escape", "Tab"}
# Methods of the tool's own that share a name with a press (not Playwright's).
OWN = {("run/check.py", "self.check")}
# Page-side code that would click or submit for the page, and the one place that may:
# a press on the page's body, targeting no control, that closes a date picker.
BODY_PRESS = ("steps/widgets/dates.py", "document.body.dispatchEvent(new MouseEvent")
SCRIPTED = re.compile(
    r"\.click\(\)|\.submit\(\)|requestSubmit|new (Mouse|Pointer)Event|"
    r"dispatchEvent\(new Event\(['\"](click|submit)"
)


def _presses(source: str, where: str) -> list[str]:
    """The presses of a module's `source` (`where`: its path in the package) that do not
    go through the guard."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        verb = node.func.attr
        if verb not in PRESSES:
            continue
        receiver = ast.unparse(node.func.value)
        if (where, f"{receiver}.{verb}") in OWN or (where, receiver) in OWN:
            continue
        if verb == "click" and GUARDED.search(receiver):
            continue
        keys = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
        if verb == "press" and keys and set(keys) <= HARMLESS_KEYS:
            continue
        found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_press_of_the_package_bypasses_the_guard() -> None:
    found = [
        line
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != GUARD
        for line in _presses(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).as_posix())
    ]
    assert found == [], "presses outside the guard:\n" + "\n".join(found)


def test_no_script_of_the_package_clicks_or_submits_for_the_page() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in {".py", ".js"} or path == GUARD:
            continue
        where = path.relative_to(PACKAGE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SCRIPTED.search(line) and (where, line.strip()[: len(BODY_PRESS[1])]) != BODY_PRESS:
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:80]}")
    assert found == [], "page-side clicks or submits:\n" + "\n".join(found)


def test_the_lint_sees_a_press_that_bypasses_the_guard() -> None:
    # The checks above are only as good as their reading: these must be found.
    source = (
        "def go(page, image, field, form, flow):\n"
        "    image.click()\n"
        "    page.mouse.click(1, 2)\n"
        "    field.press('Enter')\n"
        "    form.dispatch_event('submit')\n"
        "    flow.click('form', 'save_draft')\n"
        "    field.press('Escape')\n"
    )
    found = _presses(source, "steps/sneaky.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "image.click()",
        "page.mouse.click(1, 2)",
        "field.press('Enter')",
        "form.dispatch_event('submit')",
    ]
    assert SCRIPTED.search("el => el.click()") and SCRIPTED.search("form.requestSubmit()")
