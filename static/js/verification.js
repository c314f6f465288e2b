// The review page without a page load per data point: the plain forms still work
// without this script; with it they are sent with fetch and the row is replaced in place.
(function () {
  "use strict";

  var page = document.querySelector("[data-review-page]");
  if (!page || !window.fetch || !window.FormData) {
    return;
  }
  var live = document.getElementById("review-live");

  function announce(text) {
    if (live) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 50);
    }
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : cookie("csrftoken");
  }

  function replaceRow(valueId, html) {
    var old = document.getElementById("value-" + valueId);
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (old && fresh) {
      old.replaceWith(fresh);
    }
    return fresh;
  }

  function updateProgress(progress) {
    Object.keys(progress || {}).forEach(function (key) {
      page.querySelectorAll('[data-progress="' + key + '"]').forEach(function (element) {
        element.textContent = progress[key];
      });
    });
  }

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter);
    } catch (error) {
      data = new FormData(form);
    }
    if (submitter && submitter.name && !data.has(submitter.name)) {
      data.append(submitter.name, submitter.value);
    }
    return data;
  }

  // Without an answer we can read, fall back to the plain form post.
  function plainSubmit(form, submitter) {
    form.setAttribute("data-plain", "");
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  function send(form, submitter) {
    var row = form.closest("[data-value-row]");
    if (row) {
      row.classList.add("is-saving");
    }
    // Not form.action: the buttons named "action" shadow that property.
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: formData(form, submitter),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        throw new Error("not json");
      }
      return response.json();
    }).then(function (data) {
      updateProgress(data.progress);
      if (data.row && row) {
        var fresh = replaceRow(row.getAttribute("data-value-row"), data.row);
        var invalid = fresh && data.field ? fresh.querySelector('[data-field="' + data.field + '"]') : null;
        (invalid || fresh).focus();
      }
      if (data.rows) {
        Object.keys(data.rows).forEach(function (valueId) { replaceRow(valueId, data.rows[valueId]); });
      }
      announce(data.message || "");
    }).catch(function () {
      if (row) {
        row.classList.remove("is-saving");
      }
      plainSubmit(form, submitter);
    });
  }

  page.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-plain")) {
      return;
    }
    if (form.matches("[data-review-form]") || form.matches("[data-bulk-form]")) {
      event.preventDefault();
      send(form, event.submitter);
    }
  });

  // Keys, when the focus is not in a text box: j / k move between data points,
  // x selects, v marks verified, n and q go to the reason and question boxes;
  // in those boxes Ctrl+Enter sends, Esc goes back to the row.
  function rows() {
    return Array.prototype.slice.call(page.querySelectorAll("[data-value-row]"));
  }

  function currentRow() {
    return document.activeElement ? document.activeElement.closest("[data-value-row]") : null;
  }

  function move(step) {
    var all = rows();
    var index = all.indexOf(currentRow());
    var next = all[Math.min(Math.max(index + step, 0), all.length - 1)];
    if (next) {
      next.focus();
      next.scrollIntoView({ block: "center" });
    }
  }

  var FIELD_ACTIONS = { reason: "not_verified", question: "query" };

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.matches("textarea[data-field]")) {
      var submit = target.form.querySelector('[data-action="' + FIELD_ACTIONS[target.getAttribute("data-field")] + '"]');
      if (submit) {
        event.preventDefault();
        send(target.form, submit);
      }
      return;
    }
    if (event.key === "Escape" && target.matches("textarea, input")) {
      var owner = target.closest("[data-value-row]");
      if (owner) {
        owner.focus();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || target.matches("textarea, input, select")) {
      return;
    }
    var row = currentRow();
    var handled = true;
    if (event.key === "j") {
      move(1);
    } else if (event.key === "k") {
      move(-1);
    } else if (event.key === "x" && row) {
      var box = row.querySelector("[data-select]");
      if (box) {
        box.checked = !box.checked;
      }
    } else if (event.key === "v" && row) {
      var button = row.querySelector('[data-action="verified"]');
      if (button) {
        send(button.form, button);
      }
    } else if ((event.key === "n" || event.key === "q") && row) {
      var field = row.querySelector('[data-field="' + (event.key === "n" ? "reason" : "question") + '"]');
      if (field) {
        field.focus();
      }
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });
})();
