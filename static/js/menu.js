// The main menu on a phone: folded behind a 'Menu' button, unfolded on a press. Without this script
// the menu is always open (the button stays hidden), so every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-button");
  if (!button) return;
  header.classList.add("menu-js");
  button.addEventListener("click", function () {
    var open = header.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
});
