/* The phone page's behaviour (backends/html.py inlines it). Every word comes from the page's data
   (the document's controls); nothing is fetched. window.outlinePage is what the buttons use. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var words = data.words;
  var answers = data.answers || null;
  var KEY = "outline-export:" + data.id;

  function say(key, values) {
    return (words[key] || "").replace(/\{(\w+)\}/g, function (m, name) {
      return values && name in values ? String(values[name]) : m;
    });
  }
  function byId(id) { return document.getElementById(id); }

  /* Storage: localStorage may be missing or throw (file:// in some browsers, private mode, full).
     Then the page works the same and keeps nothing. */
  var store = null;
  try {
    store = window.localStorage;
    store.setItem(KEY + ":probe", "1");
    store.removeItem(KEY + ":probe");
  } catch (e) { store = null; }
  var state = {};
  if (store) {
    try { state = JSON.parse(store.getItem(KEY) || "{}") || {}; } catch (e) { state = {}; }
  }
  function save() {
    if (!store) { return false; }
    try { store.setItem(KEY, JSON.stringify(state)); return true; } catch (e) { return false; }
  }

  var fields = Array.prototype.slice.call(document.querySelectorAll("[data-key]"));
  function fit(area) {
    if (area.tagName !== "TEXTAREA") { return; }
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }
  fields.forEach(function (field) {
    var key = field.getAttribute("data-key");
    if (typeof state[key] === "string") { field.value = state[key]; }
    fit(field);
    field.addEventListener("input", function () {
      state[key] = field.value;
      save();
      fit(field);
      var box = field.parentNode;
      if (box.classList.contains("blank")) {
        box.classList.remove("right", "wrong");
        byId(field.id + "-mark").textContent = "";
      }
    });
  });
  var saved = byId("saved");
  if (saved && !store) { saved.hidden = true; }

  /* What the check compares: case, spaces at the ends and between words, and curly or
     straight quotes and apostrophes do not count. */
  function normal(text) {
    return String(text).normalize("NFC")
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
      .replace(/[\s\u00A0\u2060]+/g, " ").trim().toLowerCase();
  }
  function check() {
    if (!answers) { return null; }
    var right = 0, total = 0;
    fields.forEach(function (field) {
      var n = field.getAttribute("data-n");
      if (!n || !(n in answers)) { return; }
      total += 1;
      var ok = normal(field.value) === normal(answers[n]) && normal(field.value) !== "";
      var box = field.parentNode, mark = byId(field.id + "-mark");
      box.classList.remove("right", "wrong");
      box.classList.add(ok ? "right" : "wrong");
      mark.className = "mark " + (ok ? "right" : "wrong");
      mark.textContent = ok ? "\u2713\u00A0" + say("right") : "\u2717\u00A0" + say("wrong", { answer: answers[n] });
      if (ok) { right += 1; }
    });
    var summary = byId("summary");
    var text = say("checked", { right: right, total: total });
    if (summary) { summary.textContent = text; }
    return { right: right, total: total, text: text };
  }

  /* "My notes" as plain text: the title, the answers (numbered) and the notes. */
  function notesText() {
    var out = data.heading.slice(), answered = [];
    data.blanks.forEach(function (pair) {
      var field = document.querySelector('[data-key="' + pair[0] + '"]');
      answered.push(pair[1] + ". " + (field && field.value.trim() ? field.value.trim() : "___"));
    });
    if (answered.length) { out.push("", say("answers")); out = out.concat(answered); }
    var notes = [];
    data.notes.forEach(function (pair) {
      var field = document.querySelector('[data-key="' + pair[0] + '"]');
      if (field && field.value.trim()) { notes.push("", pair[1], field.value.replace(/\s+$/, "")); }
    });
    if (notes.length) { out.push("", say("my_notes")); out = out.concat(notes); }
    return out.join("\n") + "\n";
  }
  function status(text) { var s = byId("status"); if (s) { s.textContent = text; } }
  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) { status(say("copied")); }
    return ok;
  }
  function copy() {
    var text = notesText();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status(say("copied")); },
        function () { copyFallback(text); });
    } else {
      copyFallback(text);
    }
    return text;
  }
  function fileName() {
    return (data.id || "notes").replace(/[^A-Za-z0-9._@-]+/g, "-") + "-notes.txt";
  }
  function download() {
    var text = notesText();
    var blob = new Blob([text], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob), link = document.createElement("a");
    link.href = url;
    link.download = fileName();
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    return text;
  }

  /* The speaker's clock: elapsed time, kept across Pause; Reset sets it to 00:00. */
  var started = null, before = 0, ticker = null;
  function elapsed() { return before + (started === null ? 0 : Date.now() - started); }
  function show() {
    var s = Math.floor(elapsed() / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var text = (h ? h + ":" + (m < 10 ? "0" : "") : (m < 10 ? "0" : "")) + m + ":" + (s % 60 < 10 ? "0" : "") + s % 60;
    var e = byId("elapsed");
    if (e && e.textContent !== text) { e.textContent = text; }
    return text;
  }
  function start() {
    if (started === null) { started = Date.now(); ticker = setInterval(show, 250); }
    show();
  }
  function pause() {
    if (started !== null) { before = elapsed(); started = null; clearInterval(ticker); }
    show();
  }
  function reset() { before = 0; if (started !== null) { started = Date.now(); } show(); }

  function on(id, handler) { var b = byId(id); if (b) { b.addEventListener("click", handler); } }
  on("check", check);
  on("copy", copy);
  on("download", download);
  on("start", start);
  on("pause", pause);
  on("reset", reset);

  window.outlinePage = { check: check, notesText: notesText, copy: copy, download: download,
    fileName: fileName, normal: normal, saving: function () { return store !== null; },
    start: start, pause: pause, reset: reset, clock: show };
})();
