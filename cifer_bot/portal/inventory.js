// Every control a frame shows, with the label a person reads for it: what a new portal
// version added, which fields it marks mandatory, and the labels nearest a map entry
// that no longer matches. Loaded by cifer_bot/portal/inventory.py. Returns, in page
// order, for each visible form control and button:
//   {label, kind, mandatory, filled, named}
// label: the text that labels it (a <label>, aria, the table cell or form item before
// it, its placeholder or title; a button's caption); kind: text, password, textarea,
// select, date, file, checkbox, radio, button; mandatory: the page marks it (required,
// aria-required, lay-verify=required, an is-required item, a * before its label);
// filled: it holds a value; named: a map entry's search marked it (args.attribute).
(args) => {
  "use strict";
  const root = document.body;
  if (!root) return [];
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    if (typeof el.checkVisibility === "function") {
      return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    }
    return true;
  };
  const FIELDS = "input, select, textarea, [role=combobox], [role=listbox]";
  const BUTTONS = "button, input[type=button], input[type=submit], input[type=image]";
  const SKIP = new Set(["hidden", "reset"]);
  const kindOf = (el) => {
    const tag = el.localName;
    if (tag === "select" || el.getAttribute("role")) return "select";
    if (tag === "textarea") return "textarea";
    if (tag === "button" || ["button", "submit", "image"].includes(el.type)) return "button";
    if (["password", "file", "checkbox", "radio", "date"].includes(el.type)) return el.type;
    return "text";
  };
  // The text of an element without the controls (and their options) inside it.
  const ownText = (node) => {
    let out = "";
    const walk = (parent) => {
      for (let child = parent.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) out += child.data;
        else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.matches("select, textarea, input, script, style, button, dl, ul")) continue;
          walk(child);
        }
      }
    };
    walk(node);
    return clean(out);
  };
  const labelOf = (el) => {
    if (kindOf(el) === "button") {
      return clean(el.innerText || el.value || el.getAttribute("alt") || el.title);
    }
    const aria = el.getAttribute("aria-label");
    if (aria) return clean(aria);
    if (el.labels && el.labels.length) return ownText(el.labels[0]);
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const ref = document.getElementById(by.split(/\s+/)[0]);
      if (ref) return ownText(ref);
    }
    // the table cell before it in its row, or the text of its form item
    const cell = el.closest("td, th");
    if (cell) {
      for (let prev = cell.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (prev.querySelector(FIELDS)) break;
        const text = ownText(prev);
        if (text) return text;
      }
    }
    for (let box = el.parentElement, depth = 0; box && depth < 4;
      box = box.parentElement, depth += 1) {
      if (box.querySelectorAll(FIELDS).length > 1 && !box.contains(el.closest("[role=combobox]"))) {
        break;
      }
      const text = ownText(box);
      if (text) return text;
    }
    return clean(el.getAttribute("placeholder") || el.title || "");
  };
  const mandatory = (el, label) => {
    if (el.required || el.getAttribute("aria-required") === "true") return true;
    if (/required/.test(el.getAttribute("lay-verify") || "")) return true;
    for (let box = el.parentElement, depth = 0; box && depth < 4;
      box = box.parentElement, depth += 1) {
      if (box.classList && box.classList.contains("is-required")) return true;
    }
    return /^[*＊]/.test(label);
  };
  const filled = (el) => {
    if (el.localName === "select") return el.value !== "";
    if (el.type === "checkbox" || el.type === "radio") return el.checked;
    if (el.type === "file") return el.files && el.files.length > 0;
    // an input acting as a combobox holds its value like any input; a script's box
    // (a div or span with the role) shows it as its text
    if (el.getAttribute("role") && el.localName !== "input") return clean(el.innerText) !== "";
    return clean(el.value) !== "";
  };
  const out = [];
  for (const el of root.querySelectorAll(FIELDS + ", " + BUTTONS)) {
    if (el.localName === "input" && SKIP.has(el.type)) continue;
    if (el.closest("template") || !shown(el)) continue;
    if (el.localName === "input" && el.closest("[role=combobox]") !== null &&
      el.closest("[role=combobox]") !== el) {
      continue;
    }
    const label = labelOf(el);
    out.push({
      label: label,
      kind: kindOf(el),
      mandatory: mandatory(el, label),
      filled: filled(el),
      named: el.hasAttribute(args.attribute),
    });
  }
  return out;
}
