/* Keyboard help (issue 13.10); every page works without it. Served from /static (CSP script-src 'self').
   1. After saving (the page shows a confirmation), focus goes to the next sensible control: the field or
      block the redirect points at (#notities: its text field), else the first step of "Wat kan nu", else
      the confirmation itself.
   2. On the werkvoorraad: j / k next / previous case, Enter opens it, o claims it ("Oppakken" or
      "Overnemen"), / jumps to the search field, ? opens the help page /hulp. */
(function () {
  "use strict";

  var BEDIENBAAR = "textarea, input:not([type=hidden]):not([disabled]), select, button:not([disabled]), summary, a[href]";

  function focusNaOpslaan() {
    var bevestiging = document.querySelector("main .bevestiging[role=status]");
    if (!bevestiging) { return; }
    var doel = null;
    if (location.hash.length > 1) {
      var blok = document.getElementById(location.hash.slice(1));
      var plek = blok && !blok.querySelector(BEDIENBAAR) && blok.closest("section") || blok;  /* a heading: its section */
      doel = blok && (blok.matches(BEDIENBAAR) ? blok : plek.querySelector(BEDIENBAAR));
    }
    if (!doel) {
      var kop = document.getElementById("kop-acties");
      var acties = kop && kop.closest("section");
      doel = acties && acties.querySelector("summary, button:not([disabled])");
    }
    if (!doel) { bevestiging.setAttribute("tabindex", "-1"); doel = bevestiging; }
    doel.focus();
  }

  function typt(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function werkvoorraad() {
    var tabel = document.querySelector("table.werkvoorraad");
    if (!tabel) { return; }
    var links = function () { return Array.prototype.slice.call(tabel.querySelectorAll("tbody tr td a[href^='/meldingen/']")); };
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || typt(document.activeElement)) { return; }
      var lijst = links();
      var rij = document.activeElement && document.activeElement.closest("tbody tr");
      var i = lijst.findIndex(function (a) { return a.closest("tr") === rij; });
      if (e.key === "j" || e.key === "k") {
        var volgende = e.key === "j" ? Math.min(i + 1, lijst.length - 1) : Math.max(i - 1, 0);
        if (lijst[volgende]) { lijst[volgende].focus(); e.preventDefault(); }
      } else if (e.key === "o" && rij) {
        var knop = rij.querySelector("form[action$='/claim'] button");
        if (knop) { knop.click(); e.preventDefault(); }
      } else if (e.key === "/") {
        var zoek = document.getElementById("zoek");
        if (zoek) { zoek.focus(); e.preventDefault(); }
      } else if (e.key === "?") {
        location.href = "/hulp#sneltoetsen";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", werkvoorraad);
  /* after the browser has scrolled to the #fragment, which would otherwise reset the focus */
  window.addEventListener("load", function () { window.setTimeout(focusNaOpslaan, 0); });
})();
