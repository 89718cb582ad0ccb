// Patrika's translation desk: the page's words in another of the site's languages, chosen
// with the switcher (`?ui=`) or remembered from the last choice, without asking the server
// (the desk written as one file has none). The desk's other script reads words through
// `patrikaDesk.text`.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("desk-words").textContent);
  var root = document.documentElement;
  function table() { return words[root.lang.split("-")[0]] || words.en; }
  function text(key, args) {
    var found = table()[key] || words.en[key] || key;
    for (var name in args || {}) { found = found.split("{" + name + "}").join(String(args[name])); }
    return found;
  }
  function apply(code, dir) {
    root.lang = code;
    root.dir = dir;
    document.querySelectorAll("[data-t]").forEach(function (el) {
      var args = el.getAttribute("data-t-args");
      var said = text(el.getAttribute("data-t"), args ? JSON.parse(args) : null);
      var attr = el.getAttribute("data-t-attr");
      if (attr) { el.setAttribute(attr, said); } else { el.textContent = said; }
    });
    document.querySelectorAll(".switch [data-ui]").forEach(function (a) {
      if (a.getAttribute("data-ui") === code) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
    });
  }
  function remember(code) {
    try { localStorage.setItem("patrika-desk-ui", code); } catch (e) { /* private mode: not remembered */ }
    if (location.protocol !== "file:") {
      document.cookie = "patrika_desk_ui=" + encodeURIComponent(code) + "; path=/__patrika/desk/; SameSite=Strict";
    }
  }
  function choose(code) {
    var link = document.querySelector('.switch [data-ui="' + code.replace(/["\\]/g, "") + '"]');
    if (!link) { return; }
    remember(code);
    if (code !== root.lang) { apply(code, link.getAttribute("dir") || "ltr"); }
  }
  window.patrikaDesk = { text: text };
  var asked = new URLSearchParams(location.search).get("ui");
  var stored = null;
  try { stored = localStorage.getItem("patrika-desk-ui"); } catch (e) { /* nothing remembered */ }
  if (asked || stored) { choose(asked || stored); }
  document.querySelectorAll(".switch [data-ui]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      // Served pages are made again in the language asked for; a file changes its own words.
      if (location.protocol !== "file:") { remember(a.getAttribute("data-ui")); return; }
      event.preventDefault();
      choose(a.getAttribute("data-ui"));
    });
  });
})();
