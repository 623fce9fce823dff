"""The resolver: from the label a person reads to the control it labels, whatever the markup.

One script, injected into a frame, walks the page and collects every control that the
label names by any of these strategies; a control found by several is one match:

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

import itertools
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Locator, Page

from cifer_bot.errors import PortalError
from cifer_bot.labels import JS_NORMALIZE, has_cjk, label_key
from cifer_bot.selector_map import Entry, Kind, PageSpec, SelectorMap

MATCH_ATTRIBUTE = "data-cifer-match"

# How long a resolution waits for a label to appear (pages and frames load late).
DEFAULT_TIMEOUT = 5.0
_POLL_MS = 100

_SCRIPT = (
    """(args) => {
"use strict";
"""
    + JS_NORMALIZE
    + r"""
const key = labelKey(args.label);
const FILL_KINDS = ["text", "password", "textarea", "select", "date", "captcha_input"];
const group = FILL_KINDS.includes(args.kind) ? "fill"
  : args.kind === "file" ? "file"
  : args.kind === "captcha_image" ? "image"
  : args.kind === "hover_menu" ? "hover"
  : "click";
const root = document.body || document.documentElement;
if (!key || !root) return {count: 0, matches: []};

// Elements whose text is never a label's: code, form controls and what they hold.
const NO_TEXT = new Set(["script", "style", "noscript", "template", "select", "option",
  "optgroup", "datalist", "textarea", "input", "button", "iframe", "object", "head",
  "title", "meta", "link"]);
const NOT_FILL = new Set(["hidden", "submit", "button", "reset", "image", "file",
  "checkbox", "radio", "range", "color"]);
const CLICK_ROLES = new Set(["button", "link", "menuitem", "tab", "treeitem"]);
const MAX_LABEL_CHARS = 400;

const styles = new Map();
const style = (el) => {
  let s = styles.get(el);
  if (s === undefined) { s = getComputedStyle(el); styles.set(el, s); }
  return s;
};
const shown = (el) => !el.hidden && style(el).display !== "none";

// The text a person reads in an element: no hidden parts, no control contents.
function textOf(node) {
  let out = "";
  const walk = (parent) => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) out += child.data;
      else if (child.nodeType === Node.ELEMENT_NODE) {
        if (NO_TEXT.has(child.localName) || !shown(child)) continue;
        walk(child);
      }
    }
  };
  walk(node);
  return out;
}
const keyOf = (text) => (text ? labelKey(text) : "");

function isVisible(el) {
  if (typeof el.checkVisibility === "function") {
    if (!el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) return false;
  } else {
    for (let a = el; a; a = a.parentElement) if (!shown(a)) return false;
    if (style(el).visibility === "hidden") return false;
  }
  const rect = el.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

function isFill(el) {
  const tag = el.localName;
  if (tag === "textarea" || tag === "select") return true;
  return tag === "input" && !NOT_FILL.has(el.type);
}
function isClickable(el) {
  const tag = el.localName;
  if (tag === "a" || tag === "button" || tag === "summary") return true;
  if (tag === "input") return ["button", "submit", "reset", "image"].includes(el.type);
  if (CLICK_ROLES.has((el.getAttribute("role") || "").toLowerCase())) return true;
  if (el.hasAttribute("onclick")) return true;
  // A <label> names a control; it is not one, even when a click on it reaches one.
  if (tag === "label") return false;
  // Cells of a date picker and other script-driven widgets: the page says "clickable"
  // with a pointer cursor, where the pointer starts (children inherit it).
  if (style(el).cursor !== "pointer") return false;
  const parent = el.parentElement;
  return !parent || style(parent).cursor !== "pointer";
}
function isHoverable(el) {
  return isClickable(el) || el.hasAttribute("aria-haspopup")
    || el.hasAttribute("onmouseover") || el.hasAttribute("onmouseenter");
}
function isFileish(el) {
  return (el.localName === "input" && el.type === "file") || isClickable(el);
}
function isImage(el) {
  const tag = el.localName;
  return tag === "img" || tag === "canvas" || tag === "svg"
    || (tag === "input" && el.type === "image")
    || (el.getAttribute("role") || "").toLowerCase() === "img";
}
const isCandidate = {fill: isFill, file: isFileish, image: isImage, click: isClickable,
  hover: isHoverable}[group];

// Labels a control carries itself; a control labelled otherwise belongs to another label.
function ownKeys(el) {
  const keys = [];
  keys.push(keyOf(el.getAttribute("aria-label")));
  const by = el.getAttribute("aria-labelledby");
  if (by) {
    keys.push(keyOf(by.split(/\s+/).map((id) => {
      const ref = document.getElementById(id);
      return ref ? textOf(ref) : "";
    }).join(" ")));
  }
  if (el.labels) for (const label of el.labels) keys.push(keyOf(textOf(label)));
  return keys.filter((k) => k !== "");
}
const claimedByOther = (el) => {
  const keys = ownKeys(el);
  return keys.length > 0 && !keys.includes(key);
};

const found = new Map();
const add = (el, strategy) => {
  if (!found.has(el)) found.set(el, new Set());
  found.get(el).add(strategy);
};
const all = Array.from(root.querySelectorAll("*"));
if (root.localName !== "html") all.unshift(root);

const pool = (els) => {
  const visible = els.filter(isVisible);
  return args.includeHidden && visible.length === 0 ? els : visible;
};
const controlsIn = (node) => {
  const out = [];
  if (node.nodeType !== Node.ELEMENT_NODE) return out;
  if (isCandidate(node) && !claimedByOther(node)) out.push(node);
  for (const el of node.querySelectorAll("*")) {
    if (isCandidate(el) && !claimedByOther(el)) out.push(el);
  }
  return out;
};

// Elements (and bare text nodes) whose text is the label.
function labelNodes() {
  const nodes = [];
  for (const el of all) {
    if (NO_TEXT.has(el.localName)) continue;
    const raw = el.textContent;
    if (!raw || raw.length > MAX_LABEL_CHARS) continue;
    if (keyOf(textOf(el)) === key) nodes.push(el);
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const parent = text.parentElement;
    if (!parent || NO_TEXT.has(parent.localName)) continue;
    if (text.data.length > MAX_LABEL_CHARS || keyOf(text.data) !== key) continue;
    if (nodes.includes(parent)) continue;
    nodes.push(text);
  }
  return nodes;
}

function isSuffix(node) {
  let prev = node.previousSibling;
  while (prev && prev.nodeType === Node.TEXT_NODE && keyOf(prev.data) === "") {
    prev = prev.previousSibling;
  }
  if (!prev || prev.nodeType !== Node.ELEMENT_NODE || !isCandidate(prev)) return false;
  const raw = node.nodeType === Node.TEXT_NODE ? node.data : textOf(node);
  return !/[:\uFF1A\uFE55]\s*$/u.test(raw);
}

function byStructure() {
  // <label for=...> and wrapping labels
  for (const label of root.querySelectorAll("label")) {
    if (keyOf(textOf(label)) !== key) continue;
    const control = label.control;
    if (control && isCandidate(control)) add(control, "label");
  }
  // the control's own attributes
  for (const el of all) {
    if (!isCandidate(el)) continue;
    const names = ["aria-label", "placeholder", "title"];
    if (group === "image") names.push("alt");
    if (names.some((n) => keyOf(el.getAttribute(n)) === key)) add(el, "attribute");
    else if (el.hasAttribute("aria-labelledby") && ownKeys(el).includes(key)) add(el, "attribute");
  }
  for (const node of labelNodes()) {
    // the next sibling that holds a control: the next cell, the dd after a dt. A node
    // that holds a control itself is a container, not a caption: its siblings are
    // other fields.
    // A caption right after a control, without a colon, is that control's suffix (the
    // 年 after a year select): it does not label what follows.
    let steps = controlsIn(node).length || isSuffix(node) ? 6 : 0;
    for (let sib = node.nextSibling; sib && steps < 6; sib = sib.nextSibling) {
      if (sib.nodeType === Node.TEXT_NODE) {
        if (keyOf(sib.data) !== "") break;
        continue;
      }
      if (sib.nodeType !== Node.ELEMENT_NODE) continue;
      steps += 1;
      const controls = controlsIn(sib);
      if (controls.length) {
        for (const control of pool(controls)) add(control, "next");
        break;
      }
      // another text between the label and a control: that control is not ours
      if (!NO_TEXT.has(sib.localName) && keyOf(textOf(sib)) !== "") break;
    }
    // the nearest container that holds controls, if it holds exactly one
    let box = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    for (let depth = 0; box && depth <= 4; depth += 1, box = box.parentElement) {
      if (box === document.body || box === document.documentElement) break;
      const controls = controlsIn(box);
      if (!controls.length) continue;
      const mine = pool(controls);
      if (mine.length === 1) add(mine[0], "container");
      break;
    }
  }
}

function byText() {
  for (const el of all) {
    const texts = [el.getAttribute("aria-label"), el.getAttribute("title")];
    if (el.localName === "input") texts.push(el.value, el.getAttribute("alt"));
    else if (el.textContent.length <= MAX_LABEL_CHARS) texts.push(textOf(el));
    if (!texts.some((t) => keyOf(t) === key)) continue;
    if (isClickable(el)) add(el, "text");
  }
}

// A hover-menu tab: interactive itself, or the box that holds its hidden pop-up links.
function isTab(el) {
  if (isHoverable(el)) return true;
  for (const link of el.querySelectorAll("a, button, [role=menuitem]")) {
    if (!isVisible(link)) return true;
  }
  return false;
}

function byCaption() {
  const captions = [];
  for (const el of all) {
    if (NO_TEXT.has(el.localName)) continue;
    const raw = el.textContent;
    if (!raw || raw.length > MAX_LABEL_CHARS) continue;
    const texts = [textOf(el), el.getAttribute("aria-label"), el.getAttribute("title")];
    if (texts.some((t) => keyOf(t) === key)) captions.push(el);
  }
  // a caption written as bare text beside icons: <span>境外企业<svg/><em>CIFER</em></span>
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || NO_TEXT.has(parent.localName) || captions.includes(parent)) continue;
    if (keyOf(walker.currentNode.data) === key) captions.push(parent);
  }
  const visible = captions.filter(isVisible);
  for (const caption of visible) {
    // the tab is the caption itself or the nearest tab around it
    for (let a = caption, depth = 0; a && depth <= 3 && a !== document.body;
      a = a.parentElement, depth += 1) {
      if (isTab(a)) { add(a, "caption"); break; }
    }
  }
  // no tab to be recognised: the visible caption itself, whose hover reaches the tab
  if (found.size === 0) for (const caption of visible) add(caption, "caption");
}

if (group === "fill" || group === "image") byStructure();
else if (group === "file") { byStructure(); byText(); }
else if (group === "click") byText();
else byCaption();

let list = pool(Array.from(found.keys()));
if (group !== "fill") {
  // a caption inside a link inside a button is one control: keep the outermost
  list = list.filter((el) => !list.some((other) => other !== el && other.contains(el)));
}
if (group === "file" && list.some((el) => !(el.localName === "input" && el.type === "file"))) {
  // the filler clicks the button that opens the file chooser
  list = list.filter((el) => !(el.localName === "input" && el.type === "file"));
}

const attr = args.attribute;
const describe = (el) => {
  let text = el.localName === "input" ? (el.value || "") : textOf(el);
  text = text.replace(/\s+/g, " ").trim();
  if (text.length > 40) text = text.slice(0, 39) + "…";
  return {
    tag: el.localName,
    id: el.id || "",
    name: el.getAttribute("name") || "",
    type: el.localName === "input" ? el.type : "",
    text: text,
    visible: isVisible(el),
    strategies: Array.from(found.get(el)).sort(),
  };
};
for (const el of list) {
  const had = (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
  had.push(args.token);
  el.setAttribute(attr, had.join(" "));
}
return {count: list.length, matches: list.map(describe)};
}"""
)


class MatchInfo(TypedDict):
    """One control the script found, as it describes it."""

    tag: str
    id: str
    name: str
    type: str
    text: str
    visible: bool
    strategies: list[str]


@dataclass(frozen=True)
class FrameMatches:
    """What one frame holds for a label: the marked controls and their descriptions."""

    frame: Frame
    locator: Locator
    matches: tuple[MatchInfo, ...]

    @property
    def count(self) -> int:
        return len(self.matches)


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


class LabelError(PortalError):
    """A label of the selector map does not name exactly one control on the page."""

    def __init__(
        self,
        message: str,
        *,
        step: str,
        label: str,
        english: str,
        map_version: str,
        artifacts: tuple[Path, ...],
        matches: tuple[MatchInfo, ...] = (),
    ) -> None:
        super().__init__(message)
        self.step = step
        self.label = label
        self.english = english
        self.map_version = map_version
        self.artifacts = artifacts
        self.matches = matches


class LabelNotFound(LabelError):
    """No control on the page carries the label."""


class LabelAmbiguous(LabelError):
    """More than one control on the page carries the label."""


_tokens = itertools.count(1)


def _token() -> str:
    return f"m{next(_tokens)}-{secrets.token_hex(4)}"


def _selector(token: str) -> str:
    return f'[{MATCH_ATTRIBUTE}~="{token}"]'


def find_in_frame(
    frame: Frame, label: str, *, kind: Kind, include_hidden: bool = False
) -> FrameMatches:
    """Mark and return every control of one frame that the label names (no waiting).

    The building block of `Resolver`; it raises nothing for zero or many matches.
    """
    token = _token()
    result: dict[str, Any] = frame.evaluate(
        _SCRIPT,
        {
            "label": label,
            "kind": kind,
            "includeHidden": include_hidden,
            "token": token,
            "attribute": MATCH_ATTRIBUTE,
        },
    )
    matches: tuple[MatchInfo, ...] = tuple(result["matches"])
    return FrameMatches(frame=frame, locator=frame.locator(_selector(token)), matches=matches)


def _main_frame(scope: Page | Frame) -> Frame:
    return scope.main_frame if isinstance(scope, Page) else scope


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:40] or "label"


def _describe_label(label: str, english: str) -> str:
    if not english or not has_cjk(label) or label_key(english) == label_key(label):
        return f"«{label}»"
    return f"«{label}» ({english})"


def _describe_match(match: MatchInfo) -> str:
    what = match["tag"] + (f"[type={match['type']}]" if match["type"] else "")
    if match["id"]:
        what += f"#{match['id']}"
    if match["name"]:
        what += f" name={match['name']}"
    if match["text"]:
        what += f" {match['text']!r}"
    if not match["visible"]:
        what += " (hidden)"
    return f"{what} by {'+'.join(match['strategies'])}"


@dataclass
class Resolver:
    """Finds controls by their labels and reports, with evidence, when the page disagrees.

    `map_version` and `artifacts_dir` go into every error: the version names the map to
    correct, the folder receives the screenshot and the HTML of every frame.
    """

    map_version: str
    artifacts_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    _saved: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

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
            _main_frame(scope).page.wait_for_timeout(_POLL_MS)

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
            return [_main_frame(scope)]

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
                    f"{self._saved_note(artifacts)}",
                    step=page_spec.step_name,
                    label=f"css {css}",
                    english=entry.english,
                    map_version=self.map_version,
                    artifacts=artifacts,
                )
            _main_frame(scope).page.wait_for_timeout(_POLL_MS)

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
            f"{step}: no {kind} control labelled {_describe_label(label, english)} in "
            f"{where} ({_main_frame(scope).url}), selector map {self.map_version}. The "
            f"portal may have changed: compare the page with the map's entry. "
            f"{self._saved_note(artifacts)}",
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
        listed = "; ".join(_describe_match(match) for match in matches)
        artifacts = self.save_evidence(scope, step, english or label)
        raise LabelAmbiguous(
            f"{step}: {len(matches)} {kind} controls are labelled "
            f"{_describe_label(label, english)} ({_main_frame(scope).url}), selector map "
            f"{self.map_version}: {listed}. {self._saved_note(artifacts)}",
            step=step,
            label=label,
            english=english,
            map_version=self.map_version,
            artifacts=artifacts,
            matches=matches,
        )

    @staticmethod
    def _saved_note(artifacts: tuple[Path, ...]) -> str:
        if not artifacts:
            return "Could not save a screenshot or the page's HTML."
        return "Saved: " + ", ".join(str(path) for path in artifacts)

    def save_evidence(self, scope: Page | Frame, step: str, what: str = "page") -> tuple[Path, ...]:
        """Save a full-page screenshot and the HTML of every frame; the files written.

        The files go to `artifacts_dir`, named after the step and `what`; a file that
        cannot be written (a closed page) is left out rather than raising.
        """
        page = _main_frame(scope).page
        self.artifacts_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        stem = f"{_slug(step)}-{_slug(what)}-{stamp}-{next(self._saved)}"
        saved: list[Path] = []
        shot = self.artifacts_dir / f"{stem}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            saved.append(shot)
        except PlaywrightError:
            pass
        for index, frame in enumerate(page.frames):
            suffix = "" if index == 0 else f".frame{index}"
            target = self.artifacts_dir / f"{stem}{suffix}.html"
            try:
                content = frame.content()
            except PlaywrightError:
                continue
            header = f"<!-- cifer-bot: frame {index} name={frame.name!r} url={frame.url} -->\n"
            target.write_text(header + content, encoding="utf-8")
            saved.append(target)
        return tuple(saved)
