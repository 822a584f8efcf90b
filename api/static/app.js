/* Small enhancements; every page works without them. Served from /static (CSP script-src 'self'). */
(function () {
  "use strict";
  if (window.wvggzApp) { return; }  /* loaded by the layout and by some pages: run once */
  window.wvggzApp = true;

  function tijd(seconden) {
    var teken = seconden < 0 ? "verlopen " : "nog ";
    var s = Math.abs(Math.round(seconden));
    var d = Math.floor(s / 86400), u = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d) { return teken + d + " d " + u + " u " + m + " min"; }
    if (u) { return teken + u + " u " + m + " min"; }
    return teken + m + " min";
  }

  /* Live countdown next to each open term: calendar time left, refreshed every 30 seconds. It counts
     from the server's time (data-nu), so a wrong clock on this computer does not change the figure. */
  var verschil = 0;
  function ijk() {
    var bron = document.querySelector("[data-nu]");
    var server = bron ? Date.parse(bron.getAttribute("data-nu")) : NaN;
    if (!isNaN(server)) { verschil = server - Date.now(); }
  }
  function aftellen() {
    var nu = Date.now() + verschil;
    document.querySelectorAll(".aftellen[data-eind]").forEach(function (el) {
      var eind = Date.parse(el.getAttribute("data-eind"));
      if (!isNaN(eind)) { el.textContent = "(" + tijd((eind - nu) / 1000) + ")"; }
    });
  }

  /* Opening an action form moves the keyboard focus to its first field. */
  function acties() {
    document.querySelectorAll("details.actie").forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (!d.open) { return; }
        var veld = d.querySelector("form input:not([type=hidden]), form select, form textarea");
        if (veld) { veld.focus(); }
      });
    });
  }

  /* Tables become stacked cards on narrow screens (app.css): each cell carries its column header as
     data-label, shown in front of the value. Re-applied when a page swaps in a fresh table (OVP board). */
  function kaarten(wortel) {
    wortel.querySelectorAll("table").forEach(function (tabel) {
      var koppen = Array.prototype.map.call(tabel.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!koppen.length) { return; }
      tabel.querySelectorAll("tbody tr").forEach(function (rij) {
        Array.prototype.forEach.call(rij.children, function (cel, i) {
          if (koppen[i] !== undefined && !cel.hasAttribute("data-label")) { cel.setAttribute("data-label", koppen[i]); }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector("main");
    if (main) {
      kaarten(main);
      new MutationObserver(function () { kaarten(main); }).observe(main, {childList: true, subtree: true});
    }
    ijk();
    aftellen();
    window.setInterval(aftellen, 30000);
    acties();
  });
})();
