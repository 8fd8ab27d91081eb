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
        document.getElementById("file-errors") ||
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
  // them there, dropped on a member at another table it swaps the two. A mouse drags the
  // whole card (the browser's drag and drop); a finger or pen drags it by its handle
  // (pointer events, since touch screens do not all give drag events).
  var dragged = null;

  function dropTarget(element) {
    var table = element && element.closest && element.closest(".seating-table");
    if (!dragged || !table || table.contains(dragged)) return null;
    var seat = element.closest(".seat");
    return seat ? "member:" + seat.getAttribute("data-member")
      : "table:" + table.getAttribute("data-table");
  }

  function clearDrop() {
    document.querySelectorAll(".drop-here").forEach(function (el) {
      el.classList.remove("drop-here");
    });
  }

  function markDrop(element) {
    clearDrop();
    if (dropTarget(element)) {
      (element.closest(".seat") || element.closest(".seating-table")).classList.add("drop-here");
    }
  }

  function startDrag(seat) {
    dragged = seat;
    seat.classList.add("dragging");
  }

  function endDrag() {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearDrop();
  }

  function dropOn(element) {
    var target = dropTarget(element);
    if (!target) return false;
    var form = dragged.querySelector("form[action$='/move/']");
    var select = form && form.querySelector("select[name=target]");
    clearDrop();
    if (!select) return true;
    select.value = target;
    if (select.value !== target) return true; // not offered here
    if (window.fetch && window.DOMParser) submitLive(form, null);
    else form.submit();
    return true;
  }

  document.addEventListener("dragstart", function (event) {
    var seat = event.target.closest && event.target.closest(".seat[draggable]");
    if (!seat) return;
    startDrag(seat);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", seat.getAttribute("data-member"));
  });

  document.addEventListener("dragover", function (event) {
    if (!dropTarget(event.target)) return;
    event.preventDefault();
    markDrop(event.target);
  });

  document.addEventListener("dragend", endDrag);

  document.addEventListener("drop", function (event) {
    if (dropTarget(event.target)) {
      event.preventDefault();
      dropOn(event.target);
    }
  });

  // Touch and pen: the handle follows the finger; near the window's top or bottom edge the
  // page scrolls, so a table out of sight can be reached.
  var touching = null;
  var EDGE = 60;

  function under(event) {
    return document.elementFromPoint(event.clientX, event.clientY);
  }

  document.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "mouse") return;
    var handle = event.target.closest && event.target.closest(".drag-handle");
    var seat = handle && handle.closest(".seat[draggable]");
    if (!seat) return;
    event.preventDefault();
    touching = event.pointerId;
    try {
      handle.setPointerCapture(event.pointerId);
    } catch (error) {
      // No capture (an old browser): the moves still reach the document.
    }
    startDrag(seat);
  });

  document.addEventListener("pointermove", function (event) {
    if (event.pointerId !== touching) return;
    event.preventDefault();
    // What is under the finger now, before the page scrolls away under it.
    markDrop(under(event));
    if (event.clientY < EDGE) window.scrollBy(0, -20);
    else if (event.clientY > window.innerHeight - EDGE) window.scrollBy(0, 20);
  });

  document.addEventListener("pointerup", function (event) {
    if (event.pointerId !== touching) return;
    touching = null;
    dropOn(under(event));
    endDrag();
  });

  document.addEventListener("pointercancel", function (event) {
    if (event.pointerId !== touching) return;
    touching = null;
    endDrag();
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

  // A large board's move controls come without the members to swap with (a browser takes
  // seconds to lay out n * n options); they are added from the board when a control is used.
  function addSwaps(select) {
    var own = select.closest(".seating-table");
    select.removeAttribute("data-swaps");
    document.querySelectorAll(".seating-table[data-swap-label]").forEach(function (table) {
      var seats = table.querySelectorAll(".seat[data-member]");
      if (table === own || !seats.length) return;
      var group = document.createElement("optgroup");
      group.label = table.getAttribute("data-swap-label");
      seats.forEach(function (seat) {
        var name = seat.querySelector(".seat-name strong");
        group.appendChild(new Option(name ? name.textContent : "", "member:" + seat.getAttribute("data-member")));
      });
      select.appendChild(group);
    });
  }

  ["focusin", "pointerdown"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      var select = event.target;
      if (select instanceof HTMLSelectElement && select.getAttribute("data-swaps") === "lazy") {
        addSwaps(select);
      }
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-live")) return;
    if (!window.fetch || !window.DOMParser) return;
    event.preventDefault();
    submitLive(form, event.submitter);
  });
})();
