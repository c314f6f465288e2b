// The admin's controls, each with a name a screen reader reads (WCAG 4.1.2, 1.3.1): the fields of a
// tabular inline row, named after their column and row; its delete box; the date and time halves of a
// date-time field; the autocomplete (select2) boxes, named after their field. Rows added later too.
(function () {
  "use strict";

  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : ""; }

  function nameTabularRows(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      const headers = Array.from(table.querySelectorAll("thead th")).map(text);
      table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
        Array.from(row.children).forEach(function (cell, column) {
          const header = cell.classList.contains("delete") ? gettext("Delete") : headers[column] || "";
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!field.labels.length && !field.getAttribute("aria-label") && header) {
              field.setAttribute("aria-label", interpolate(gettext("%(column)s, row %(row)s"), { column: header, row: index + 1 }, true));
            }
          });
        });
      });
    });
  }

  function nameDateTimeHalves(root) {
    root.querySelectorAll("p.datetime").forEach(function (box) {
      const fieldset = box.closest("fieldset");
      const label = text(box.closest(".form-row, .fieldBox") && box.closest(".form-row, .fieldBox").querySelector("label, legend")) ||
        text(fieldset && fieldset.querySelector("legend"));
      box.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (field) {
        if (!field.getAttribute("aria-label")) {
          const half = field.classList.contains("vDateField") ? gettext("date") : gettext("time");
          field.setAttribute("aria-label", label ? interpolate(gettext("%(field)s: %(half)s"), { field: label, half: half }, true) : half);
        }
      });
    });
  }

  function nameAutocompletes(root) {
    // select2 names its box by the text of the choice (aria-labelledby), which is empty until one is made:
    // the field's name goes first, the choice after it.
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const box = select.parentElement.querySelector(".select2-selection");
      const shown = box && box.querySelector(".select2-selection__rendered");
      if (!box || !select.id || document.getElementById(select.id + "-name")) { return; }
      const name = document.createElement("span");
      name.id = select.id + "-name";
      name.className = "visually-hidden";
      name.textContent = select.getAttribute("aria-label") || (select.labels[0] && text(select.labels[0])) || select.name;
      box.before(name);
      box.setAttribute("aria-labelledby", (name.id + " " + (shown ? shown.id : "")).trim());
      if (shown) { shown.setAttribute("aria-labelledby", name.id + " " + shown.id); }
    });
  }

  function tidyTooltips(root) {
    // A span may not carry aria-label without a role; its words are already the box's placeholder.
    root.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (span) {
      span.setAttribute("role", "img");
    });
  }

  function nameAll() {
    nameTabularRows(document);
    nameDateTimeHalves(document);
    nameAutocompletes(document);
    tidyTooltips(document);
  }

  // The admin's widgets draw themselves when jQuery is ready, which may come after the page's load:
  // name whatever appears, whenever it appears.
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
