// The resolver's page-side half: from the label a person reads to the controls it names.
// Loaded by cifer_bot/portal/matches.py, which puts the label normalisation of
// cifer_bot/labels.py where the marker below stands, so that both sides compare labels
// by the one rule. It runs in a frame as `frame.evaluate(script, args)`.
//
// One label: args {label, kind, includeHidden, token, attribute, entryAttribute};
// returns {count, matches}, marking each match with token-index in args.attribute.
// Several labels at once: args {queries: [{label, kind, includeHidden, token}],
// attribute, entryAttribute}; returns {results: [{count, matches}]}, one per query, in
// one walk of the page: what does not depend on the label (the elements, their styles,
// their texts and visibility) is worked out once for all the queries.
// With entryAttribute, a control a query finds alone is marked as a map entry's.
/* global labelKey, captionKey */
(args) => {
  "use strict";
  /* cifer-bot: label normalisation */

  // Elements whose text is never a label's: code, form controls and what they hold.
  const NO_TEXT = new Set(["script", "style", "noscript", "template", "select", "option",
    "optgroup", "datalist", "textarea", "input", "button", "iframe", "object", "head",
    "title", "meta", "link"]);
  const NOT_FILL = new Set(["hidden", "submit", "button", "reset", "image", "file",
    "checkbox", "radio", "range", "color"]);
  const CLICK_ROLES = new Set(["button", "link", "menuitem", "tab", "treeitem"]);
  const FILL_KINDS = ["text", "password", "textarea", "select", "date", "captcha_input"];
  const MAX_LABEL_CHARS = 400;
  const root = document.body || document.documentElement;

  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (s === undefined) { s = getComputedStyle(el); styles.set(el, s); }
    return s;
  };
  const shown = (el) => !el.hidden && style(el).display !== "none";

  // The text a person reads in an element: no hidden parts, no control contents.
  const texts = new Map();
  function textOf(node) {
    let out = texts.get(node);
    if (out !== undefined) return out;
    out = "";
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
    texts.set(node, out);
    return out;
  }
  const keys = new Map();
  const keyOf = (text) => {
    if (!text) return "";
    let found = keys.get(text);
    if (found === undefined) { found = labelKey(text); keys.set(text, found); }
    return found;
  };

  const visibility = new Map();
  function isVisible(el) {
    let seen = visibility.get(el);
    if (seen !== undefined) return seen;
    seen = true;
    if (typeof el.checkVisibility === "function") {
      if (!el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) seen = false;
    } else {
      for (let a = el; a; a = a.parentElement) if (!shown(a)) seen = false;
      if (style(el).visibility === "hidden") seen = false;
    }
    if (seen) {
      // A pixel or less is the "visually hidden" of UI kits (a native <select> kept for
      // screen readers behind the kit's drop-down), not something a person sees.
      const rect = el.getBoundingClientRect();
      seen = rect.width > 0 && rect.height > 0 && (rect.width > 1 || rect.height > 1);
    }
    visibility.set(el, seen);
    return seen;
  }

  function isFill(el) {
    const tag = el.localName;
    if (tag === "textarea" || tag === "select") return true;
    if (tag === "input") return !NOT_FILL.has(el.type);
    // a script's drop-down (a div or span acting as a select), but not what it holds
    const role = (el.getAttribute("role") || "").toLowerCase();
    if (role !== "combobox" && role !== "listbox") return false;
    return !el.querySelector("input, select, textarea, [role=combobox]");
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
  // One item of a choice: a radio button or check box, an option, a tree node.
  const CHOICE_ROLES = new Set(["radio", "checkbox", "option", "treeitem", "menuitemradio",
    "menuitemcheckbox"]);
  function isChoice(el) {
    if (el.localName === "input") return el.type === "radio" || el.type === "checkbox";
    return CHOICE_ROLES.has((el.getAttribute("role") || "").toLowerCase());
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

  const all = root ? Array.from(root.querySelectorAll("*")) : [];
  if (root && root.localName !== "html") all.unshift(root);

  function search(query, attr, entryAttribute) {
    const key = labelKey(query.label);
    const group = FILL_KINDS.includes(query.kind) ? "fill"
      : query.kind === "file" ? "file"
      : query.kind === "captcha_image" ? "image"
      : query.kind === "hover_menu" ? "hover"
      : query.kind === "choice" ? "choice"
      : "click";
    if (!key || !root) return {count: 0, matches: []};
    const isCandidate = {fill: isFill, file: isFileish, image: isImage, click: isClickable,
      hover: isHoverable, choice: isChoice}[group];
    // A caption may carry an icon's ligature, an arrow or a gloss beside a Chinese label
    // (`境外企业 CIFER ▾`): read as the label when nothing shows the label alone.
    const loose = captionKey(query.label) === key;
    const captions = new Map();
    const captionOf = (text) => {
      if (!text) return "";
      let found = captions.get(text);
      if (found === undefined) { found = captionKey(text); captions.set(text, found); }
      return found;
    };
    // Labels a control carries itself; a control labelled otherwise belongs to another label.
    function ownKeys(el) {
      const keys = [];
      keys.push(keyOf(el.getAttribute("aria-label")));
      const by = el.getAttribute("aria-labelledby");
      if (by) {
        // A reference to a part of the control itself, or to the option it has chosen, is
        // its value (jQuery UI's selectmenu points at the option it shows), not a label.
        const isValue = (ref) => el.contains(ref)
          || ref.id === el.getAttribute("aria-activedescendant")
          || ref.closest("[role=option], [role=listbox], [role=menu]") !== null;
        keys.push(keyOf(by.split(/\s+/).map((id) => {
          const ref = document.getElementById(id);
          return ref && !isValue(ref) ? textOf(ref) : "";
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

    // With hidden controls allowed and none showing (a part of the form not shown yet),
    // those a part hides come before those hidden themselves (the <select> a script's
    // drop-down keeps behind it): the former are what a person sees when it shows.
    const hiddenItself = (el) => el.hidden || style(el).display === "none"
      || style(el).visibility === "hidden";
    const pool = (els) => {
      const visible = els.filter(isVisible);
      if (!query.includeHidden || visible.length > 0) return visible;
      const inPart = els.filter((el) => !hiddenItself(el));
      return inPart.length ? inPart : els;
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
      // (aria-label and aria-labelledby name a control; a placeholder or a title only
      // hints at it: the resolver prefers the former when both find something)
      for (const el of all) {
        if (!isCandidate(el)) continue;
        if (keyOf(el.getAttribute("aria-label")) === key) add(el, "aria");
        else if (el.hasAttribute("aria-labelledby") && ownKeys(el).includes(key)) add(el, "aria");
        if (keyOf(el.getAttribute("placeholder")) === key) add(el, "placeholder");
        if (keyOf(el.getAttribute("title")) === key) add(el, "title");
        if (group === "image" && keyOf(el.getAttribute("alt")) === key) add(el, "alt");
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
          // A table row is cells side by side, label and control in each pair: the next
          // cell tells which control a label cell names, the row as a whole does not.
          if (["tr", "tbody", "thead", "table"].includes(box.localName)) break;
          const controls = controlsIn(box);
          if (!controls.length) continue;
          const mine = pool(controls);
          if (mine.length === 1) add(mine[0], "container");
          break;
        }
      }
    }

    function byText(candidate, read) {
      for (const el of all) {
        if (!candidate(el)) continue;
        const texts = [el.getAttribute("aria-label"), el.getAttribute("title")];
        if (el.localName === "input") texts.push(el.value, el.getAttribute("alt"));
        else if (el.textContent.length <= MAX_LABEL_CHARS) texts.push(textOf(el));
        if (texts.some((t) => read(t) === key)) add(el, read === keyOf ? "text" : "caption");
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

    function byCaption(read) {
      const captions = [];
      for (const el of all) {
        if (NO_TEXT.has(el.localName) && el.localName !== "button") continue;
        const raw = el.textContent;
        if (!raw || raw.length > MAX_LABEL_CHARS) continue;
        const texts = [textOf(el), el.getAttribute("aria-label"), el.getAttribute("title")];
        if (texts.some((t) => read(t) === key)) captions.push(el);
      }
      // a caption written as bare text beside icons: <span>境外企业<svg/><em>CIFER</em></span>
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement;
        if (!parent || (NO_TEXT.has(parent.localName) && parent.localName !== "button")
          || captions.includes(parent)) continue;
        if (read(walker.currentNode.data) === key) captions.push(parent);
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
    else if (group === "file") { byStructure(); byText(isClickable, keyOf); }
    else if (group === "click") byText(isClickable, keyOf);
    else if (group === "choice") { byStructure(); byText(isChoice, keyOf); }
    else byCaption(keyOf);
    if (found.size === 0 && loose && group !== "fill" && group !== "image") {
      if (group === "hover") byCaption(captionOf);
      else byText(group === "choice" ? isChoice : isClickable, captionOf);
    }
    if (group === "choice") {
      // A UI kit hides its radio's input and draws the choice in the input's label: the
      // label is what a person clicks.
      for (const [el, strategies] of Array.from(found.entries())) {
        if (isVisible(el) || !el.labels) continue;
        const drawn = Array.from(el.labels).find(isVisible);
        if (!drawn) continue;
        found.delete(el);
        for (const strategy of strategies) add(drawn, strategy);
      }
    }

    let list = pool(Array.from(found.keys()));
    if (group !== "fill") {
      // a caption inside a link inside a button is one control: keep the outermost
      list = list.filter((el) => !list.some((other) => other !== el && other.contains(el)));
    }
    if (group === "file" && list.some((el) => !(el.localName === "input" && el.type === "file"))) {
      // the filler clicks the button that opens the file chooser
      list = list.filter((el) => !(el.localName === "input" && el.type === "file"));
    }

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
    // Each match carries the search's token and its index in the list: token-index (a
    // look that only counts, the page's identity, marks nothing: no attribute).
    if (attr) list.forEach((el, index) => {
      const had = (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
      had.push(query.token + "-" + index);
      el.setAttribute(attr, had.join(" "));
    });
    if (entryAttribute && list.length === 1) list[0].setAttribute(entryAttribute, "");
    return {count: list.length, matches: list.map(describe)};
  }

  if (Array.isArray(args.queries)) {
    return {results: args.queries.map((query) => search(query, args.attribute, args.entryAttribute))};
  }
  return search(args, args.attribute, args.entryAttribute);
}
