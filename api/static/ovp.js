/* OVP pages. (1) The board: fetch the table (/ovp/bord) every 30 seconds and swap it in; the refresh waits
   while someone is typing in or has opened a quick form on the board, and while the tab is hidden, so
   nothing typed is lost. (2) A time field that defaults to "now" (data-nu, server time) is moved on to
   the current minute when its form opens, unless it was edited. Without JavaScript the pages work;
   reload to refresh. Served from /static (CSP script-src 'self'). */
(function () {
  "use strict";
  var INTERVAL = 30000;

  function twee(n) { return (n < 10 ? "0" : "") + n; }

  /* Server time in data-nu (local, "YYYY-MM-DDTHH:MM") plus the time since it was rendered: the browser's
     own clock and time zone never decide an instant that is recorded. */
  function nu(veld) {
    var d = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(veld.getAttribute("data-nu") || "");
    if (!d) { return null; }
    var t = new Date(Date.UTC(+d[1], d[2] - 1, +d[3], +d[4], +d[5]) + (Date.now() - (veld.geladen || Date.now())));
    return t.getUTCFullYear() + "-" + twee(t.getUTCMonth() + 1) + "-" + twee(t.getUTCDate()) + "T" +
      twee(t.getUTCHours()) + ":" + twee(t.getUTCMinutes());
  }

  function stempel(root) {
    root.querySelectorAll("input[data-nu]").forEach(function (veld) { veld.geladen = Date.now(); });
  }

  /* Renew untouched "now" fields of a form that is being opened (captured: works after a swap too). */
  function vernieuwTijden(event) {
    var details = event.target;
    if (!details.open || !details.querySelectorAll) { return; }
    details.querySelectorAll("input[data-nu]").forEach(function (veld) {
      var waarde = veld.value === veld.defaultValue ? nu(veld) : null;
      if (waarde) { veld.value = waarde; veld.defaultValue = waarde; }
    });
  }

  function bezig(bord) {
    return (bord.contains(document.activeElement) && document.activeElement !== bord) ||
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
        if (!bezig(bord)) { bord.innerHTML = html; stempel(bord); }
      })
      .catch(function () {
        var stempel = bord.querySelector(".bijgewerkt");
        if (stempel) { stempel.textContent = stempel.textContent.replace(/ \(.*\)$/, "") + " (verversen mislukt)"; }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    stempel(document);
    document.addEventListener("toggle", vernieuwTijden, true);
    var bord = document.getElementById("bord");
    if (!bord || !window.fetch) { return; }
    window.setInterval(function () { ververs(bord); }, INTERVAL);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { ververs(bord); } });
  });
})();
