// Installed in every frame of every page before the page's own scripts run: it tells
// the top frame that something changed (a document loaded, the DOM changed), so that the
// tool waits for the page to change instead of sleeping. It reads nothing and changes
// nothing of the page; its only trace is window.__ciferBotChanges.
(() => {
  "use strict";
  if (window.__ciferBotWatching) return;
  window.__ciferBotWatching = true;
  const token = Math.random().toString(36).slice(2);
  let count = 0;
  let queued = false;
  const note = () => {
    count += 1;
    window.__ciferBotChanges = token + ":" + count;
  };
  const bump = () => {
    if (queued) return;
    queued = true;
    Promise.resolve().then(() => {
      queued = false;
      note();
      if (window.top !== window) {
        try {
          window.top.postMessage({ ciferBotChange: true }, "*");
        } catch (error) {
          // a frame that cannot reach the top is still seen by its own frame's checks
        }
      }
    });
  };
  note();
  window.addEventListener("message", (event) => {
    if (event.data && event.data.ciferBotChange === true) note();
  });
  document.addEventListener("DOMContentLoaded", bump);
  window.addEventListener("load", bump);
  new MutationObserver(bump).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
})();
