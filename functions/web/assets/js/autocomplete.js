// Installation search as you type: asks the input's data-search-url?q= (JSON [{name, link}]) and
// lists up to 10 results as links. Only the latest answer is shown.
(function () {
  "use strict";
  var input = document.querySelector('[data-behavior="autocomplete-installation"]');
  var list = document.getElementById("autocomplete-resultats");
  if (!input || !list) {
    return;
  }
  var MAX_RESULTS = 10;
  var DELAY_MS = 200;
  var timer = null;
  var latest = 0;

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

  function search(query) {
    var request = ++latest;
    fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (results) {
      if (request === latest && Array.isArray(results)) {
        show(results);
      }
    }).catch(function () {
      if (request === latest) {
        show([]);
      }
    });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < 2) {
      latest++;
      show([]);
      return;
    }
    timer = window.setTimeout(function () { search(query); }, DELAY_MS);
  });
})();
