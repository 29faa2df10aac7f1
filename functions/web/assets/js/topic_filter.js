// Topic filter of the AM/AP page: choosing a topic shows only the sections (and table of
// contents entries) of that topic; choosing it again shows everything. Without JavaScript
// the bar stays hidden and everything is shown.
(function () {
  "use strict";
  var bar = document.querySelector(".js-topics");
  if (!bar) {
    return;
  }
  var buttons = Array.prototype.slice.call(bar.querySelectorAll(".js-topic"));
  var active = null;

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  function apply(topic, label) {
    each(".filterable", function (element) {
      element.hidden = topic !== null && !element.classList.contains("topic_" + topic);
    });
    each(".js-am", function (am) {
      var message = am.querySelector(".js-empty-topic");
      if (message) {
        var shown = am.querySelector(".am-sections .filterable:not([hidden])");
        message.hidden = topic === null || shown !== null;
      }
    });
    each(".js-ap-topic-message", function (message) {
      message.hidden = topic === null;
      var slot = message.querySelector(".js-topic-label");
      if (slot) {
        slot.textContent = label;
      }
    });
    buttons.forEach(function (button) {
      var pressed = button.getAttribute("data-topic") === topic;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("fr-btn--tertiary", !pressed);
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var topic = button.getAttribute("data-topic");
      active = active === topic ? null : topic;
      apply(active, active === null ? "" : button.textContent.trim());
    });
  });
  bar.hidden = false;
})();
