// "Tout sélectionner" boxes: a box marked data-select-all ticks or unticks every other box of
// its closest [data-select-all-scope], and follows them when they change one by one.
(function () {
  "use strict";
  function boxes(scope) {
    return Array.prototype.filter.call(
      scope.querySelectorAll('input[type="checkbox"]'),
      function (box) { return !box.hasAttribute("data-select-all"); }
    );
  }

  function sync(scope) {
    var all = scope.querySelector("[data-select-all]");
    if (all) {
      var list = boxes(scope);
      all.checked = list.length > 0 && list.every(function (box) { return box.checked; });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-select-all-scope]"), function (scope) {
    var all = scope.querySelector("[data-select-all]");
    if (!all) {
      return;
    }
    sync(scope);
    all.addEventListener("change", function () {
      // Read once: each box's change event syncs the select-all box as it goes.
      var ticked = all.checked;
      boxes(scope).forEach(function (box) {
        if (box.checked !== ticked) {
          box.checked = ticked;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      sync(scope);
    });
    boxes(scope).forEach(function (box) {
      box.addEventListener("change", function () { sync(scope); });
    });
  });
})();
