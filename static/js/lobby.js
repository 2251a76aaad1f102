// The lobby screen (templates/public/lobby.html): fetch the page again every data-refresh seconds and
// put in the new list; keep the old one when the network is down. A file of its own, not inline: the
// Content-Security-Policy allows scripts from the site only (booking/security/headers.py).
(function () {
  "use strict";
  var main = document.getElementById("lobby");
  if (!main) { return; }
  var seconds = parseInt(main.getAttribute("data-refresh"), 10) || 60;
  function refresh() {
    fetch(window.location.href, {cache: "no-store", credentials: "omit"}).then(function (resp) {
      if (!resp.ok) { throw new Error(resp.status); }
      return resp.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("lobby");
      if (fresh) { main.innerHTML = fresh.innerHTML; }
    }).catch(function () { /* try again next time */ });
  }
  window.setInterval(refresh, seconds * 1000);
}());
