// Patrika live reload: injected only by `patrika serve`, never written by `build`.
(function () {
  "use strict";
  var overlayId = "patrika-errors";
  function showErrors(text) {
    var box = document.getElementById(overlayId);
    if (!box) {
      box = document.createElement("div");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0a0a;color:#ffe9e9;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
        "border-top:4px solid #e5484d;white-space:pre-wrap;direction:ltr;text-align:left";
      document.body.appendChild(box);
    }
    box.textContent = "Patrika: the site has errors; showing the last good build.\n\n" + text;
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("patrika-reload", Date.now());
      links[i].href = url.toString();
    }
  }
  // The build this page comes from; every event names the build served now.
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  function stale(event) { return build !== null && event.lastEventId && event.lastEventId !== build; }
  // A browser opens at most six connections to one server, and a stream holds one for as
  // long as it is open: a page keeps its stream only while a reader can see it, or pages
  // left in the back-forward cache and hidden tabs would take every connection. Back in
  // view, it reconnects, and reloads if a build came meanwhile.
  var source = null;
  function connect() {
    if (source || document.hidden) { return; }
    source = new EventSource("/__patrika/events");
    // Lets tests (and curious authors) see that the page is listening for rebuilds.
    source.onopen = function () { document.documentElement.setAttribute("data-patrika-live", "connected"); };
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("css", function (e) { build = e.lastEventId; swapStyles(); });
    source.addEventListener("errors", function (e) {
      if (stale(e)) { location.reload(); } else { showErrors(e.data); }
    });
    source.addEventListener("ok", function (e) {
      if (stale(e) || document.getElementById(overlayId)) { location.reload(); }
    });
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
    document.documentElement.removeAttribute("data-patrika-live");
  }
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", connect);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { disconnect(); } else { connect(); }
  });
  connect();
})();
