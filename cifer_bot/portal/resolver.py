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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page

from cifer_bot.portal.evidence import main_frame, save_evidence, saved_note
from cifer_bot.portal.matches import (
    FrameMatches,
    LabelAmbiguous,
    LabelError,
    LabelNotFound,
    MatchInfo,
    describe_label,
    describe_match,
    find_in_frame,
)
from cifer_bot.selector_map import Entry, Kind, PageSpec, SelectorMap

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
_POLL_MS = 100


@dataclass(frozen=True)
class Resolution:
    """The one control a label names, and the frame it is in."""

    label: str
    kind: Kind
    frame: Frame
    locator: Locator
    match: MatchInfo | None = None

    @property
    def strategies(self) -> tuple[str, ...]:
        return tuple(self.match["strategies"]) if self.match else ("css",)


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
        frames = self._frames(scope, all_frames=all_frames)
        deadline = time.monotonic() + self.timeout
        while True:
            found: list[FrameMatches] = []
            for frame in frames():
                try:
                    hit = find_in_frame(frame, label, kind=kind, include_hidden=include_hidden)
                except PlaywrightError:
                    # A frame that navigates or detaches mid-search: ask again below.
                    continue
                if hit.count:
                    found.append(hit)
            total = sum(hit.count for hit in found)
            if total == 1:
                hit = found[0]
                return Resolution(label, kind, hit.frame, hit.locator, hit.matches[0])
            if total > 1:
                self._fail_ambiguous(scope, label, kind, step, english, found)
            if time.monotonic() >= deadline:
                self._fail_not_found(scope, label, kind, step, english, all_frames)
            main_frame(scope).page.wait_for_timeout(_POLL_MS)

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
        if chosen.css is not None:
            return self._resolve_css(scope, page_spec, chosen, all_frames=all_frames)
        return self.resolve(
            scope,
            chosen.label_for(params),
            kind=chosen.kind,
            step=page_spec.step_name,
            english=chosen.english,
            include_hidden=include_hidden,
            all_frames=all_frames,
        )

    # --- internals ----------------------------------------------------------------

    def _frames(self, scope: Page | Frame, *, all_frames: bool) -> Callable[[], list[Frame]]:
        def frames() -> list[Frame]:
            if all_frames and isinstance(scope, Page):
                return list(scope.frames)
            return [main_frame(scope)]

        return frames

    def _resolve_css(
        self, scope: Page | Frame, page_spec: PageSpec, entry: Entry, *, all_frames: bool
    ) -> Resolution:
        # Only for elements with nothing to read (the hidden password hash): no labels.
        css = entry.css or ""
        frames = self._frames(scope, all_frames=all_frames)
        deadline = time.monotonic() + self.timeout
        while True:
            hits = [(frame, frame.locator(css)) for frame in frames()]
            counts = []
            for frame, locator in hits:
                try:
                    counts.append((frame, locator, locator.count()))
                except PlaywrightError:
                    continue
            total = sum(count for _, _, count in counts)
            if total == 1:
                frame, locator, _ = next(c for c in counts if c[2])
                return Resolution(f"css {css}", entry.kind, frame, locator)
            if total > 1 or time.monotonic() >= deadline:
                artifacts = self.save_evidence(scope, page_spec.step_name, entry.english)
                kind_of = LabelAmbiguous if total > 1 else LabelNotFound
                raise kind_of(
                    f"{page_spec.step_name}: {total} elements match css {css} "
                    f"({entry.english}), selector map {self.map_version}; "
                    f"{saved_note(artifacts)}",
                    step=page_spec.step_name,
                    label=f"css {css}",
                    english=entry.english,
                    map_version=self.map_version,
                    artifacts=artifacts,
                )
            main_frame(scope).page.wait_for_timeout(_POLL_MS)

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
        found: list[FrameMatches],
    ) -> None:
        matches = tuple(match for hit in found for match in hit.matches)
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
