// Which pages of the selector map a frame shows. Loaded by cifer_bot/portal/where.py,
// which puts the label normalisation of cifer_bot/labels.py where the marker stands.
// args.pages: [{name, by, text}]; by is "title" (the document's title holds the text),
// "heading" (a visible heading or role=heading reads it) or "text" (the frame shows the
// text, visibly). Returns the names of the pages the frame shows, and whether its
// document is still loading (a frame half way to its next page shows nothing certain).
/* global normalizeLabel */
(args) => {
  "use strict";
  /* cifer-bot: label normalisation */

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
  const headings = () =>
    Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]"))
      .filter(shown)
      .map((el) => squash(el.innerText));
  const found = [];
  for (const page of args.pages) {
    const wanted = squash(page.text);
    if (!wanted) continue;
    let hit = false;
    if (page.by === "title") hit = squash(document.title).includes(wanted);
    else if (page.by === "heading") hit = headings().some((text) => text.includes(wanted));
    else hit = pageText().includes(wanted);
    if (hit) found.push(page.name);
  }
  return { pages: found, loading: document.readyState === "loading" };
}
