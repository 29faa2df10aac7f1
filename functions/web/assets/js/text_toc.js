// The back-office's structure editor: the table of contents follows the textarea as the editor
// types (the server writes it at each check; this only spares the round trip). The textarea's
// data-toc-source names the list to fill.
(function () {
  "use strict";
  var source = document.querySelector("textarea[data-toc-source]");
  var list = source && document.getElementById(source.getAttribute("data-toc-source"));
  if (!list) {
    return;
  }
  var pending = null;

  function rebuild() {
    pending = null;
    var items = document.createDocumentFragment();
    source.value.split("\n").forEach(function (line) {
      var level = line.match(/^#*/)[0].length;
      if (level > 0) {
        var item = document.createElement("li");
        item.setAttribute("data-level", String(level));
        item.textContent = line.slice(level).trim();
        items.appendChild(item);
      }
    });
    list.replaceChildren(items);
  }

  // A long AM has thousands of lines: rebuild once the typing pauses, not at every key.
  source.addEventListener("input", function () {
    if (pending !== null) {
      clearTimeout(pending);
    }
    pending = setTimeout(rebuild, 300);
  });
})();
