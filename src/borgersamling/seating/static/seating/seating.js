// Seating page: send the page's forms with fetch and swap in the new board and figures, so
// the secretariat keeps their place (and keyboard focus) while moving people. Without
// JavaScript the same forms post and the page reloads.
(function () {
  "use strict";

  function replaceMessages(doc) {
    // The region stays in place (role="status"), so the new messages are announced.
    var region = document.getElementById("messages");
    var fresh = doc.getElementById("messages");
    if (region && fresh) region.innerHTML = fresh.innerHTML;
  }

  async function submitLive(form, submitter) {
    var live = document.getElementById("seating-live");
    var focusId = document.activeElement && document.activeElement.id;
    var seat = form.closest(".seat");
    var seatId = seat ? seat.id : null;
    var body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    live.setAttribute("aria-busy", "true");
    // The engine can take seconds: say so, and keep the button from being pressed twice.
    var working = document.getElementById("seating-working");
    if (working) working.textContent = working.getAttribute("data-text");
    if (submitter) submitter.disabled = true;
    try {
      var response = await fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      var html = await response.text();
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("seating-live");
      if (!fresh) {
        form.submit();
        return;
      }
      live.replaceWith(fresh);
      replaceMessages(doc);
      followRun();
      var target = (seatId && document.getElementById(seatId)) || null;
      if (target) {
        target.classList.add("just-moved");
        target.scrollIntoView({ block: "nearest" });
      }
      // A form whose button goes away (undo, once nothing is left) names where focus goes.
      var after = form.getAttribute("data-focus");
      var focus = (focusId && document.getElementById(focusId)) ||
        document.getElementById("form-errors") ||
        (after && document.getElementById(after)) ||
        (target && target.querySelector("select"));
      if (focus) focus.focus();
    } catch (error) {
      form.submit();
    } finally {
      var now = document.getElementById("seating-live");
      if (now) now.removeAttribute("aria-busy");
      if (working) working.textContent = "";
      if (submitter) submitter.disabled = false;
    }
  }

  // Dragging a member is a shortcut for their own move form: dropped on a table it moves
  // them there, dropped on a member at another table it swaps the two.
  var dragged = null;

  function dropTarget(event) {
    var table = event.target.closest && event.target.closest(".seating-table");
    if (!dragged || !table || table.contains(dragged)) return null;
    var seat = event.target.closest(".seat");
    return seat ? "member:" + seat.getAttribute("data-member")
      : "table:" + table.getAttribute("data-table");
  }

  function clearDrop() {
    document.querySelectorAll(".drop-here").forEach(function (el) {
      el.classList.remove("drop-here");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var seat = event.target.closest && event.target.closest(".seat[draggable]");
    if (!seat) return;
    dragged = seat;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", seat.getAttribute("data-member"));
    seat.classList.add("dragging");
  });

  document.addEventListener("dragover", function (event) {
    if (!dropTarget(event)) return;
    event.preventDefault();
    clearDrop();
    (event.target.closest(".seat") || event.target.closest(".seating-table"))
      .classList.add("drop-here");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearDrop();
  });

  document.addEventListener("drop", function (event) {
    var target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    var form = dragged.querySelector("form[action$='/move/']");
    var select = form && form.querySelector("select[name=target]");
    clearDrop();
    if (!select) return;
    select.value = target;
    if (select.value !== target) return; // not offered here
    if (window.fetch && window.DOMParser) submitLive(form, null);
    else form.submit();
  });

  // A run under way: show how far it is every second; once it has finished, swap in the
  // page as it is now (the new seating, or the form with the reason it failed).
  var following = null;
  function followRun() {
    var section = document.querySelector("[data-run-url]");
    if (!section || !window.fetch) return;
    var url = section.getAttribute("data-run-url");
    if (following === url) return;
    following = url;
    var tick = async function () {
      var current = document.querySelector("[data-run-url]");
      if (!current) { following = null; return; }
      try {
        var response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        var data = response.ok ? await response.json() : null;
        if (data && data.finished) {
          following = null;
          await showFinished(current.getAttribute("data-done-text"));
          return;
        }
        if (data) {
          var bar = current.querySelector("progress");
          if (bar) { bar.value = data.percent; bar.textContent = data.percent + " %"; }
          var stage = current.querySelector('[data-run="stage"]');
          if (stage) stage.textContent = data.stage;
          var percent = current.querySelector('[data-run="percent"]');
          if (percent) percent.textContent = data.percent + " %";
        }
      } catch (error) {
        // The network failed for a moment: keep what is shown and ask again.
      }
      window.setTimeout(tick, 1000);
    };
    window.setTimeout(tick, 1000);
  }

  async function showFinished(doneText) {
    var response = await fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" });
    var doc = new DOMParser().parseFromString(await response.text(), "text/html");
    var fresh = doc.getElementById("seating-live");
    var live = document.getElementById("seating-live");
    if (!fresh || !live) { window.location.reload(); return; }
    live.replaceWith(fresh);
    replaceMessages(doc);
    // Said once in the status line (a failure says itself in the form's alert).
    var failed = document.getElementById("form-errors");
    var working = document.getElementById("seating-working");
    if (working && !failed) {
      working.textContent = doneText || "";
      window.setTimeout(function () { working.textContent = ""; }, 8000);
    }
    var focus = failed || document.getElementById("figures-heading") ||
      document.getElementById("generate-heading");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
    followRun();
  }

  followRun();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-live")) return;
    if (!window.fetch || !window.DOMParser) return;
    event.preventDefault();
    submitLive(form, event.submitter);
  });
})();
