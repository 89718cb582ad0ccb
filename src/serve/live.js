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
  // The build this page comes from (a quiet page learns it from its first event); every
  // event names the build served now.
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  // Quiet (the translation desk): no reload and no overlay; each rebuild is told to the
  // page's own script as a `patrika:rebuilt` event on the document.
  var quiet = script !== null && script.hasAttribute("data-quiet");
  function rebuilt() {
    if (quiet) { document.dispatchEvent(new Event("patrika:rebuilt")); } else { location.reload(); }
  }
  // Whether an event names a build this page has not shown (and remembers it).
  function newer(event) {
    var id = event.lastEventId;
    if (!id || id === build) { return false; }
    var first = build === null;
    build = id;
    return !first;
  }
  // A browser opens at most six connections to one server, and a stream holds one for as
  // long as it is open: a page keeps its stream only while a reader can see it, or pages
  // left in the back-forward cache and hidden tabs would take every connection. Back in
  // view, it reconnects, and counts as rebuilt if a build came meanwhile.
  var source = null;
  function connect() {
    if (source || document.hidden) { return; }
    source = new EventSource("/__patrika/events");
    // Lets tests (and curious authors) see that the page is listening for rebuilds.
    source.onopen = function () { document.documentElement.setAttribute("data-patrika-live", "connected"); };
    source.addEventListener("reload", function (e) { newer(e); rebuilt(); });
    source.addEventListener("css", function (e) { newer(e); if (!quiet) { swapStyles(); } });
    source.addEventListener("errors", function (e) {
      if (newer(e)) { rebuilt(); } else if (!quiet) { showErrors(e.data); }
    });
    source.addEventListener("ok", function (e) {
      if (newer(e) || (!quiet && document.getElementById(overlayId))) { rebuilt(); }
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
