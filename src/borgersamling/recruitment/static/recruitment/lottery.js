// The lottery pages follow the server by themselves, without a framework:
// - a run's page polls its progress every second and reloads once the run has finished;
// - the public ceremony page polls a small state every few seconds and reloads when it
//   changes, so the projector shows the drawn panel when the secretariat enters the seed
//   on another device.
// If the network fails for a moment, the page keeps what it shows and tries again.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function poll(url, seconds, handle) {
    function tick() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { return data === null ? true : handle(data); })
        .catch(function () { return true; })
        .then(function (again) { if (again) { window.setTimeout(tick, seconds * 1000); } });
    }
    window.setTimeout(tick, seconds * 1000);
  }

  var run = document.querySelector("[data-progress-url]");
  if (run) {
    var bar = run.querySelector("progress");
    var parts = {};
    ["status", "stage", "percent"].forEach(function (name) {
      parts[name] = run.querySelector('[data-progress="' + name + '"]');
    });
    poll(run.getAttribute("data-progress-url"), 1, function (data) {
      if (data.finished) { window.location.reload(); return false; }
      if (bar) { bar.value = data.percent; bar.textContent = data.percent + " %"; }
      if (parts.status) { parts.status.textContent = data.status_label; }
      if (parts.stage) { parts.stage.textContent = data.stage; }
      if (parts.percent) { parts.percent.textContent = data.percent + " %"; }
      return true;
    });
  }

  var ceremony = document.querySelector("[data-state-url]");
  if (ceremony) {
    var version = ceremony.getAttribute("data-state-version");
    poll(ceremony.getAttribute("data-state-url"), 3, function (data) {
      if (data.version !== version) { window.location.reload(); return false; }
      return true;
    });
  }
})();
