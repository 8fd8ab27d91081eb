/* Criteria and targets: re-run the lottery program's feasibility check as the shares and the
   tolerance are typed, without saving. The form posts its current values to the check URL
   and the returned fragment replaces the check region (aria-live="polite"); the seat range
   beside each value is updated from the fragment too. Without JavaScript, saving the form
   shows the same check. */
(function () {
  "use strict";
  var form = document.getElementById("targets-form");
  var region = document.getElementById("targets-check");
  if (!form || !region || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-check-url");
  var DELAY = 600;
  var timer = null;
  var latest = 0;

  function updateRanges() {
    var items = region.querySelectorAll(".check-ranges li[data-value]");
    for (var i = 0; i < items.length; i += 1) {
      var cell = document.getElementById("range-" + items[i].getAttribute("data-value"));
      if (cell) {
        cell.textContent = items[i].textContent;
      }
    }
  }

  function check() {
    var asked = (latest += 1);
    var data = new FormData(form);
    data.delete("apply_tolerance");
    region.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") || "" }
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        // Only the answer to the latest question counts; earlier ones may arrive late.
        if (html !== null && asked === latest) {
          region.innerHTML = html;
          updateRanges();
        }
      })
      .catch(function () {
        /* The check is a help: the saved page shows it anyway. */
      })
      .then(function () {
        if (asked === latest) {
          region.removeAttribute("aria-busy");
        }
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY);
  });
})();
