// What the searches as you type share (installations on the home page, nomenclature lines on
// the classement forms): the input's data-search-url?q= is asked when typing pauses, from two
// characters on, and only the latest answer is shown. The scripts loaded after this one call it
// with their own way of showing the results.
window.searchAsYouType = function (input, show) {
  "use strict";
  var DELAY_MS = 200;
  var timer = null;
  var latest = 0;

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

  // A search asked for at once (Enter) replaces the one waiting for a pause; a blank one asks
  // nothing.
  return function searchNow(query) {
    window.clearTimeout(timer);
    if (query) {
      search(query);
    }
  };
};
