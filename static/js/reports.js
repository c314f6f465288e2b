// Keeps a submission's list of report renderings up to date while one is queued or rendering; once none is,
// the "queued" banner goes and the polite live region above the list says how it ended (WCAG 4.1.3).
(function () {
  "use strict";
  var table = document.getElementById("report-requests");
  if (!table) { return; }
  var url = table.getAttribute("data-status-url");
  var body = table.querySelector("tbody");
  // The empty list's words come from the page: "awaiting publication" for a signed-off submission.
  var busy = ["queued", "rendering"];
  var progress = document.getElementById("report-progress");

  function cell(row) { var td = document.createElement("td"); row.appendChild(td); return td; }

  function render(reports) {
    body.replaceChildren();
    if (!reports.length) {
      var empty = document.createElement("tr");
      var td = cell(empty); td.colSpan = 4; td.textContent = table.getAttribute("data-empty") || gettext("No report yet.");
      body.appendChild(empty);
    }
    reports.forEach(function (report) {
      var row = document.createElement("tr");
      row.setAttribute("data-report", report.id);
      cell(row).textContent = report.created_text;  // written by the server, as every page writes dates
      var language = cell(row);
      language.lang = report.language;
      language.textContent = report.language_label;
      var state = cell(row);
      var label = document.createElement("span");
      label.className = "reports-state reports-state-" + report.state;
      label.textContent = report.state_label;
      state.appendChild(label);
      if (report.error) {
        var error = document.createElement("div");
        error.className = "small text-danger";
        error.textContent = report.error;
        state.appendChild(error);
      }
      var download = cell(row);
      if (report.download_url) {
        var link = document.createElement("a");
        link.href = report.download_url;
        link.textContent = gettext("Download PDF");
        download.appendChild(link);
      }
      body.appendChild(row);
    });
  }

  // The server says whether a rendering is on its way (the city is not shown one until it is ready).
  function pending(data) {
    return data.in_progress || data.reports.some(function (report) { return busy.indexOf(report.state) !== -1; });
  }

  // The banner said a report was on its way: say once, politely, how it ended.
  function announce(reports) {
    if (!progress || !progress.querySelector("[data-report-queued]")) { return; }
    var failed = reports.some(function (report) { return report.state === "failed"; });
    var note = document.createElement("p");
    note.className = failed ? "alert alert-danger" : "alert alert-success";
    note.textContent = failed ? gettext("The report could not be rendered: the error is shown in the list below.")
      : gettext("The report is ready: download it from the list below.");
    progress.replaceChildren(note);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        render(data.reports);
        if (pending(data)) { window.setTimeout(poll, 2000); } else { announce(data.reports); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  var states = Array.prototype.map.call(table.querySelectorAll(".reports-state"), function (el) {
    return el.className.replace(/.*reports-state-/, "");
  });
  var queued = progress && progress.querySelector("[data-report-queued]");
  if (queued || states.some(function (state) { return busy.indexOf(state) !== -1; })) { window.setTimeout(poll, 1500); }
}());
