// Which pages of the selector map a frame shows, and the evidence for each. Loaded by
// cifer_bot/portal/where.py, which puts the label normalisation of cifer_bot/labels.py
// where the marker stands and the resolver's page-side search (find_controls.js) for
// `findControls`, so that a page is known by the controls the resolver would find.
//
// args.pages: [{name, by, text, evidence: [{name, label, kinds}], needed}]. `by` is
// "title" (the document's title holds the text), "heading" (a title a person reads
// holds it: the document's, h1-h6, role=heading, a legend, the title of a dialog, card
// or panel, a short text set apart as bold or large) or
// "text" (the frame shows the text, visibly). `evidence` is the page's entries whose
// visible controls show it, `needed` how many of them must show.
// Returns {pages: [{name, level, clue, evidence}], loading, mark, status}: level 2 for a page shown
// by its evidence (or, with none, by its clue), 1 for a page only its clue hints at;
// `evidence` names the entries found. A frame still loading shows nothing certain.
// `mark` is the window's change mark (watch.js) as the look began: a wait for a change
// after it misses nothing the look did not see. `status` is the HTTP status the document
// came with, as the document itself records it (0 where the browser does not say): an
// error page is known from the page, however late the browser reports its response.
/* global normalizeLabel, labelKey */
(args) => {
  "use strict";
  const mark = window.__ciferBotChanges || "";
  /* cifer-bot: label normalisation */
  const findControls = /* cifer-bot: find controls */ null;

  const squash = (text) => normalizeLabel(text || "").toLowerCase();
  const shown = (el) => {
    if (typeof el.checkVisibility === "function") {
      if (!el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) {
        return false;
      }
    }
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const body = document.body;
  let visibleText = null;
  const pageText = () => {
    if (visibleText === null) visibleText = body ? squash(body.innerText) : "";
    return visibleText;
  };
  // What controls carry besides their text: where a label may be that the page's text
  // does not show (a placeholder, an aria-label, a button's value).
  let carried = null;
  const carriedText = () => {
    if (carried === null) {
      const parts = [];
      const named = "[placeholder], [aria-label], [title], [alt], input[type=submit], "
        + "input[type=button], input[type=image], [aria-labelledby]";
      for (const el of document.querySelectorAll(named)) {
        parts.push(el.getAttribute("placeholder"), el.getAttribute("aria-label"),
          el.getAttribute("title"), el.getAttribute("alt"));
        if (el.localName === "input") parts.push(el.value);
      }
      carried = squash(parts.filter(Boolean).join("\u0001"));
    }
    return carried;
  };
  // Titles a person reads: headings, legends, and the titles of dialogs, cards and
  // panels however a UI kit writes them (short texts that are no control).
  const TITLES = "h1, h2, h3, h4, h5, h6, [role=heading], legend, caption, "
    + "[class*='-title'], [class*='_title'], [class*='title-'], [class~=title], "
    + "[class*='heading'], [class*='card-header'], [class*='card-head'], "
    + "[class*='modal-header'], [class*='dialog-header'], [class*='panel-header']";
  let titles = null;
  const headings = () => {
    if (titles === null) {
      const found = Array.from(document.querySelectorAll(TITLES)).filter(
        (el) => !el.closest("a, button, [role=button], [role=link], select, option")
          && (el.innerText || "").length <= 80 && shown(el),
      );
      for (const box of document.querySelectorAll("[aria-labelledby]")) {
        const role = (box.getAttribute("role") || box.localName).toLowerCase();
        if (!["dialog", "alertdialog", "region", "group", "section", "form"].includes(role)) continue;
        for (const id of box.getAttribute("aria-labelledby").split(/\s+/)) {
          const ref = document.getElementById(id);
          if (ref && shown(ref)) found.push(ref);
        }
      }
      titles = found.map((el) => squash(el.innerText));
    }
    return titles;
  };
  // A title set apart by its look alone (a div atop a panel): a short text, no control
  // in its element, bold or larger than the page's own text. Looked for only where the
  // page's text holds the wanted words and no marked title does.
  const styledTitle = (wanted) => {
    if (!pageText().includes(wanted)) return false;
    const base = parseFloat(getComputedStyle(body).fontSize) || 16;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !squash(node.data).includes(wanted)) continue;
      if (el.closest("a, button, label, [role=button], [role=link], select, option, script, "
        + "style, template, title")) continue;
      if ((el.innerText || "").length > 80 || !shown(el)
        || el.querySelector("a, button, input, select, textarea")) continue;
      const style = getComputedStyle(el);
      if (Number(style.fontWeight) >= 600 || parseFloat(style.fontSize) >= base * 1.15) {
        return true;
      }
    }
    return false;
  };
  const hinted = (page) => {
    const wanted = squash(page.text);
    if (!wanted) return false;
    if (page.by === "title") return squash(document.title).includes(wanted);
    if (page.by === "heading") {
      // the document's title is a title a person reads too (in the window's tab)
      return headings().some((text) => text.includes(wanted))
        || squash(document.title).includes(wanted) || styledTitle(wanted);
    }
    return pageText().includes(wanted);
  };
  // Whether a visible control of an entry shows in the frame, as the resolver finds it.
  // An entry whose label the frame's text does not hold has none. The others are
  // searched in rounds, one search of the page each: in each round, as many of each
  // page's next entries as it still needs (most pages are settled in the first round).
  const readable = (entry) => {
    const key = labelKey(entry.label);
    return Boolean(key && body && (pageText().includes(key) || carriedText().includes(key)));
  };
  // An item a chooser holds out of sight is offered all the same: an option of a select
  // a person sees, a node of a tree a person sees (collapsed under its category).
  const keyOfNode = (node) => labelKey(node.textContent || "");
  const inChooser = (entry) => {
    if (!entry.kinds.includes("choice")) return false;
    const key = labelKey(entry.label);
    if (!key) return false;
    for (const select of document.querySelectorAll("select")) {
      if (shown(select) && Array.from(select.options).some((o) => labelKey(o.text) === key)) {
        return true;
      }
    }
    for (const tree of document.querySelectorAll("[role=tree]")) {
      if (!shown(tree)) continue;
      for (const node of tree.querySelectorAll("[role=treeitem]")) {
        if (!node.querySelector("[role=treeitem]") && keyOfNode(node) === key) return true;
      }
    }
    return false;
  };
  const idOf = (entry) => entry.kinds.join(" ") + "\u0001" + entry.label;
  const known = new Map();
  const searchAll = (entries) => {
    const queries = [];
    const owners = [];
    for (const entry of entries) {
      if (known.has(idOf(entry))) continue;
      known.set(idOf(entry), false);
      // each kind of control the entry may be found as (Entry.ways)
      for (const kind of entry.kinds) {
        queries.push({ label: entry.label, kind, includeHidden: false, token: "" });
        owners.push(idOf(entry));
      }
    }
    if (!queries.length) return;
    findControls({ queries, attribute: null }).results.forEach((result, index) => {
      if (result.count > 0) known.set(owners[index], true);
    });
    for (const entry of entries) {
      if (!known.get(idOf(entry)) && inChooser(entry)) known.set(idOf(entry), true);
    }
  };
  const states = args.pages.map((page) => ({
    page, next: 0, found: [],
    readable: page.evidence.filter((entry) => readable(entry) || inChooser(entry)),
  }));
  for (;;) {
    const round = [];
    for (const state of states) {
      const wanted = state.page.needed - state.found.length;
      if (wanted <= 0) continue;
      round.push(...state.readable.slice(state.next, state.next + wanted));
    }
    if (!round.length) break;
    searchAll(round);
    for (const state of states) {
      const wanted = state.page.needed - state.found.length;
      if (wanted <= 0) continue;
      for (const entry of state.readable.slice(state.next, state.next + wanted)) {
        if (known.get(idOf(entry))) state.found.push(entry.name);
      }
      state.next += wanted;
    }
  }

  const pages = [];
  for (const { page, found } of states) {
    const clue = hinted(page);
    const proven = page.evidence.length > 0 && found.length >= page.needed;
    const level = proven || (page.evidence.length === 0 && clue) ? 2 : clue ? 1 : 0;
    if (level > 0) pages.push({ name: page.name, level, clue, evidence: found });
  }
  const [navigation] = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
  const status = (navigation && navigation.responseStatus) || 0;
  return { pages, loading: document.readyState === "loading", mark, status };
}
