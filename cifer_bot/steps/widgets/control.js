// What a form control is, and the few things done to it that a person's widget would do.
// Run by cifer_bot/steps/widgets/page.py as locator.evaluate(script, args) on the control
// the resolver found. args.op is one of:
//   describe: its tag, type, role, whether it can be typed into, and what it shows;
//   set:      write args.value through the element's own value setter, then fire input,
//             change and blur, as a picker or a person's typing leaves an input;
//   shown:    what the control shows: a select's chosen option, an input's value (or,
//             for a combobox's empty search input, its listbox's selected option), a
//             widget's text;
//   select:   the native <select> behind a script's drop-down (the widget's own, in its
//             form item or table cell), marked with args.token;
//   file:     the <input type=file> of an upload control (itself, or the one in its form
//             item or table cell, shown or hidden), marked with args.token.
(el, args) => {
  "use strict";
  const tag = el.localName;
  const text = (node) => (node.innerText || node.textContent || "").replace(/\s+/g, " ").trim();
  // A combobox whose input is only its search box (emptied once an option is chosen)
  // shows its choice beside the input: what it shows is the option its listbox
  // (aria-controls or aria-owns, wherever it is mounted) marks selected.
  const selectedOption = () => {
    if ((el.getAttribute("role") || "").toLowerCase() !== "combobox") return "";
    const ids = [el.getAttribute("aria-controls"), el.getAttribute("aria-owns")]
      .join(" ").split(/\s+/).filter(Boolean);
    for (const id of ids) {
      const box = document.getElementById(id);
      const option = box && box.querySelector("[role=option][aria-selected=true]");
      if (option) return text(option);
    }
    return "";
  };
  const shown = () => {
    if (tag === "select") {
      const option = el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
      return { value: option ? option.value : "", text: option ? text(option) : "" };
    }
    if (tag === "input" || tag === "textarea") {
      if (!el.value && tag === "input") {
        const chosen = selectedOption();
        if (chosen) return { value: "", text: chosen };
      }
      return { value: el.value, text: el.value };
    }
    const input = el.querySelector("input");
    const value = input ? input.value : "";
    return { value: value, text: value || text(el) };
  };
  if (args.op === "describe") {
    const role = (el.getAttribute("role") || "").toLowerCase();
    const readonly = el.readOnly === true || el.hasAttribute("readonly");
    const disabled = el.disabled === true || el.getAttribute("aria-disabled") === "true";
    const typed = (tag === "input" && !["checkbox", "radio", "file", "hidden"].includes(el.type))
      || tag === "textarea";
    return {
      tag: tag,
      type: tag === "input" ? el.type : "",
      role: role,
      editable: typed && !readonly && !disabled,
      readonly: readonly,
      placeholder: el.getAttribute("placeholder") || "",
      shown: shown(),
    };
  }
  if (args.op === "set") {
    const proto = tag === "textarea" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, "value").set;
    setter.call(el, args.value);
    for (const type of ["input", "change"]) el.dispatchEvent(new Event(type, { bubbles: true }));
    el.dispatchEvent(new FocusEvent("blur"));
    return el.value;
  }
  if (args.op === "shown") return shown();
  if (args.op === "select") {
    if (tag === "select") return true;
    // jQuery UI's selectmenu names its button after the select: <select id=x>, #x-button
    const id = (el.id || "").replace(/-button$/, "");
    let found = id && id !== el.id ? document.getElementById(id) : null;
    for (let box = el.parentElement, depth = 0; !found && box && depth < 4;
      box = box.parentElement, depth += 1) {
      const selects = box.querySelectorAll("select");
      if (selects.length === 1) found = selects[0];
      else if (selects.length > 1) break;
    }
    if (!found || found.localName !== "select") return false;
    const had = (found.getAttribute(args.attribute) || "").split(/\s+/);
    found.setAttribute(args.attribute, had.concat([args.token]).join(" ").trim());
    return true;
  }
  if (args.op === "file") {
    let found = tag === "input" && el.type === "file" ? el : null;
    for (let box = el.parentElement, depth = 0; !found && box && depth < 4;
      box = box.parentElement, depth += 1) {
      const inputs = box.querySelectorAll("input[type=file]");
      if (inputs.length === 1) found = inputs[0];
      else if (inputs.length > 1) break;
    }
    if (!found) return false;
    const had = (found.getAttribute(args.attribute) || "").split(/\s+/);
    found.setAttribute(args.attribute, had.concat([args.token]).join(" ").trim());
    return true;
  }
  throw new Error("control.js: unknown op " + args.op);
}
