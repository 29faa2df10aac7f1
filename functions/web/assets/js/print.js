// The "imprimer" button (hidden without JavaScript, which printing needs).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".js-print"), function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });
})();
