/* Renders the workflow diagram: the Mermaid text in <pre class="mermaid"> (generated on the server from
   the transition table) becomes SVG with the vendored mermaid.js.

   The page keeps its strict CSP (style-src 'self'). Mermaid writes style attributes and a <style>
   element, which that policy refuses and reports (hundreds of console errors per diagram). So while
   Mermaid draws, style attributes are set through the CSSOM (el.style.cssText, which CSP allows), its
   <style> element becomes an inert element, and markup it parses carries data-stijl instead of style;
   the finished SVG is inserted the same way. Colours and fonts come from app.css. See
   docs/adr/0003-csp-mermaid.md. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  /* style="..." in markup becomes data-stijl="...", which no policy checks; <style> blocks go. */
  function zonderStijl(tekst) {
    return String(tekst).replace(/<style[\s\S]*?<\/style>/gi, "")
      .replace(/(<[^>]*?\s)style=("[^"]*"|'[^']*')/gi, "$1data-stijl=$2");
  }

  /* Mermaid marks class styles !important; without it app.css decides the colours. */
  function zonderVoorrang(waarde) { return String(waarde).replace(/\s*!important/gi, ""); }

  function metCssom(werk) {
    var zet = Element.prototype.setAttribute;
    var maak = Document.prototype.createElement;
    var maakNs = Document.prototype.createElementNS;
    var ontleed = DOMParser.prototype.parseFromString;
    Element.prototype.setAttribute = function (naam, waarde) {
      if (String(naam).toLowerCase() === "style") { this.style.cssText = zonderVoorrang(waarde); return; }
      return zet.call(this, naam, waarde);
    };
    Document.prototype.createElement = function (naam) {
      if (String(naam).toLowerCase() === "style") { return maak.call(this, "template"); }
      return maak.apply(this, arguments);
    };
    Document.prototype.createElementNS = function (ns, naam) {
      if (String(naam).toLowerCase() === "style") { return maakNs.call(this, SVG, "desc"); }
      return maakNs.apply(this, arguments);
    };
    DOMParser.prototype.parseFromString = function (tekst, soort) {
      return ontleed.call(this, zonderStijl(tekst), soort);
    };
    var herstel = function () {
      Element.prototype.setAttribute = zet;
      Document.prototype.createElement = maak;
      Document.prototype.createElementNS = maakNs;
      DOMParser.prototype.parseFromString = ontleed;
    };
    return werk().then(function (uit) { herstel(); return uit; }, function (fout) { herstel(); throw fout; });
  }

  /* Parse the SVG inertly (styles moved to data-stijl) and apply each style through the CSSOM. */
  function plaats(doel, svgTekst) {
    var doc = new DOMParser().parseFromString(zonderStijl(svgTekst), "image/svg+xml");
    var svg = doc.documentElement;
    if (!svg || svg.nodeName.toLowerCase() !== "svg") { throw new Error("geen svg"); }
    var nieuw = document.importNode(svg, true);
    nieuw.querySelectorAll("template, desc:empty").forEach(function (el) { el.remove(); });
    doel.textContent = "";
    doel.appendChild(nieuw);
    [nieuw].concat(Array.prototype.slice.call(nieuw.querySelectorAll("[data-stijl]"))).forEach(function (el) {
      if (!el.hasAttribute("data-stijl")) { return; }
      el.style.cssText = zonderVoorrang(el.getAttribute("data-stijl"));
      el.removeAttribute("data-stijl");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var blokken = document.querySelectorAll("pre.mermaid");
    if (!blokken.length || !window.mermaid) { return; }
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      fontFamily: "system-ui, sans-serif",
      themeVariables: { fontSize: "16px", fontFamily: "system-ui, sans-serif" },
      htmlLabels: false,
      state: { htmlLabels: false },
      flowchart: { htmlLabels: false }
    });
    blokken.forEach(function (blok, i) {
      var tekst = blok.textContent;
      metCssom(function () { return window.mermaid.render("werkstroom-svg-" + i, tekst); })
        .then(function (uit) { plaats(blok, uit.svg); blok.classList.add("getekend"); })
        .catch(function () { blok.classList.add("niet-getekend"); });
    });
  });
})();
