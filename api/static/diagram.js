/* Renders the workflow diagram: the Mermaid text in <pre class="mermaid"> (generated on the server from
   the transition table) becomes SVG with the vendored mermaid.js. Styling comes from app.css, because
   the strict CSP (style-src 'self') blocks the <style> element Mermaid puts inside its SVG. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var blokken = document.querySelectorAll("pre.mermaid");
    if (!blokken.length || !window.mermaid) { return; }
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      fontFamily: "system-ui, sans-serif",
      htmlLabels: false,
      state: { htmlLabels: false },
      flowchart: { htmlLabels: false }
    });
    window.mermaid.run({ nodes: blokken }).then(function () {
      blokken.forEach(function (b) { b.classList.add("getekend"); });
    }).catch(function () {
      blokken.forEach(function (b) { b.classList.add("niet-getekend"); });
    });
  });
})();
