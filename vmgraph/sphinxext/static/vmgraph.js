/* vmgraph.sphinxext: a "Show at full size" button on each diagram that is shrunk to fit the
   text column (without JavaScript the diagram still fits, and "Open at full size" opens it),
   and the identifiers in vmgraph's tables allowed to break after an underscore, so that a
   table of names like SHELVED_OFFLOADED fits the column (without JavaScript it scrolls). */
(function () {
  "use strict";

  function naturalWidth(image) {
    return parseFloat(image.style.getPropertyValue("--vmgraph-width")) || 0;
  }

  function update(diagram) {
    const image = diagram.querySelector("svg.vmgraph-svg, img.vmgraph-img");
    const button = diagram.querySelector("button.vmgraph-zoom");
    if (!image || !button) {
      return;
    }
    const full = diagram.classList.contains("vmgraph-full");
    const shrunk = naturalWidth(image) > image.parentElement.clientWidth + 1;
    button.hidden = !(shrunk || full);
    button.textContent = full ? button.dataset.fit : button.dataset.full;
  }

  /* Put a <wbr> after each underscore inside a word of the text nodes under *cell*: the text,
     what a search finds and what a copy gives stay the same. */
  function breakIdentifiers(cell) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
      texts.push(walker.currentNode);
    }
    texts.forEach(function (text) {
      const parts = text.data.split(/(?<=[A-Za-z0-9]_+)(?=[A-Za-z0-9])/);
      if (parts.length < 2) {
        return;
      }
      const pieces = document.createDocumentFragment();
      parts.forEach(function (part, index) {
        if (index > 0) {
          pieces.appendChild(document.createElement("wbr"));
        }
        pieces.appendChild(document.createTextNode(part));
      });
      text.parentNode.replaceChild(pieces, text);
    });
  }

  function init() {
    document.querySelectorAll("table.vmgraph-table td, table.vmgraph-table th").forEach(breakIdentifiers);
    const diagrams = document.querySelectorAll("div.vmgraph-diagram");
    diagrams.forEach(function (diagram) {
      const button = diagram.querySelector("button.vmgraph-zoom");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        diagram.classList.toggle("vmgraph-full");
        update(diagram);
      });
      update(diagram);
    });
    window.addEventListener("resize", function () {
      diagrams.forEach(update);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
