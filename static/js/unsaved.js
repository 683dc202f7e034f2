// Warn before leaving a form with changes that were not saved: forms marked data-warn-unsaved.
// Loaded by the application wizard's pages. No inline script anywhere: the CSP forbids it.
(() => {
  const watched = new Map(); // form -> its fields as loaded
  let submitting = false;

  const snapshot = (form) => {
    const parts = [];
    for (const [name, value] of new FormData(form)) {
      parts.push(`${name}=${value instanceof File ? `${value.name}:${value.size}` : value}`);
    }
    return parts.join("&");
  };

  const changed = () => [...watched].some(([form, initial]) => form.isConnected && snapshot(form) !== initial);

  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll("form[data-warn-unsaved]")) watched.set(form, snapshot(form));
  });

  // Listening on the document runs after portal.js's confirmation on the body: a cancelled submit stays guarded.
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented && watched.has(event.target)) submitting = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting || !changed()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it to show the dialog
  });

  // Back from the browser's page cache: the form is as it was left, the submission did not happen.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false;
  });
})();
