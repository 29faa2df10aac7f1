// Prescriptions on the AM/AP page, saved as the inspector works. Without this script every
// form still works by itself (a submit button per section, the AP form, the recap page).
//
// - An alinéa box ticked or unticked saves its section at once; a section's saves go one at a
//   time, the last state always sent last, so no tick is lost when boxes change quickly.
// - The AP forms are sent in the background; a refusal is shown next to the form.
// - The counter opens the recap in a dialog; its forms (status, deletion, grouping) are sent in
//   the background, then the recap, the counter and the ticks follow.
(function () {
  "use strict";
  var CHECKBOX_PREFIX = "prescription_checkbox_";
  var counters = document.querySelectorAll(".js-counter");
  var dialog = document.querySelector(".js-recap-dialog");

  // `submitter`: the button pressed, whose name and value are part of the form's data.
  function send(form, submitter) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form, submitter)),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // A redirection to a page (the grouping): nothing to read.
        if (response.ok) {
          return {};
        }
        throw new Error("Le serveur n’a pas pu enregistrer : réessayez.");
      }
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.error || "Le serveur n’a pas pu enregistrer : réessayez.");
        }
        return body;
      });
    });
  }

  function showError(form, message) {
    var slot = form.querySelector(".js-form-error");
    if (slot) {
      slot.textContent = message || "";
      slot.hidden = !message;
    }
  }

  function updateCounter(state) {
    if (typeof state.count === "number") {
      Array.prototype.forEach.call(counters, function (counter) {
        counter.textContent = String(state.count);
      });
    }
  }

  // The boxes of the page follow the server's list (after a deletion in the recap).
  function syncTicks(state) {
    if (!state.alinea_ids) {
      return;
    }
    var taken = {};
    state.alinea_ids.forEach(function (id) { taken[id] = true; });
    Array.prototype.forEach.call(document.querySelectorAll(".js-alinea-form"), function (form) {
      if (form.dataset.busy) {
        return;
      }
      Array.prototype.forEach.call(form.querySelectorAll('input[name^="' + CHECKBOX_PREFIX + '"]'), function (box) {
        box.checked = taken[box.name.slice(CHECKBOX_PREFIX.length)] === true;
      });
      var all = form.querySelector("[data-select-all]");
      if (all) {
        var boxes = form.querySelectorAll('input[name^="' + CHECKBOX_PREFIX + '"]');
        all.checked = boxes.length > 0 && Array.prototype.every.call(boxes, function (box) { return box.checked; });
      }
    });
  }

  // One save at a time per section; changes made meanwhile are sent right after.
  function save(form) {
    if (form.dataset.busy) {
      form.dataset.dirty = "1";
      return;
    }
    form.dataset.busy = "1";
    delete form.dataset.dirty;
    send(form).then(function (state) {
      showError(form, "");
      updateCounter(state);
    }, function (error) {
      showError(form, error.message + " Vous pouvez aussi utiliser le bouton « Enregistrer la sélection de cette section ».");
      form.querySelector(".js-save-selection").hidden = false;
    }).then(function () {
      delete form.dataset.busy;
      if (form.dataset.dirty) {
        save(form);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".js-alinea-form"), function (form) {
    form.querySelector(".js-save-selection").hidden = true;
    var scheduled = false;
    form.addEventListener("change", function () {
      // "Tout sélectionner" changes every box at once: one save for all of them.
      if (!scheduled) {
        scheduled = true;
        setTimeout(function () {
          scheduled = false;
          save(form);
        }, 0);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(form);
    });
  });

  // A list pasted from a PDF comes one word per line: its lines are joined back.
  function joinWordPerLine(text) {
    var lines = text.split(/\r?\n/);
    var oneWordEach = lines.every(function (line) { return line.trim().split(/\s+/).length <= 1; });
    return lines.length > 3 && oneWordEach ? lines.map(function (line) { return line.trim(); }).join(" ") : text;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".js-ap-form"), function (form) {
    var content = form.querySelector(".js-ap-content");
    content.addEventListener("paste", function (event) {
      var pasted = (event.clipboardData || window.clipboardData).getData("text");
      var joined = joinWordPerLine(pasted);
      if (joined !== pasted) {
        event.preventDefault();
        var start = content.selectionStart;
        content.setRangeText(joined, start, content.selectionEnd, "end");
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form).then(function (state) {
        updateCounter(state);
        showError(form, "");
        Array.prototype.forEach.call(form.querySelectorAll("input:not([type=hidden]), textarea"), function (field) {
          field.value = "";
        });
        var slot = form.querySelector(".js-form-error");
        slot.textContent = state.message || "";
        slot.hidden = false;
      }, function (error) {
        showError(form, error.message);
      });
    });
  });

  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var body = dialog.querySelector(".js-recap-body");
  var opener = document.querySelector(".js-recap-open");

  // The recap is the recap page's #recap: one rendering for the page and the dialog.
  function loadRecap() {
    return fetch(opener.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var recap = page.getElementById("recap");
        body.replaceChildren(document.importNode(recap, true));
        var state = {
          count: Number(recap.dataset.count),
          alinea_ids: JSON.parse(recap.dataset.alineaIds || "[]")
        };
        updateCounter(state);
        syncTicks(state);
      });
  }

  opener.addEventListener("click", function (event) {
    event.preventDefault();
    loadRecap().then(function () {
      dialog.showModal();
    });
  });
  dialog.querySelector(".js-recap-close").addEventListener("click", function () {
    dialog.close();
  });
  body.addEventListener("submit", function (event) {
    var form = event.target;
    // Downloads go to the browser as files.
    if (form.hasAttribute("data-download")) {
      return;
    }
    event.preventDefault();
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      return;
    }
    send(form, event.submitter).then(loadRecap, function (error) {
      showError(form, error.message);
    });
  });
})();
