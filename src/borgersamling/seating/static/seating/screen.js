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
})();
