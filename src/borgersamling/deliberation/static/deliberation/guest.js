// Smileys without reloading the page: post the smiley with fetch() and mark the pressed
// button. Without this script every smiley is a plain form post that comes back to the same
// place on the page.
(function () {
  "use strict";
  var status = document.getElementById("guest-status");

  function say(message) {
    if (status) { status.textContent = message || ""; }
  }

  document.querySelectorAll("form[data-smileys]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.name !== "smiley" || !window.fetch) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.set("smiley", button.value);
      button.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) {
          say(result.body.error);
          return;
        }
        say("");
        form.querySelectorAll("button[name='smiley']").forEach(function (other) {
          other.setAttribute("aria-pressed", other.value === result.body.smiley ? "true" : "false");
        });
      }).catch(function () {
        // No usable answer (the venue's network): fall back to the plain form post.
        var chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = "smiley";
        chosen.value = button.value;
        form.appendChild(chosen);
        form.submit();
      }).finally(function () {
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
