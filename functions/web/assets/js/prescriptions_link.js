// The "Voir les prescriptions" link of the installation page follows the ticked arrêtés:
// AM ids first, then AP ids, in checkbox order; hidden when nothing is ticked.
(function () {
  "use strict";
  var container = document.querySelector(".js-arretes");
  var link = document.getElementById("js_prescriptions_link");
  if (!container || !link) {
    return;
  }
  var path = container.getAttribute("data-arretes-path");

  function ids(selector, attribute) {
    return Array.prototype.filter.call(container.querySelectorAll(selector), function (box) {
      return box.checked;
    }).map(function (box) {
      return box.getAttribute(attribute);
    });
  }

  // Same rules as the server (selection.rs): an empty list is written "<name>=empty".
  function query(amIds, apIds) {
    var parts = [];
    function add(name, list, always) {
      if (list.length === 0) {
        if (always) {
          parts.push(name + "=empty");
        }
        return;
      }
      list.forEach(function (id) { parts.push(name + "=" + encodeURIComponent(id)); });
    }
    var nothing = amIds.length === 0 && apIds.length === 0;
    add("am_ids[]", amIds, true);
    add("ap_ids[]", apIds, !nothing);
    return parts.join("&");
  }

  function update() {
    var amIds = ids(".js_am_checkbox", "data-am-id");
    var apIds = ids(".js_ap_checkbox", "data-ap-id");
    link.setAttribute("href", path + "?" + query(amIds, apIds));
    link.hidden = amIds.length === 0 && apIds.length === 0;
  }

  container.addEventListener("change", update);
  update();
})();
