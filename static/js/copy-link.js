// Copy buttons of the Subscribe page (templates/feeds/subscribe.html): an enhancement only. Without
// JavaScript the buttons stay hidden and the links can be selected in their read-only fields.
(function () {
  "use strict";
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { if (document.execCommand("copy")) { done(); } } catch (e) { /* the text stays selected */ }
    }
  }
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
  document.querySelectorAll("input.feed-url").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
