// The draft's edit form: add a recommendation without a reload, and move one up or down
// (the position fields are updated, so the form posts the same without this script).
(function () {
  "use strict";
  var list = document.querySelector("[data-recommendation-forms]");
  var template = document.querySelector("template[data-empty-recommendation]");
  var total = document.querySelector("input[name='rec-TOTAL_FORMS']");
  if (!list || !template || !total) { return; }
  var labels = list.dataset;

  function renumber() {
    var position = 1;
    list.querySelectorAll("[data-recommendation-form]").forEach(function (item) {
      var order = item.querySelector("input[name$='-ORDER']");
      if (order) { order.value = position; }
      position += 1;
    });
  }

  function addMoves(item) {
    var controls = item.querySelector(".recommendation-controls");
    if (!controls || controls.querySelector(".recommendation-moves")) { return; }
    var moves = document.createElement("div");
    moves.className = "recommendation-moves";
    [["up", labels.up || "Move up"], ["down", labels.down || "Move down"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-small";
      button.textContent = pair[1];
      button.addEventListener("click", function () {
        var sibling = pair[0] === "up" ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) { return; }
        if (pair[0] === "up") { list.insertBefore(item, sibling); } else { list.insertBefore(sibling, item); }
        renumber();
        button.focus();
      });
      moves.appendChild(button);
    });
    controls.appendChild(moves);
  }

  list.querySelectorAll("[data-recommendation-form]").forEach(addMoves);

  var add = document.createElement("button");
  add.type = "button";
  add.textContent = labels.add || "Add a recommendation";
  add.addEventListener("click", function () {
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var item = list.lastElementChild;
    addMoves(item);
    renumber();
    var title = item.querySelector("input[name$='-title']");
    if (title) { title.focus(); }
  });
  list.insertAdjacentElement("afterend", add);
})();
