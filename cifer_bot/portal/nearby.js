// The picture beside a control: the captcha image next to its input, found by where it
// sits when nothing names it. Climbs from the control through its containers (the same
// row, cell or form item) and takes the first level that holds exactly one visible
// picture. Marks it with args.token in args.attribute; returns whether it found one.
(control, args) => {
  "use strict";
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    if (typeof el.checkVisibility === "function") {
      return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    }
    return true;
  };
  const PICTURES = "img, canvas, svg, input[type=image], [role=img]";
  let box = control.parentElement;
  for (let depth = 0; box && depth < 4; depth += 1, box = box.parentElement) {
    if (box === document.body) break;
    const pictures = Array.from(box.querySelectorAll(PICTURES)).filter(
      (el) => shown(el) && !el.closest("svg svg") && !el.parentElement.closest("svg"),
    );
    if (pictures.length === 1) {
      const had = (pictures[0].getAttribute(args.attribute) || "").split(/\s+/);
      pictures[0].setAttribute(args.attribute, had.concat([args.token]).join(" ").trim());
      return true;
    }
    if (pictures.length > 1) return false;
  }
  return false;
}
