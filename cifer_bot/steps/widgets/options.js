// The choices a script's drop-down shows once it is open: visible option-like elements
// (role=option, list items, dd), the innermost of each, anywhere in the frame (such
// lists are often appended to <body>, away from the field). Marks each with
// args.token-index and returns their texts, in page order. args.except: a selector of
// elements not to count (the control itself).
(args) => {
  "use strict";
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    if (typeof el.checkVisibility === "function") {
      return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    }
    return true;
  };
  const CHOICES = "[role=option], li, dd";
  const all = Array.from(document.querySelectorAll(CHOICES)).filter(
    (el) => shown(el) && !el.closest(args.except) && !el.closest("nav, [role=menubar]"),
  );
  const leaves = all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
  return leaves.map((el, index) => {
    const had = (el.getAttribute(args.attribute) || "").split(/\s+/);
    el.setAttribute(args.attribute, had.concat([args.token + "-" + index]).join(" ").trim());
    return (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
  });
}
