// The review page without a page load per data point. Without this script every row's "Review" link
// opens its verdict form under the row (a page load) and the forms post as usual; with it one shared
// form (the page's <template>) opens under the row being worked on and is sent with fetch.
(function () {
  "use strict";

  var page = document.querySelector("[data-review-page]");
  if (!page || !window.fetch || !window.FormData) {
    return;
  }
  var live = document.getElementById("review-live");
  var template = document.getElementById("verdict-template");
  var KEYS_SETTING = "u4ssc.review.singleKeyShortcuts";

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

  function panelOf(valueId) {
    return document.getElementById("panel-" + valueId);
  }

  // A row's HTML is the row and, after a refusal, its open panel: both replace what is there.
  function replaceRow(valueId, html) {
    var old = document.getElementById("value-" + valueId);
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var fresh = holder.content.firstElementChild;
    if (!old || !fresh) {
      return null;
    }
    var panel = panelOf(valueId);
    if (panel) {
      panel.remove();
    }
    old.replaceWith(holder.content);
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

  function rowOf(element) {
    var panel = element.closest(".rv-panel");
    if (panel) {
      return document.getElementById("value-" + panel.id.replace("panel-", ""));
    }
    return element.closest("[data-value-row]");
  }

  function post(url, data, form, submitter, row) {
    if (row) {
      row.classList.add("is-saving");
    }
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form || page) },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        throw new Error("not json");
      }
      return response.json();
    }).then(function (answer) {
      updateProgress(answer.progress);
      if (answer.row && row) {
        var fresh = replaceRow(row.getAttribute("data-value-row"), answer.row);
        if (fresh) {
          fresh.tabIndex = -1;
        }
        var panel = fresh ? panelOf(fresh.getAttribute("data-value-row")) : null;
        var invalid = panel && answer.field ? panel.querySelector('[data-field="' + answer.field + '"]') : null;
        (invalid || fresh).focus();
      }
      if (answer.rows) {
        Object.keys(answer.rows).forEach(function (valueId) { replaceRow(valueId, answer.rows[valueId]); });
      }
      announce(answer.message || "");
    }).catch(function () {
      if (row) {
        row.classList.remove("is-saving");
      }
      if (form) {
        plainSubmit(form, submitter);
      }
    });
  }

  function send(form, submitter) {
    // Not form.action: the buttons named "action" shadow that property.
    post(form.getAttribute("action"), formData(form, submitter), form, submitter, rowOf(form));
  }

  // ---------------------------------------------------------------- the shared verdict form

  // The page carries each address once, for value 0: a row's is that with its own id.
  function rowUrl(row, attribute) {
    return page.getAttribute(attribute).replace("/0/", "/" + row.getAttribute("data-value-row") + "/");
  }

  // A row's value version is in its selection box ("value id:version").
  function rowVersion(row) {
    var box = row.querySelector("[data-select]");
    return box ? box.value.split(":")[1] : "";
  }

  function openPanel(row) {
    var valueId = row.getAttribute("data-value-row");
    var panel = panelOf(valueId);
    if (panel) {
      return panel;
    }
    page.querySelectorAll(".rv-panel").forEach(function (other) { other.remove(); });
    panel = document.createElement("tr");
    panel.className = "rv-panel";
    panel.id = "panel-" + valueId;
    var cell = document.createElement("td");
    cell.colSpan = row.children.length;
    cell.appendChild(template.content.cloneNode(true));
    panel.appendChild(cell);
    var form = cell.querySelector("form");
    form.setAttribute("action", rowUrl(row, "data-review-url"));
    cell.querySelector('[data-fill="version"]').value = rowVersion(row);
    cell.querySelector('[data-fill="review_version"]').value = row.getAttribute("data-review-version");
    cell.querySelector('[data-fill="label"]').textContent = row.querySelector("th").textContent.trim();
    cell.querySelector('[data-fill="history"]').setAttribute("href", rowUrl(row, "data-history-url"));
    cell.querySelectorAll("[id]").forEach(function (element) { element.id = element.id.replace(/-0$/, "-" + valueId); });
    cell.querySelectorAll("label[for]").forEach(function (label) {
      label.setAttribute("for", label.getAttribute("for").replace(/-0$/, "-" + valueId));
    });
    var flags = Array.prototype.map.call(row.querySelectorAll("[data-flag]"), function (flag) {
      return flag.getAttribute("data-flag");
    });
    var select = cell.querySelector('[data-field="check"]');
    Array.prototype.slice.call(select.options).forEach(function (option) {
      if (flags.indexOf(option.value) === -1) {
        option.remove();
      }
    });
    cell.querySelector("[data-override]").hidden = flags.length === 0;
    row.after(panel);
    loadDetails(row, cell.querySelector("[data-details]"));
    return panel;
  }

  // The row's evidence and history, fetched when its panel opens; until then, and if they cannot be
  // fetched, the panel holds the link to the value's history page.
  function loadDetails(row, holder) {
    fetch(rowUrl(row, "data-details-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("not loaded");
        }
        return response.text();
      }).then(function (html) {
        var parsed = document.createElement("template");
        parsed.innerHTML = html;
        holder.replaceChildren(parsed.content);
      }).catch(function () { /* the link to the history page stays */ });
  }

  page.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open]");
    if (opener && template) {
      event.preventDefault();
      var panel = openPanel(opener.closest("[data-value-row]"));
      panel.querySelector('[data-action="verified"]').focus();
      return;
    }
    var preview = event.target.closest("[data-preview]");
    var dialog = document.getElementById("preview-dialog");
    if (preview && dialog && dialog.showModal) {
      event.preventDefault();
      var image = dialog.querySelector("[data-preview-image]");
      image.src = preview.getAttribute("href");
      image.alt = interpolate(gettext("Preview of %s"), [preview.getAttribute("data-preview")]);
      dialog.querySelector("h2").textContent = preview.getAttribute("data-preview");
      dialog.showModal();
    }
  });

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

  // ---------------------------------------------------------------- single-key shortcuts
  // Only when the focus is inside a review table (not in a text box), and only while the person
  // has not turned them off (remembered in this browser).

  var toggle = page.querySelector("[data-keys-toggle]");
  function keysOn() {
    try {
      return window.localStorage.getItem(KEYS_SETTING) !== "off";
    } catch (error) {
      return true;
    }
  }
  if (toggle) {
    toggle.checked = keysOn();
    toggle.closest("[data-keys-setting]").hidden = false;
    toggle.addEventListener("change", function () {
      try {
        window.localStorage.setItem(KEYS_SETTING, toggle.checked ? "on" : "off");
      } catch (error) { /* private mode: the setting lasts for this page */ }
      announce(toggle.checked ? gettext("Single-key shortcuts are on.") : gettext("Single-key shortcuts are off."));
    });
  }

  function rows() {
    return Array.prototype.slice.call(page.querySelectorAll("[data-value-row]"));
  }

  function move(from, step) {
    var all = rows();
    var index = all.indexOf(from);
    var next = all[Math.min(Math.max(index + step, 0), all.length - 1)];
    if (next) {
      next.tabIndex = -1;
      next.focus();
      next.scrollIntoView({ block: "center" });
    }
  }

  function verify(row) {
    if (!row.querySelector("[data-open]")) {
      return;
    }
    var data = new FormData();
    data.append("action", "verified");
    data.append("version", rowVersion(row));
    data.append("review_version", row.getAttribute("data-review-version"));
    post(rowUrl(row, "data-review-url"), data, null, null, row);
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.matches("textarea[data-field]")) {
      var submit = target.form.querySelector('[data-action="' + (target.getAttribute("data-send") || "query") + '"]');
      if (submit) {
        event.preventDefault();
        send(target.form, submit);
      }
      return;
    }
    if (event.key === "Escape" && target.matches("textarea, input, select")) {
      var owner = rowOf(target);
      if (owner) {
        owner.tabIndex = -1;
        owner.focus();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || target.matches("textarea, input, select")) {
      return;
    }
    if (!target.closest || !target.closest(".rv-table") || !keysOn()) {
      return;
    }
    var row = rowOf(target);
    if (!row) {
      return;
    }
    var handled = true;
    if (event.key === "j") {
      move(row, 1);
    } else if (event.key === "k") {
      move(row, -1);
    } else if (event.key === "x") {
      var box = row.querySelector("[data-select]");
      if (box) {
        box.checked = !box.checked;
      }
    } else if (event.key === "v") {
      verify(row);
    } else if ((event.key === "n" || event.key === "q") && row.querySelector("[data-open]") && template) {
      var field = openPanel(row).querySelector('[data-field="message"]');
      field.setAttribute("data-send", event.key === "n" ? "not_verified" : "query");
      field.focus();
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });
})();
