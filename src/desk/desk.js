// Patrika's translation desk in `patrika serve`: the list's Translate buttons, and the
// editor — edits kept in this browser until saved (keyed by file and version, so a reload
// or a rebuild loses nothing), QA findings as one types, Save (a changed file on disk is
// shown beside your text, never overwritten), Done, and suggestions from earlier
// translations. Rebuilds reload the list, and never a page with unsaved edits.
(function () {
  "use strict";
  var API = "/__patrika/desk/api/";
  var words = function (key, args) { return window.patrikaDesk ? window.patrikaDesk.text(key, args) : key; };

  function api(method, name, body) {
    var init = { method: method, headers: { "X-Patrika-Desk": "1" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(API + name, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () { return { status: 0, data: { error: words("desk.offline") } }; });
  }

  // Rebuilds, told by the preview's live-reload client, which `serve` adds to the desk's
  // pages in its quiet form (it never reloads them itself).
  function listen(onReload) {
    document.addEventListener("patrika:rebuilt", onReload);
  }

  function list() {
    // The file a button makes is rebuilt at once, and the reload that follows would cancel
    // the way to its editor: from the click on, the list stays as it is.
    var leaving = false;
    listen(function () { if (!leaving) { location.reload(); } });
    document.querySelectorAll("button.translate").forEach(function (button) {
      button.addEventListener("click", function () {
        button.disabled = true;
        leaving = true;
        api("POST", "translate", { path: button.getAttribute("data-path"), to: button.getAttribute("data-to") }).then(function (r) {
          if (r.status === 201) {
            location.href = "edit?path=" + encodeURIComponent(r.data.path);
          } else {
            leaving = false;
            button.disabled = false;
            var said = document.createElement("p");
            said.className = "failed";
            said.setAttribute("role", "alert");
            said.textContent = words("editor.failed") + " " + (r.data.error || r.status);
            button.after(said);
          }
        });
      });
    });
  }

  function editor() {
    var file = JSON.parse(document.getElementById("desk-file").textContent);
    var path = file.path;
    var base = { hash: file.hash, text: file.text };
    var key = function (hash) { return "patrika-desk:" + path + ":" + hash; };
    var status = document.querySelector(".actions .status");
    var notice = document.getElementById("notice");
    var fields = Array.prototype.slice.call(document.querySelectorAll("[data-field]"));
    var boxes = Array.prototype.slice.call(document.querySelectorAll("textarea[data-block], textarea[data-after]"));
    var draft = document.querySelector("[data-draft]");
    var initial = new Map();
    fields.concat(boxes).forEach(function (el) { initial.set(el, el.value); });
    var initialDraft = draft ? draft.checked : false;
    var checking = null;
    var composed = null;

    function say(text) { status.textContent = text; }
    function tell(text) { notice.textContent = text; notice.hidden = !text; }
    function dirty() {
      return fields.concat(boxes).some(function (el) { return el.value !== initial.get(el); }) ||
        (draft && draft.checked !== initialDraft);
    }
    // Text boxes fit their text by CSS (`field-sizing`) where the browser knows it; elsewhere here.
    var sized = window.CSS && CSS.supports("field-sizing", "content");
    function grow(box) {
      if (sized) { return; }
      box.style.height = "auto";
      box.style.height = box.scrollHeight + 4 + "px";
    }

    function edits() {
      var made = { fields: {}, blocks: {}, added: [], draft: null };
      fields.forEach(function (el) {
        if (el.value !== initial.get(el)) { made.fields[el.getAttribute("data-field")] = el.value; }
      });
      boxes.forEach(function (box) {
        if (box.hasAttribute("data-block")) {
          if (box.value !== initial.get(box)) { made.blocks[box.getAttribute("data-block")] = box.value; }
        } else if (box.value.trim() !== "") {
          var after = box.getAttribute("data-after");
          made.added.push({ after: after === "" ? null : Number(after), text: box.value });
        }
      });
      if (draft && draft.checked !== initialDraft) { made.draft = draft.checked; }
      return made;
    }

    // What is kept in this browser: every box's text, so that a reload puts it back.
    function keep() {
      if (!dirty()) { localStorage.removeItem(key(base.hash)); return; }
      var kept = { values: {}, draft: draft ? draft.checked : null, text: composed };
      fields.concat(boxes).forEach(function (el) { kept.values[el.id] = el.value; });
      try { localStorage.setItem(key(base.hash), JSON.stringify(kept)); } catch (e) { say(words("editor.failed") + " " + e); }
    }

    function compose() {
      return api("POST", "compose", { text: base.text, edits: edits() }).then(function (r) {
        if (r.status !== 200) { throw new Error(r.data.error || String(r.status)); }
        composed = r.data.text;
        keep();
        return composed;
      });
    }

    function showFindings(found) {
      var all = document.getElementById("findings");
      all.textContent = "";
      document.querySelectorAll(".block-findings").forEach(function (ul) { ul.textContent = ""; });
      // A finding's block counts the blocks of the text checked: the boxes that hold text, in order.
      var filled = boxes.filter(function (box) { return box.value.trim() !== ""; });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = words("editor.no_findings");
        all.appendChild(none);
      }
      found.forEach(function (f) {
        var item = document.createElement("li");
        item.className = f.severity;
        var label = document.createElement("span");
        label.textContent = words(f.rule ? "rule." + f.rule : (f.severity === "error" ? "rule.error" : "rule.warning"));
        var detail = document.createElement("small");
        detail.className = "detail";
        detail.lang = "en";
        detail.dir = "ltr";
        detail.textContent = f.rule === "stale" || f.rule === "untracked" ? "" : " " + f.message;
        var place = document.createElement("code");
        place.className = "place";
        place.textContent = " " + f.line + ":" + f.col;
        item.append(label, detail, place);
        all.appendChild(item);
        var box = f.block !== null && f.block !== undefined ? filled[f.block] : null;
        if (box) { box.parentNode.querySelector(".block-findings").appendChild(item.cloneNode(true)); }
      });
    }

    function check() {
      say(words("editor.checking"));
      compose().then(function (text) {
        return api("POST", "check", { path: path, text: text });
      }).then(function (r) {
        if (r.status === 200) { showFindings(r.data.findings); say(dirty() ? words("editor.unsaved") : ""); }
      }).catch(function (e) { say(words("editor.failed") + " " + e.message); });
    }

    function changed() {
      keep();
      say(words("editor.unsaved"));
      clearTimeout(checking);
      checking = setTimeout(check, 400);
    }

    function showConflict(theirs, yours) {
      var view = document.getElementById("conflict");
      document.getElementById("theirs").value = theirs.text;
      document.getElementById("yours").value = yours;
      view.hidden = false;
      view.setAttribute("data-theirs", theirs.hash);
      view.scrollIntoView();
    }

    // Writes `text` over the version `hash`; a file changed since is shown, never overwritten.
    function put(text, hash) {
      say(words("editor.saving"));
      return api("PUT", "file", { path: path, text: text, base_hash: hash }).then(function (r) {
        if (r.status === 200) {
          localStorage.removeItem(key(base.hash));
          sessionStorage.setItem("patrika-desk-scroll:" + path, String(window.scrollY));
          say(words("editor.saved"));
          location.reload();
          return true;
        }
        if (r.status === 409) { say(""); tell(words("editor.conflict")); showConflict(r.data, text); return false; }
        say(words("editor.failed") + " " + (r.data.error || r.status));
        return false;
      });
    }

    function save() {
      if (!dirty()) { return Promise.resolve(true); }
      return compose().then(function (text) { return put(text, base.hash); })
        .catch(function (e) { say(words("editor.failed") + " " + e.message); return false; });
    }

    function done() {
      save().then(function (saved) {
        if (!saved) { return; }
        api("POST", "done", { path: path }).then(function (r) {
          if (r.status === 200) { say(words("editor.done")); location.reload(); } else { say(words("editor.failed") + " " + (r.data.error || r.status)); }
        });
      });
    }

    function suggest(box) {
      var row = box.closest(".pair");
      var source = row.querySelector(".source .text");
      var shelf = row.querySelector(".suggestions");
      if (!source || shelf.getAttribute("data-asked")) { return; }
      shelf.setAttribute("data-asked", "1");
      api("POST", "suggest", { path: path, text: source.textContent }).then(function (r) {
        if (r.status !== 200) { return; }
        shelf.textContent = "";
        var heading = document.createElement("p");
        heading.className = "label";
        heading.textContent = words(r.data.suggestions.length ? "editor.suggestions" : "editor.no_suggestions");
        shelf.appendChild(heading);
        r.data.suggestions.forEach(function (s) {
          var item = document.createElement("div");
          item.className = "suggestion";
          var score = document.createElement("span");
          score.className = "score";
          score.textContent = words("editor.similar", { n: s.similarity }) + (s.adapted ? " · " + words("editor.numbers_adapted") : "");
          var text = document.createElement("p");
          text.lang = box.lang;
          text.dir = box.dir;
          text.textContent = s.text;
          var from = document.createElement("code");
          from.className = "file";
          from.textContent = s.from;
          var insert = document.createElement("button");
          insert.type = "button";
          insert.className = "insert";
          insert.textContent = words("action.insert");
          insert.addEventListener("click", function () {
            box.value = s.text;
            grow(box);
            box.focus();
            changed();
          });
          item.append(score, text, insert, from);
          shelf.appendChild(item);
        });
        shelf.hidden = false;
      });
    }

    function restore() {
      var found = localStorage.getItem(key(base.hash));
      if (found) {
        var kept = JSON.parse(found);
        fields.concat(boxes).forEach(function (el) { if (el.id in kept.values) { el.value = kept.values[el.id]; } });
        if (draft && kept.draft !== null) { draft.checked = kept.draft; }
        tell(words("editor.restored"));
        say(words("editor.unsaved"));
        check();
        return;
      }
      // Edits kept for another version of this file: the file changed since; show both.
      for (var i = 0; i < localStorage.length; i++) {
        var name = localStorage.key(i);
        if (name.indexOf("patrika-desk:" + path + ":") !== 0) { continue; }
        var earlier = JSON.parse(localStorage.getItem(name));
        tell(words("editor.earlier_edits"));
        var compare = document.createElement("button");
        compare.type = "button";
        compare.textContent = words("editor.show_earlier");
        compare.addEventListener("click", function () { showConflict(base, earlier.text || ""); });
        notice.append(" ", compare);
        return;
      }
    }

    fields.concat(boxes).forEach(function (el) {
      el.addEventListener("input", function () {
        // A title is one line: a line break typed or pasted into it becomes a space.
        if (el.hasAttribute("data-line") && /[\r\n]/.test(el.value)) { el.value = el.value.replace(/[\r\n]+/g, " "); }
        if (el.tagName === "TEXTAREA") { grow(el); }
        changed();
      });
    });
    fields.concat(boxes).forEach(function (el) { if (el.tagName === "TEXTAREA") { grow(el); } });
    boxes.forEach(function (box) { box.addEventListener("focus", function () { suggest(box); }); });
    fields.forEach(function (el) {
      if (el.hasAttribute("data-line")) {
        el.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
      }
    });
    if (draft) { draft.addEventListener("change", changed); }
    document.querySelector(".actions .save").addEventListener("click", save);
    document.querySelector(".actions .done").addEventListener("click", done);
    document.querySelector("#conflict .keep-mine").addEventListener("click", function () {
      var view = document.getElementById("conflict");
      put(document.getElementById("yours").value, view.getAttribute("data-theirs"));
    });
    document.querySelector("#conflict .take-theirs").addEventListener("click", function () {
      // Your text stays kept under the version you started from, and is offered again.
      location.reload();
    });
    var scroll = sessionStorage.getItem("patrika-desk-scroll:" + path);
    if (scroll !== null) { sessionStorage.removeItem("patrika-desk-scroll:" + path); window.scrollTo(0, Number(scroll)); }
    restore();
    // After a rebuild: a page without edits shows the file as it is now; one with edits stays.
    listen(function () {
      api("GET", "file?path=" + encodeURIComponent(path)).then(function (r) {
        if (r.status !== 200 || r.data.hash === base.hash) { if (!dirty()) { check(); } return; }
        if (dirty()) { tell(words("editor.changed_on_disk")); } else { location.reload(); }
      });
    });
    document.documentElement.setAttribute("data-desk-ready", "1");
  }

  var kind = document.documentElement.getAttribute("data-desk");
  if (kind === "editor" && document.getElementById("desk-file")) { editor(); } else { list(); }
})();
