// The scribe's keys: Alt+1..4 choose the section, Ctrl+Enter (or Cmd+Enter) saves.
// Without this script the form still works with Tab and the Save button.
(function () {
  "use strict";
  var form = document.querySelector("[data-scribe-form]");
  if (!form) { return; }
  var text = form.querySelector("textarea");
  var section = form.querySelector("select[name='section']");
  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && /^Digit[1-4]$/.test(event.code) && section) {
      var index = Number(event.code.slice(5)) - 1;
      if (index < section.options.length) {
        section.selectedIndex = index;
        section.dispatchEvent(new Event("change", { bubbles: true }));
        event.preventDefault();
        if (text) { text.focus(); }
      }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    }
  });
  if (text) {
    text.focus();
  }
})();
