// The queue refreshes itself: files dropped into the inbox appear without a reload.
(function () {
  "use strict";
  var live = document.getElementById("queue-live");
  if (!live) return;
  var url = live.dataset.refreshUrl;
  var interval = parseInt(live.dataset.interval || "4000", 10);
  var last = null;

  function refresh() {
    if (document.hidden) return;
    fetch(url, { headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && html !== last) live.innerHTML = last = html;
      })
      .catch(function () { /* the server restarts; try again next time */ });
  }

  // A click anywhere on a row opens the document (links inside still work as links).
  live.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-href]");
    if (row && !event.target.closest("a") && !window.getSelection().toString()) {
      window.location.href = row.dataset.href;
    }
  });
  setInterval(refresh, interval);
})();
