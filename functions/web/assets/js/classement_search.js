// Nomenclature search as you type on the classement forms (search_as_you_type.js asks): the
// answer (JSON [{name, id}]) is listed as the same radio buttons the server lists after
// "Rechercher" without script. The chosen line stays listed.
(function () {
  "use strict";
  var input = document.querySelector('[data-behavior="autocomplete-classements"]');
  var list = document.getElementById("reference_choices");
  var button = document.getElementById("reference_search");
  if (!input || !list) {
    return;
  }
  var fieldName = list.getAttribute("data-field-name");

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

  // Results come as you type: the button is for pages without script. Removed rather than
  // hidden, so that Enter in another field sends the form instead of searching.
  if (button) {
    button.remove();
  }
  var searchNow = window.searchAsYouType(input, show);
  // Enter searches instead of submitting the form half filled.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      searchNow(input.value.trim());
    }
  });
})();
