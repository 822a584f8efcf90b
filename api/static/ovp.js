/* OVP board: fetch the board table (/ovp/bord) every 30 seconds and swap it in. The refresh waits while
   someone is typing in or has opened a quick form on the board, and while the tab is hidden, so nothing
   typed is lost. Without JavaScript the page works; reload it to refresh. Served from /static (CSP). */
(function () {
  "use strict";
  var INTERVAL = 30000;

  function bezig(bord) {
    return bord.contains(document.activeElement) && document.activeElement !== bord ||
      bord.querySelector("details[open]") !== null;
  }

  function ververs(bord) {
    if (document.hidden || bezig(bord)) { return; }
    fetch(bord.getAttribute("data-bron"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (antwoord) {
        if (antwoord.redirected || !antwoord.ok) { throw new Error("status " + antwoord.status); }
        return antwoord.text();
      })
      .then(function (html) {
        if (!bezig(bord)) { bord.innerHTML = html; }
      })
      .catch(function () {
        var stempel = bord.querySelector(".bijgewerkt");
        if (stempel) { stempel.textContent = stempel.textContent.replace(/ \(.*\)$/, "") + " (verversen mislukt)"; }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var bord = document.getElementById("bord");
    if (!bord || !window.fetch) { return; }
    window.setInterval(function () { ververs(bord); }, INTERVAL);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { ververs(bord); } });
  });
})();
