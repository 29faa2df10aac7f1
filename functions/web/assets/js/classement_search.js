// Nomenclature search as you type on the classement forms: asks
// the input's data-search-url?q= (JSON [{name, id}]) and lists the lines as the same radio
// buttons the server lists after "Rechercher" without script. The chosen line stays listed.
(function () {
  "use strict";
  var input = document.querySelector('[data-behavior="autocomplete-classements"]');
  var list = document.getElementById("reference_choices");
  var button = document.getElementById("reference_search");
  if (!input || !list) {
    return;
  }
  var fieldName = list.getAttribute("data-field-name");
  var DELAY_MS = 200;
  var timer = null;
  var latest = 0;

  function radio(id, label, checked) {
    var group = document.createElement("div");
    group.className = "fr-radio-group";
    var box = document.createElement("input");
    box.type = "radio";
    box.id = "reference_" + id;
    box.name = fieldName;
    box.value = String(id);
    box.checked = checked;
    var text = document.createElement("label");
    text.className = "fr-label";
    text.htmlFor = box.id;
    text.textContent = label;
    group.appendChild(box);
    group.appendChild(text);
    return group;
  }

  function show(results, query) {
    var chosen = list.querySelector("input:checked");
    var keep = chosen ? chosen.closest(".fr-radio-group") : null;
    list.textContent = "";
    if (keep) {
      list.appendChild(keep);
    }
    results.forEach(function (result) {
      if (typeof result.name !== "string" || typeof result.id !== "number") {
        return;
      }
      if (!chosen || chosen.value !== String(result.id)) {
        list.appendChild(radio(result.id, result.name, false));
      }
    });
    if (results.length === 0 && query) {
      var none = document.createElement("p");
      none.textContent = "Aucune rubrique ne correspond à « " + query + " ».";
      list.appendChild(none);
    }
  }

  function search(query) {
    var request = ++latest;
    fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (results) {
      if (request === latest && Array.isArray(results)) {
        show(results, query);
      }
    }).catch(function () {
      if (request === latest) {
        show([], "");
      }
    });
  }

  // Results come as you type: the button is for pages without script. Removed rather than
  // hidden, so that Enter in another field sends the form instead of searching.
  if (button) {
    button.remove();
  }
  input.addEventListener("input", function () {
    var query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < 2) {
      latest++;
      show([], "");
      return;
    }
    timer = window.setTimeout(function () { search(query); }, DELAY_MS);
  });
  // Enter searches instead of submitting the form half filled.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query) {
        search(query);
      }
    }
  });
})();
