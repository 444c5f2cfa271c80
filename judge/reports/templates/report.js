// report.html's only script: it sorts, filters, shows and hides what is already on the page.
// It never builds markup from text (no innerHTML): student text stays as the server escaped it.
// The words it writes come from the page (#i18n, translated by judge/reports/html_report.py's
// ui_strings): the script itself has no text in any language.
(function () {
  "use strict";
  var strings = readStrings();
  var lang = document.documentElement.lang || undefined;
  var table = document.getElementById("matrix");
  var tbody = table ? table.tBodies[0] : null;
  var headers = table ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var nameBox = document.getElementById("filter-student");
  var verdictBox = document.getElementById("filter-verdict");
  var shownText = document.getElementById("shown");
  var noneText = document.getElementById("no-match");
  var viewer = document.getElementById("viewer");

  function readStrings() {
    var el = document.getElementById("i18n");
    try {
      return JSON.parse(el.getAttribute("data-strings")) || {};
    } catch (e) {
      return {};
    }
  }

  // strings[key] with its {name} fields filled in (a field not given stays as it is).
  function text(key, fields) {
    var template = strings[key] || "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : whole;
    });
  }

  function sortBy(th) {
    var col = th.cellIndex;
    var numeric = th.getAttribute("data-sort") === "num";
    var cur = th.getAttribute("aria-sort");
    var dir = cur === "descending" ? "ascending" : cur === "ascending" ? "descending"
      : (numeric ? "descending" : "ascending");
    headers.forEach(function (h) { if (h.hasAttribute("data-sort")) h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
      var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang);
      if (c !== 0) return c * sign;
      return a.getAttribute("data-student").localeCompare(b.getAttribute("data-student"), lang);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }

  function applyFilter() {
    var q = nameBox.value.trim().toLowerCase();
    var v = verdictBox.value;
    var shown = 0;
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      var okName = !q || tr.getAttribute("data-student").toLowerCase().indexOf(q) !== -1;
      var okVerdict = !v || tr.getAttribute("data-verdicts").split(" ").indexOf(v) !== -1;
      tr.hidden = !(okName && okVerdict);
      if (!tr.hidden) shown++;
      Array.prototype.forEach.call(tr.querySelectorAll("td.cell"), function (td) {
        td.classList.toggle("dim", !!v && td.getAttribute("data-verdict") !== v);
      });
    });
    // The total is the page's (the plural form was chosen for it): only {shown} changes.
    shownText.textContent = text("shown", {shown: shown, total: tbody.rows.length})
      || shown + " / " + tbody.rows.length;
    noneText.hidden = shown !== 0;
  }

  function open(id) {
    var target = document.getElementById(id);
    if (!target || !viewer.contains(target)) return;
    Array.prototype.forEach.call(viewer.querySelectorAll(".panel"), function (p) { p.hidden = p !== target; });
    if (!viewer.open) viewer.showModal();
    viewer.scrollTop = 0;
    var bad = target.querySelector(".line.bad");
    if (bad) bad.scrollIntoView({block: "center"});
    if (history.replaceState) history.replaceState(null, "", "#" + id);
  }

  function close() {
    if (viewer.open) viewer.close();
  }

  if (table) {
    headers.forEach(function (th) {
      if (!th.hasAttribute("data-sort")) return;
      var btn = th.querySelector("button");
      (btn || th).addEventListener("click", function () { sortBy(th); });
    });
    nameBox.addEventListener("input", applyFilter);
    verdictBox.addEventListener("change", applyFilter);
    applyFilter();
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-open]") : null;
    if (el) { e.preventDefault(); open(el.getAttribute("data-open")); return; }
    if (e.target.closest && e.target.closest("[data-close]")) { close(); return; }
    if (e.target === viewer) close();  // a click on the backdrop
  });
  viewer.addEventListener("close", function () {
    if (history.replaceState) history.replaceState(null, "", location.pathname + location.search);
  });
  if (location.hash.length > 1) open(decodeURIComponent(location.hash.slice(1)));
})();
