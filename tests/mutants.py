"""`make mutants`: the safety rules broken on purpose, one at a time, to show that the
tests that claim each rule catch it.

Each mutant is a small edit of the package (or of the floors it keeps) in a scratch copy
of the project; the tests named for it run against that copy, and the mutant is caught
when at least one of them fails. The table at the end names, for each mutant, the tests
that failed. Not part of `make test`: it runs the named tests once per mutant (about ten
minutes on two cores).

    .venv/bin/python -m tests.mutants            # every mutant
    .venv/bin/python -m tests.mutants guard-open # one, by name
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a scratch copy leaves out: the environment, the record, what runs leave behind.
_LEFT_OUT = {".git", ".venv", "node_modules", "out", ".mypy_cache", ".ruff_cache"}


@dataclass(frozen=True)
class Mutant:
    """A deliberate break: `edits` (file, the text it holds once, its replacement) and
    the tests that claim the rule it breaks."""

    name: str
    rule: str
    edits: tuple[tuple[str, str, str], ...]
    tests: tuple[str, ...]
    choice: str = ""  # a generated portal's choice whose handling the mutant turns off


MUTANTS = (
    Mutant(
        "guard-open",
        "the guard never refuses a click",
        (("cifer_bot/portal/guard.py", "if self.is_forbidden(captions) or same:", "if False:"),),
        ("tests/portal/test_guard.py", "tests/run/test_accounts.py::test_a_hostile_map"),
    ),
    Mutant(
        "floor-without-提交",
        "提交 is gone from the built-in never-click captions",
        (
            (
                "cifer_bot/floors.py",
                'NEVER_CLICK: tuple[str, ...] = ("提交", ',
                "NEVER_CLICK: tuple[str, ...] = (",
            ),
        ),
        (
            "tests/run/test_accounts.py::test_each_built_in_caption_alone_stops_a_hostile_map",
            "tests/portal/test_guard.py",
        ),
    ),
    Mutant(
        "captcha-click-unguarded",
        "the captcha image is clicked past the guard",
        (
            (
                "cifer_bot/steps/captcha.py",
                'scene.clicker.click(image, what="the captcha image (a new code)")',
                "image.click()",
            ),
        ),
        ("tests/portal/test_every_press.py",),
    ),
    Mutant(
        "read-back-always-matches",
        "the read-back never finds a difference",
        (
            (
                "cifer_bot/steps/review.py",
                "return self.same if self.same is not None else self.expected == self.actual",
                "return True",
            ),
        ),
        ("tests/run/test_changed_portal.py", "tests/steps/test_steps.py"),
    ),
    Mutant(
        "account-form-mismatch-registered",
        "立即注册 is pressed on an account form that reads back otherwise",
        (
            (
                "cifer_bot/steps/legs.py",
                """    visit.review = account.fill_registration(flow, visit.new_account)
    if any(not row.match for row in visit.review):
        visit.stop = "mismatch"
    elif not visit.create_accounts:""",
                """    visit.review = account.fill_registration(flow, visit.new_account)
    if not visit.create_accounts:""",
            ),
        ),
        ("tests/run/test_changed_portal.py::test_an_account_form_that_reads_back_otherwise",),
    ),
    Mutant(
        "journal-never-pending",
        "a press left unconfirmed is never pending",
        (("cifer_bot/journal/sql.py", "return open_[-1] if open_ else None", "return None"),),
        ("tests/journal/test_protocol.py", "tests/run/test_kills.py"),
    ),
    Mutant(
        "draft-never-untold",
        "a draft the portal confirmed and no ending told is forgotten",
        (("cifer_bot/journal/sql.py", "        return saved\n", "        return None\n"),),
        ("tests/run/test_kill_moments.py", "tests/journal/test_protocol.py"),
    ),
    Mutant(
        "fence-open",
        "the host fence lets every host through",
        (
            ("cifer_bot/browser/launch.py", "proxy=fence.proxy(allowed_hosts),", ""),
            (
                "cifer_bot/browser/launch.py",
                "fence.route_refused(context, allowed_hosts)",
                "None",
            ),
        ),
        ("tests/browser/test_fence.py",),
    ),
    Mutant(
        "wrong-sub-item",
        "the category page's 糖果 is chosen for 巧克力",
        (
            (
                "cifer_bot/steps/category.py",
                'params={"sub_item": item.name_zh},',
                'params={"sub_item": "糖果" if item.name_zh == "巧克力" else item.name_zh},',
            ),
        ),
        ("tests/run/test_zoo.py::test_fill_saves_every_field_on_the_page_set",),
    ),
    Mutant(
        "values-cross-accounts",
        "an application is filled with the first application's values (state shared)",
        (
            (
                "cifer_bot/run/visits.py",
                "        application=None if lookup else item.application,",
                "        application=None if lookup else (_SEEN.append(item.application) "
                "or _SEEN[0]),",
            ),
            (
                "cifer_bot/run/visits.py",
                "def account_exists(",
                "_SEEN: list = []  # type: ignore[type-arg]\n\n\ndef account_exists(",
            ),
        ),
        ("tests/run/test_parallel.py", "tests/run/test_kill_moments.py::between"),
    ),
    Mutant(
        "moving-on-unguarded",
        "a press that moves a page on (下一步, 确定) goes through in a dialog or where the "
        "page speaks of submitting",
        (
            (
                "cifer_bot/portal/guard.py",
                'if around["dialog"] or self.is_forbidden([str(around["words"])]):',
                "if False:",
            ),
        ),
        ("tests/portal/test_guard.py", "tests/steps/test_intents.py"),
    ),
)

# Each choice of the generated portals is load-bearing: turning off the rung or the
# evidence that handles a value of it makes a generated portal with that value fail
# (`make load-bearing`; tests/replica/generated checks that every choice has one and
# that each edit still applies). The tests are the table's portals holding the value.
_GENERATED = "tests/run/test_generated.py::"
LOAD_BEARING = (
    Mutant(
        "menu-hover-only",
        "a menu is opened by a hover only, never clicked or entered",
        (
            (
                "cifer_bot/steps/menus.py",
                '        ("click", lambda: flow.clicker.click(tab.control, '
                'what=f"{entry.english}, to open it")),\n'
                '        ("press Enter on", lambda: _enter(flow, tab, entry)),\n',
                "",
            ),
        ),
        (_GENERATED + "g04 or g13",),
        choice="menu",
    ),
    Mutant(
        "category-chooser-closed",
        "a chooser that shows nothing until opened (a cascader) is never opened",
        (("cifer_bot/steps/intents.py", "    if count != 1:\n", "    if True:\n"),),
        (_GENERATED + "g01 or g28",),
        choice="category",
    ),
    Mutant(
        "category-no-drop-down",
        "an item offered as a drop-down's option is not seen",
        (
            (
                "cifer_bot/steps/intents.py",
                'return Offer("select", select=(hits[0][0], hits[0][1])) '
                "if len(hits) == 1 else None",
                "return None",
            ),
        ),
        (_GENERATED + "g31 or g35",),
        choice="category",
    ),
    Mutant(
        "navigation-main-frame-only",
        "a page is looked for in a window's main frame only, never in its frames",
        (
            (
                "cifer_bot/portal/where.py",
                "for frame in window.frames:",
                "for frame in [window.main_frame]:",
            ),
        ),
        (_GENERATED + "g08 or g12",),
        choice="navigation",
    ),
    Mutant(
        "titles-no-evidence",
        "a page is known by its title or heading only, never by what can be acted on there",
        (
            (
                "cifer_bot/portal/identify.js",
                "const proven = page.evidence.length > 0 && found.length >= page.needed;",
                "const proven = false;",
            ),
        ),
        (_GENERATED + "g07 or g11 or g14",),
        choice="titles",
    ),
    Mutant(
        "title-by-look-unread",
        "a title set apart only by its look (a bold div) is not read as a title",
        (("cifer_bot/portal/identify.js", " || styledTitle(wanted);", ";"),),
        (_GENERATED + "g02",),
        choice="title",
    ),
    Mutant(
        "labels-no-placeholder",
        "a placeholder does not name its control",
        (
            (
                "cifer_bot/portal/find_controls.js",
                'if (keyOf(el.getAttribute("placeholder")) === key) add(el, "placeholder");',
                "",
            ),
        ),
        (_GENERATED + "g20 or g32",),
        choice="labels",
    ),
    Mutant(
        "labels-no-next-cell",
        "a label does not name the control in the cell (or element) after it",
        (
            (
                "cifer_bot/portal/find_controls.js",
                'for (const control of pool(controls)) add(control, "next");',
                "",
            ),
        ),
        (_GENERATED + "g12 or g35",),
        choice="labels",
    ),
    Mutant(
        "captions-no-input-value",
        "the page's search does not read an input button's value as its caption, and "
        "the browser's accessible names (which would) are not asked",
        (
            (
                "cifer_bot/portal/find_controls.js",
                'if (el.localName === "input") texts.push(el.value, el.getAttribute("alt"));',
                'if (el.localName === "input") texts.push(el.getAttribute("alt"));',
            ),
            (
                "cifer_bot/portal/ladder.py",
                "        found = by_role(frames, entry.label_for(params), entry.kind)\n",
                "        found = []\n",
            ),
        ),
        (_GENERATED + "g10 or g30",),
        choice="captions",
    ),
    Mutant(
        "layout-no-wizard",
        "a wizard's 下一步 is never pressed to show the form's next pane",
        (
            (
                "cifer_bot/steps/panes.py",
                "        return self._wizard_next()\n",
                "        return False\n",
            ),
        ),
        (_GENERATED + "g10 or g13",),
        choice="layout",
    ),
    Mutant(
        "layout-no-tabs",
        "a tab or a collapsed part of the form is never opened",
        (
            (
                "cifer_bot/steps/panes.py",
                "for index, caption in enumerate(captions):",
                "for index, caption in enumerate(captions[:0]):",
            ),
        ),
        (_GENERATED + "g09 or g20",),
        choice="layout",
    ),
    Mutant(
        "date-no-value-written",
        "a date the field does not take by typing or the map's picker is never written",
        (
            (
                "cifer_bot/steps/widgets/dates.py",
                "    for pattern in tries:\n        set_value(",
                "    for pattern in tries[:0]:\n        set_value(",
            ),
        ),
        (_GENERATED + "g27 or g31",),
        choice="date",
    ),
    Mutant(
        "select-never-opened",
        "a drawn drop-down is never opened to click its option",
        (
            (
                "cifer_bot/steps/widgets/choice.py",
                "if _pick(flow, frame, control, entry, meant) and _shows(control, meant):",
                "if False:",
            ),
        ),
        (_GENERATED + "g09 or g16",),
        choice="select",
    ),
    Mutant(
        "upload-never-rides",
        "a file chosen into a field that sends no request is not taken to ride with the form",
        (
            (
                "cifer_bot/steps/widgets/upload.py",
                "if not answer.requested and holds(frame, document.name):",
                "if False:",
            ),
        ),
        (_GENERATED + "g07 or g13 or g12",),
        choice="upload",
    ),
)


def scratch_copy(into: Path) -> Path:
    """The project as it stands, without its environment and leftovers."""
    copy = into / "project"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in _LEFT_OUT])
    return copy


def apply(mutant: Mutant, project: Path) -> None:
    for name, old, new in mutant.edits:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{mutant.name}: {name} holds {old!r} {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")


def run_tests(mutant: Mutant, project: Path) -> list[str]:
    """The named tests (a file, or a file and the start of a test's name) against the
    mutated copy; the ones that failed."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    failed: set[str] = set()
    for test in mutant.tests:
        path, _, name = test.partition("::")
        args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", path]
        if name:
            args += ["-k", name]
        done = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True)
        failed |= set(re.findall(r"^FAILED (\S+)", done.stdout, re.MULTILINE))
    return sorted(failed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="the mutants to run (default: all)")
    parser.add_argument(
        "--choices",
        action="store_true",
        help="the generated portals' choices turned off instead of the safety rules",
    )
    args = parser.parse_args()
    listed = LOAD_BEARING if args.choices else MUTANTS
    mutants = [m for m in listed if not args.names or m.name in args.names]
    rows = []
    for mutant in mutants:
        with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.name}-") as scratch:
            project = scratch_copy(Path(scratch))
            apply(mutant, project)
            print(f"{mutant.name}: {mutant.rule} ...", flush=True)
            failed = run_tests(mutant, project)
        said = f"caught by {len(failed)}: " + ", ".join(failed) if failed else "NOT CAUGHT"
        print(f"  {said}", flush=True)
        rows.append((mutant, failed))
    print("\n| mutant | choice | rule broken | caught by |\n| --- | --- | --- | --- |")
    for mutant, failed in rows:
        named = "<br>".join(failed) if failed else "**not caught**"
        print(f"| {mutant.name} | {mutant.choice or '-'} | {mutant.rule} | {named} |")
    return 0 if all(failed for _, failed in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
