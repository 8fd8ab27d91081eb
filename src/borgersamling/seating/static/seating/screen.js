// "Find your table": the page's CSS estimates a font size from the longest name; fonts differ
// between machines, so shrink the cards' type until the whole grid fits the screen.
(function () {
  "use strict";
  function fit() {
    var grid = document.querySelector(".screen-tables");
    if (!grid) return;
    grid.style.fontSize = "";
    var root = document.documentElement;
    for (var step = 0; step < 30; step += 1) {
      var tooTall = root.scrollHeight > window.innerHeight;
      var tooWide = root.scrollWidth > window.innerWidth;
      var wrapped = Array.prototype.some.call(grid.querySelectorAll(".screen-table li"), function (li) {
        return li.getBoundingClientRect().height > 1.5 * parseFloat(window.getComputedStyle(li).lineHeight);
      });
      if (!tooTall && !tooWide && !wrapped) break;
      var size = parseFloat(window.getComputedStyle(grid).fontSize);
      grid.style.fontSize = (size * 0.94) + "px";
    }
    grid.setAttribute("data-fitted", "");
  }
  window.addEventListener("load", fit);
  window.addEventListener("resize", fit);

  // Fetch the page again every so often and swap in what changed, so a late move reaches the
  // projector. Not a timed reload (meta refresh): that flashes the screen and takes away a
  // reader's control (WCAG 2.2.1); without JavaScript, a <noscript> reload does the job.
  var seconds = parseInt(document.body.getAttribute("data-refresh-seconds"), 10) || 30;
  var ids = ["screen-header", "screen-main"];
  var shown = ids.map(function (id) { return document.getElementById(id).innerHTML; });
  function refresh() {
    if (!window.fetch || !window.DOMParser) return;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = ids.map(function (id) {
          var part = doc.getElementById(id);
          return part ? part.innerHTML : null;
        });
        if (fresh.indexOf(null) !== -1 || fresh.join() === shown.join()) return;
        ids.forEach(function (id, k) { document.getElementById(id).innerHTML = fresh[k]; });
        shown = fresh;
        fit();
      })
      .catch(function () { /* offline for a moment: keep showing what we have */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
