// Installation search as you type (search_as_you_type.js asks): the answer (JSON [{name, link}])
// is listed as up to 10 links.
(function () {
  "use strict";
  var input = document.querySelector('[data-behavior="autocomplete-installation"]');
  var list = document.getElementById("autocomplete-resultats");
  if (!input || !list) {
    return;
  }
  var MAX_RESULTS = 10;

  function show(results) {
    list.textContent = "";
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      if (typeof result.name !== "string" || typeof result.link !== "string") {
        return;
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "fr-link";
      link.textContent = result.name;
      link.href = result.link;
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  window.searchAsYouType(input, show);
})();
