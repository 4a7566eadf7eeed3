// The invoice page: focusing a field highlights where it was read and scrolls the page image
// to it; clicking a box focuses its field; zoom; Ctrl+Enter approves, Ctrl+S saves.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  var pages = document.getElementById("pages");

  function boxesFor(target) {
    return document.querySelectorAll('rect.box[data-target="' + target + '"]');
  }

  function highlight(target) {
    document.querySelectorAll("rect.box.active").forEach(function (box) { box.classList.remove("active"); });
    document.querySelectorAll(".field.focused").forEach(function (f) { f.classList.remove("focused"); });
    var field = document.querySelector('.field[data-field="' + target + '"]');
    if (field) field.classList.add("focused");
    var boxes = boxesFor(target);
    boxes.forEach(function (box) { box.classList.add("active"); });
    if (boxes.length) boxes[0].scrollIntoView({ block: "center", inline: "nearest", behavior: "smooth" });
  }

  if (form) {
    form.addEventListener("focusin", function (event) {
      var target = event.target.dataset && event.target.dataset.target;
      if (target) highlight(target);
    });
  }

  if (pages) {
    pages.addEventListener("click", function (event) {
      var box = event.target.closest("rect.box");
      if (!box) return;
      var input = document.querySelector('[data-target="' + box.dataset.target + '"]:not(rect)');
      if (input) input.focus();
    });
    var zoom = 1;
    document.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.dataset.zoom, 10);
        zoom = step === 0 ? 1 : Math.min(3, Math.max(0.5, zoom + step * 0.25));
        pages.style.setProperty("--zoom", zoom);
      });
    });
  }

  // After a refused save, start where the first problem is.
  var invalid = document.querySelector(".field.invalid [data-target], td.invalid input");
  if (invalid) invalid.focus();

  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey)) return;
    var button = null;
    if (event.key === "Enter") button = document.getElementById("approve");
    if (event.key === "s" || event.key === "S") button = document.getElementById("save");
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // A document still being read: look again every few seconds, reload when it changes.
  var waiting = document.getElementById("waiting");
  if (waiting) {
    setInterval(function () {
      fetch(waiting.dataset.pollUrl, { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (doc) { if (doc.status !== waiting.dataset.status) window.location.reload(); })
        .catch(function () {});
    }, 3000);
  }
})();
