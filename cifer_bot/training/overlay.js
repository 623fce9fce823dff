// The overlay of a headed run, drawn into the top document by cifer_bot/training/overlay.py:
// a caption bar (the step, the guide's sentences, what the tool does now, and a Next
// button while the run waits for the trainee), and an outline around the control in use
// with its Chinese label and English beside it. It lives in a closed shadow root hung on
// <html>, outside <body>: the tool's own page scripts, Playwright's locators and the
// portal's scripts never read its text as the page's. Every part lets the pointer
// through but the Next button, and no part covers the control in use.
//
// args.op: "draw" (args.caption {heading, text, action}, args.target {x, y, width,
// height, label, english} or null, args.next: the caption of the button that ends the
// trainee's turn, "Next" or "End", or null) or "remove".
// Returns what was drawn where (the caption, the target, and the rectangle of each part:
// bar, next, ring, tag), for the tests that check that it covers nothing.
(args) => {
  "use strict";
  const KEY = "__ciferBotOverlay";
  const GAP = 10;
  const RING = 4;
  const old = window[KEY];
  if (args.op === "remove") {
    if (old) old.host.remove();
    window[KEY] = undefined;
    return null;
  }

  let overlay = old;
  if (!overlay || !overlay.host.isConnected) {
    const host = document.createElement("cifer-bot-overlay");
    host.setAttribute("aria-hidden", "true");
    host.style.cssText = "all:initial;position:fixed;inset:0;pointer-events:none;"
      + "z-index:2147483647;display:block;";
    const root = host.attachShadow({ mode: "closed" });
    overlay = { host: host, root: root };
    window[KEY] = overlay;
    document.documentElement.appendChild(host);
  }
  const root = overlay.root;
  while (root.firstChild) root.firstChild.remove();

  const style = document.createElement("style");
  style.textContent = [
    "* { box-sizing: border-box; }",
    ".bar { position: fixed; left: 12px; right: 12px; display: flex; gap: 16px;",
    "  align-items: center; background: rgba(23, 37, 54, 0.94); color: #fff;",
    "  font: 15px/1.45 'Noto Sans', 'Noto Sans CJK SC', Arial, sans-serif;",
    "  padding: 10px 16px; border-left: 8px solid #f60; border-radius: 6px;",
    "  box-shadow: 0 3px 14px rgba(0, 0, 0, 0.4); pointer-events: none; }",
    ".words { flex: 1; min-width: 0; }",
    ".heading { font-weight: 700; font-size: 17px; color: #ffb366; }",
    ".action { margin-top: 4px; font-weight: 600; color: #fff3c4; }",
    ".next { pointer-events: auto; cursor: pointer; font: 700 16px Arial, sans-serif;",
    "  background: #f60; color: #fff; border: 0; border-radius: 5px; padding: 10px 18px;",
    "  white-space: nowrap; }",
    ".hint { display: block; font: 11px Arial, sans-serif; opacity: 0.85; }",
    ".ring { position: fixed; border: 3px solid #f60; border-radius: 4px;",
    "  box-shadow: 0 0 0 3px rgba(255, 102, 0, 0.35); pointer-events: none; }",
    ".tag { position: fixed; max-width: 340px; background: #fff8e6; color: #1f2d3d;",
    "  border: 2px solid #f60; border-radius: 5px; padding: 5px 9px;",
    "  font: 14px/1.35 'Noto Sans', 'Noto Sans CJK SC', Arial, sans-serif;",
    "  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3); pointer-events: none; }",
    ".tag .zh { font-weight: 700; font-size: 16px; }",
  ].join("\n");
  root.appendChild(style);

  const part = (tag, className, text) => {
    const el = document.createElement(tag);
    el.className = className;
    if (text) el.textContent = text;
    return el;
  };
  const view = { width: window.innerWidth, height: window.innerHeight };
  const rectOf = (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  };
  const overlaps = (a, b, margin) =>
    a.x < b.x + b.width + margin && b.x < a.x + a.width + margin
    && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;

  const caption = args.caption || {};
  const bar = part("div", "bar");
  const words = part("div", "words");
  words.appendChild(part("div", "heading", caption.heading));
  if (caption.text) words.appendChild(part("div", "text", caption.text));
  if (caption.action) words.appendChild(part("div", "action", caption.action));
  bar.appendChild(words);
  let next = null;
  if (args.next) {
    next = part("button", "next", args.next + " \u25b8");
    next.type = "button";
    next.appendChild(part("span", "hint", "or Enter in the terminal"));
    next.addEventListener("click", () => {
      if (typeof window.ciferBotNext === "function") window.ciferBotNext();
    });
    bar.appendChild(next);
  }
  root.appendChild(bar);

  const target = args.target;
  // The bar goes to the bottom, or to the top where it would cover the control.
  bar.style.bottom = "12px";
  if (target && overlaps(rectOf(bar), target, GAP)) {
    bar.style.bottom = "";
    bar.style.top = "12px";
  }
  const drawn = {
    caption: { heading: caption.heading || "", action: caption.action || "" },
    target: target,
    bar: rectOf(bar),
    next: next ? rectOf(next) : null,
    ring: null,
    tag: null,
  };
  if (!target) return drawn;

  const ring = part("div", "ring");
  ring.style.left = target.x - RING - 3 + "px";
  ring.style.top = target.y - RING - 3 + "px";
  ring.style.width = target.width + 2 * (RING + 3) + "px";
  ring.style.height = target.height + 2 * (RING + 3) + "px";
  root.appendChild(ring);
  drawn.ring = rectOf(ring);

  const tag = part("div", "tag");
  tag.appendChild(part("div", "zh", target.label));
  if (target.english && target.english !== target.label) {
    tag.appendChild(part("div", "en", target.english));
  }
  root.appendChild(tag);
  const size = rectOf(tag);
  const outside = {
    x: drawn.ring.x,
    y: drawn.ring.y,
    width: drawn.ring.width,
    height: drawn.ring.height,
  };
  // Beside the control: right, left, below, above; the first place that covers neither
  // the control (with its ring) nor the bar, and stays in the window.
  const clamp = (value, most) => Math.max(GAP, Math.min(value, most - GAP));
  const beside = clamp(outside.y, view.height - size.height);
  const under = clamp(outside.x, view.width - size.width);
  const places = [
    { x: outside.x + outside.width + GAP, y: beside },
    { x: outside.x - GAP - size.width, y: beside },
    { x: under, y: outside.y + outside.height + GAP },
    { x: under, y: outside.y - GAP - size.height },
  ];
  const fits = (p) => {
    const box = { x: p.x, y: p.y, width: size.width, height: size.height };
    return p.x >= 0 && p.y >= 0 && p.x + size.width <= view.width
      && p.y + size.height <= view.height
      && !overlaps(box, outside, 0) && !overlaps(box, drawn.bar, 0);
  };
  const place = places.find(fits);
  if (!place) {
    // No room beside it: the label and its English join the bar, which moves away from
    // the control again if it grew over it.
    tag.remove();
    words.appendChild(part("div", "action", target.label + " \u2014 " + (target.english || "")));
    bar.style.top = "";
    bar.style.bottom = "12px";
    if (overlaps(rectOf(bar), outside, GAP)) {
      bar.style.bottom = "";
      bar.style.top = "12px";
    }
    drawn.bar = rectOf(bar);
    drawn.next = next ? rectOf(next) : null;
    return drawn;
  }
  tag.style.left = place.x + "px";
  tag.style.top = place.y + "px";
  drawn.tag = rectOf(tag);
  return drawn;
}
