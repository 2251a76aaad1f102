/* The booking form, made easier where JavaScript runs; without it the page works as it is.
 *
 * - The repetition's details show only when the booking repeats, and only those of the chosen
 *   repetition (weekdays for weekly, the kind of day for monthly). A field with an error always shows.
 * - After a check the page opens at the result: focus moves to its heading and its summary
 *   ('6 of the dates cannot be booked') is read out by screen readers (a role="status" region).
 */
(function () {
  "use strict";
  var form = document.querySelector("form.booking-form");
  if (!form) { return; }
  var repeat = form.querySelector("select[name=repeat]");
  var parts = form.querySelectorAll("[data-repeat]");

  function showRepetition() {
    var chosen = repeat ? repeat.value : "none";
    for (var i = 0; i < parts.length; i++) {
      var wanted = (" " + parts[i].getAttribute("data-repeat") + " ").indexOf(" " + chosen + " ") >= 0;
      parts[i].hidden = !wanted && !parts[i].querySelector(".has-error, .errors");
    }
  }
  if (repeat) {
    repeat.addEventListener("change", showRepetition);
    showRepetition();
  }

  var heading = document.getElementById("preview-heading");
  if (heading) {
    heading.focus();
    var summary = document.getElementById("preview-summary");
    var announce = document.getElementById("preview-announce");
    if (summary && announce) {
      // A status region already on the page is read when its text changes: fill it a moment after load.
      window.setTimeout(function () { announce.textContent = summary.textContent.trim(); }, 400);
    }
  }
})();
