"""The resolver: from the label a person reads to the control it labels, whatever the markup.

One script (`find_controls.js`), injected into a frame, walks the page and collects
every control that the label names by any of these strategies; a control found by
several is one match:

- `label`: an HTML `<label>` (for= or wrapping) whose text is the label;
- `attribute`: the control's own aria-label, aria-labelledby, placeholder, title or alt;
- `next`: a label element (a table cell, `dt`, `span`...) followed, among its siblings, by
  the element holding the control (the next cell of a table row, the `dd` of a `dt`);
- `container`: the nearest ancestor of a label element that holds controls, if it holds
  exactly one (a form-group `div`, `li`, `dl` or table row);
- `text`: a button or link whose own caption is the label (`立即注册<br>(Register now)`);
  what counts as clickable: links, buttons, button-like inputs, ARIA roles, `onclick`,
  and an element where a pointer cursor starts (the day cells of a date picker);
- `caption`: for a hover menu, the tab that carries the visible caption: an interactive
  element, or the box holding the hidden pop-up links, else the caption itself.

A `file` control is found by the structural strategies and by text; the button that
opens the file chooser wins over the hidden `<input type=file>`.

Before and after the script, the browser's own names count: a link or button whose
accessible name (Playwright's role locators: an image's `alt` names its link,
`aria-label`, `title`) is the label is found that way when the script finds nothing.
A captcha image that nothing names is the one picture beside the captcha field (the
entry's `near`), or the one whose address holds the entry's `src`. Where a control is
named by a label and another only by a placeholder or a title (a search box whose
placeholder names a field), the named one wins.

Texts are compared after `cifer_bot.labels` normalisation, for equality only: `联系人`
never matches `联系人姓名`. A control that has its own, different label (an aria-label, a
`<label>`) is never taken by the proximity strategies, and a caption right after a
control without a colon (the `年` after a year select) is that control's suffix, not the
label of what follows. Controls hidden by `display:none` (or not rendered) are ignored
unless hidden ones are asked for, and even then visible ones win.

The script marks what it found with a token in `data-cifer-match`, and the resolver
returns a Locator on that token: a snapshot of this page's DOM, to resolve again after
the page changes. Nothing found, or more than one control, is a `LabelNotFound` or
`LabelAmbiguous` error with a full-page screenshot and the HTML of every frame saved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Frame, Page

from cifer_bot.portal.evidence import main_frame, save_evidence, saved_note
from cifer_bot.portal.ladder import (
    Frames,
    Resolution,
    by_label,
    by_role,
    climb,
    frames_of,
)
from cifer_bot.portal.matches import (
    LabelAmbiguous,
    LabelError,
    LabelNotFound,
    describe_label,
    describe_match,
    find_in_frame,
)
from cifer_bot.portal.where import changes, wait_for_change
from cifer_bot.selector_map import CLICK_KINDS, Entry, Kind, PageSpec, SelectorMap

__all__ = [
    "DEFAULT_TIMEOUT",
    "LabelAmbiguous",
    "LabelError",
    "LabelNotFound",
    "Resolution",
    "Resolver",
    "find_in_frame",
]

# How long a resolution waits for a label to appear (pages and frames load late).
DEFAULT_TIMEOUT = 5.0


@dataclass
class Resolver:
    """Finds controls by their labels and reports, with evidence, when the page disagrees.

    `map_version` and `artifacts_dir` go into every error: the version names the map to
    correct, the folder receives the screenshot and the HTML of every frame.
    """

    map_version: str
    artifacts_dir: Path
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def for_map(
        cls, selector_map: SelectorMap, artifacts_dir: Path, *, timeout: float = DEFAULT_TIMEOUT
    ) -> Resolver:
        return cls(map_version=selector_map.version, artifacts_dir=artifacts_dir, timeout=timeout)

    def resolve(
        self,
        scope: Page | Frame,
        label: str,
        *,
        kind: Kind,
        step: str,
        english: str = "",
        include_hidden: bool = False,
        all_frames: bool = False,
    ) -> Resolution:
        """The one control that `label` names in this frame (a Page: its main frame).

        With `all_frames`, a Page is searched in its main frame and every child frame,
        and the result says which frame holds the control. Waits up to `timeout` seconds
        for the label to appear; raises LabelNotFound or LabelAmbiguous.
        """
        frames = frames_of(scope, all_frames=all_frames)

        def look() -> list[Resolution]:
            found = by_label(frames, label, kind, include_hidden=include_hidden)
            if not found and kind in CLICK_KINDS:
                found = by_role(frames, label, kind)
            return found

        return self._settle(scope, look, label, kind, step, english, all_frames)

    def resolve_in_frames(
        self,
        page: Page,
        label: str,
        *,
        kind: Kind,
        step: str,
        english: str = "",
        include_hidden: bool = False,
    ) -> Resolution:
        """`resolve` over the page's main frame and all its child frames."""
        return self.resolve(
            page,
            label,
            kind=kind,
            step=step,
            english=english,
            include_hidden=include_hidden,
            all_frames=True,
        )

    def resolve_entry(
        self,
        scope: Page | Frame,
        page_spec: PageSpec,
        entry: Entry | str,
        *,
        params: dict[str, str] | None = None,
        include_hidden: bool = False,
        all_frames: bool = True,
    ) -> Resolution:
        """The control of a selector map entry (by entry or by its name) on its page."""
        chosen = page_spec.entry(entry) if isinstance(entry, str) else entry
        frames = frames_of(scope, all_frames=all_frames)
        label = chosen.label_for(params) if chosen.label else f"css {chosen.css}"

        def look() -> list[Resolution]:
            return self.look(
                frames, page_spec, chosen, params, include_hidden=include_hidden, mark=True
            )

        return self._settle(
            scope,
            look,
            label,
            chosen.kind,
            page_spec.step_name,
            chosen.english,
            all_frames,
        )

    def look(
        self,
        frames: Frames,
        page_spec: PageSpec,
        entry: Entry,
        params: dict[str, str] | None = None,
        *,
        include_hidden: bool = False,
        mark: bool = False,
    ) -> list[Resolution]:
        """One look for an entry's control, down its ladder: label, the browser's name,
        the picture beside `near`, the address `src`, or (for what shows nothing) css.
        With `mark`, a control found by its label alone is marked as the entry's."""
        return self.look_all(
            frames, page_spec, [entry], params, include_hidden=include_hidden, mark=mark
        )[0]

    def look_all(
        self,
        frames: Frames,
        page_spec: PageSpec,
        entries: Sequence[Entry],
        params: dict[str, str] | None = None,
        *,
        include_hidden: bool = False,
        mark: bool = False,
    ) -> list[list[Resolution]]:
        """`look` for several entries of a page at once: their labels in one evaluation
        per frame, then the rest of the ladder for each entry its label did not find."""
        return climb(frames, page_spec, entries, params, include_hidden=include_hidden, mark=mark)

    # --- internals ----------------------------------------------------------------

    def _settle(
        self,
        scope: Page | Frame,
        look: Callable[[], list[Resolution]],
        label: str,
        kind: Kind,
        step: str,
        english: str,
        all_frames: bool,
    ) -> Resolution:
        """Look until exactly one control shows, waking on the page's changes."""
        deadline = time.monotonic() + self.timeout
        page = main_frame(scope).page
        seen: str | None = None
        while True:
            found = look()
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                self._fail_ambiguous(scope, label, kind, step, english, found)
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail_not_found(scope, label, kind, step, english, all_frames)
            if seen is not None:
                wait_for_change(page, left, seen)
            # The change mark, then the look again: what changes meanwhile wakes the wait.
            seen = changes(page) or ""

    def _fail_not_found(
        self,
        scope: Page | Frame,
        label: str,
        kind: Kind,
        step: str,
        english: str,
        all_frames: bool,
    ) -> None:
        where = "any frame of the page" if all_frames else "the frame"
        artifacts = self.save_evidence(scope, step, english or label)
        raise LabelNotFound(
            f"{step}: no {kind} control labelled {describe_label(label, english)} in "
            f"{where} ({main_frame(scope).url}), selector map {self.map_version}. The "
            f"portal may have changed: compare the page with the map's entry. "
            f"{saved_note(artifacts)}",
            step=step,
            label=label,
            english=english,
            map_version=self.map_version,
            artifacts=artifacts,
        )

    def _fail_ambiguous(
        self,
        scope: Page | Frame,
        label: str,
        kind: Kind,
        step: str,
        english: str,
        found: list[Resolution],
    ) -> None:
        matches = tuple(hit.match for hit in found if hit.match is not None)
        listed = "; ".join(describe_match(match) for match in matches)
        artifacts = self.save_evidence(scope, step, english or label)
        raise LabelAmbiguous(
            f"{step}: {len(matches)} {kind} controls are labelled "
            f"{describe_label(label, english)} ({main_frame(scope).url}), selector map "
            f"{self.map_version}: {listed}. {saved_note(artifacts)}",
            step=step,
            label=label,
            english=english,
            map_version=self.map_version,
            artifacts=artifacts,
            matches=matches,
        )

    def save_evidence(self, scope: Page | Frame, step: str, what: str = "page") -> tuple[Path, ...]:
        """Save a full-page screenshot and the HTML of every frame into `artifacts_dir`."""
        return save_evidence(scope, self.artifacts_dir, step, what)
