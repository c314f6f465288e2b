// A form page that failed: focus its error summary, so the problem is read out first, and let each
// of its links put the focus in the field it names (a plain link to an id only scrolls to it).
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) { return; }
    event.preventDefault();
    const label = document.querySelector("label[for='" + field.id + "']");
    (field.closest("fieldset") || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
