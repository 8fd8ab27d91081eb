// The projector's live tally: ask the server for the count every second and move the bars,
// so a ballot cast on a phone shows in the room within two seconds, without a reload.
// The server sends the sentences ready-translated; this only puts them in place. If the
// network drops for a moment, the last count stays on the screen.
(function () {
  "use strict";
  var live = document.getElementById("vote-live");
  if (!live || !window.fetch) { return; }
  var url = live.getAttribute("data-tally-url");
  var every = parseInt(live.getAttribute("data-poll-ms"), 10) || 1000;

  function part(root, name) { return root.querySelector('[data-part="' + name + '"]'); }
  function setText(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  function show(count) {
    live.setAttribute("data-status", count.status);
    setText(part(live, "status"), count.status_text);
    setText(part(live, "summary"), count.summary);
    var turnout = part(live, "turnout");
    if (turnout) {
      var share = count.members ? Math.min(100, Math.round(100 * count.ballots / count.members)) : 0;
      turnout.style.width = share + "%";
    }
    count.items.forEach(function (item) {
      var row = live.querySelector('[data-item="' + item.item + '"]');
      if (!row) { return; }
      part(row, "bar").style.width = item.bar + "%";
      setText(part(row, "figure"), item.figure);
      setText(part(row, "detail"), item.detail);
      setText(part(row, "verdict"), item.verdict);
      row.classList.toggle("is-carried", item.carried === true);
      row.classList.toggle("is-not-carried", item.carried === false);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (count) { if (count) { show(count); } return count; })
      .catch(function () { return null; })
      .then(function (count) {
        // A closed vote's count never changes again: stop asking.
        if (!count || count.status !== "closed") { window.setTimeout(poll, every); }
      });
  }
  window.setTimeout(poll, every);
})();
