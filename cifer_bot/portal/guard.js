// What a person reads on a control about to be clicked, read at the moment of the click,
// and whether the control would send what a never-click control sends. Run by
// cifer_bot/portal/guard.py as locator.evaluate(script, forbidden): forbidden is the
// never-click captions. Returns {captions, same}:
//   captions: the control's text, value, aria-label, title and alt, its pictures' alt
//     and its children's aria-labels; for an element inside a button or link (an icon),
//     the button's too: a click on the icon of 提交 is a click on 提交;
//   same: the control posts the same name and value as a never-click button of its form
//     (a 暂存 that posts action=submit), or names that button's own form action.
/* global labelKey */
(el, forbidden) => {
  "use strict";
  /* cifer-bot: label normalisation */

  const inner = (e) => Array.from(e.querySelectorAll("img[alt], [aria-label], [title]"))
    .slice(0, 20)
    .map((c) => c.getAttribute("alt") || c.getAttribute("aria-label") || c.getAttribute("title"));
  const read = (e) => [
    e.innerText || "",
    typeof e.value === "string" ? e.value : "",
    e.getAttribute("aria-label") || "",
    e.getAttribute("title") || "",
    e.getAttribute("alt") || "",
    ...inner(e),
  ];
  const CONTROLS = "button, a, summary, [role=button], [role=link], input[type=submit], "
    + "input[type=button], input[type=image]";
  const owner = el.parentElement && el.parentElement.closest(CONTROLS);
  const captions = owner ? [...read(el), ...read(owner)] : read(el);

  const keys = forbidden.map((caption) => labelKey(caption)).filter(Boolean);
  const isForbidden = (e) => read(e).some((text) => {
    const key = labelKey(text || "");
    return key !== "" && keys.some((bad) => key.includes(bad));
  });
  const control = el.closest(CONTROLS) || el;
  const form = control.form || control.closest("form");
  let same = false;
  if (form) {
    const others = Array.from(form.querySelectorAll(CONTROLS)).filter(
      (other) => other !== control && isForbidden(other),
    );
    const name = control.getAttribute("name");
    const value = control.getAttribute("value");
    const action = control.getAttribute("formaction");
    same = others.some((other) =>
      (name && value !== null && other.getAttribute("name") === name
        && other.getAttribute("value") === value)
      || (action && other.getAttribute("formaction") === action));
  }
  return { captions: captions, same: same };
}
