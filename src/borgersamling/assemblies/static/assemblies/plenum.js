// The plenum screen reloads its "now" part every few seconds, so a change made by the
// secretariat ("show now") or by the clock reaches the projector without anyone touching it.
// No framework: fetch the fragment and swap it in; keep the old content if the network fails.
(function () {
  "use strict";
  var region = document.getElementById("plenum-now");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-refresh-url");
  var seconds = parseInt(region.getAttribute("data-refresh-seconds"), 10) || 10;
  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && html.trim() !== region.innerHTML.trim()) { region.innerHTML = html; }
      })
      .catch(function () { /* offline for a moment: keep showing what we have */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
