/* vmgraph.sphinxext: a "Show at full size" button on each diagram that is shrunk to fit the
   text column. Without JavaScript the diagram still fits, and "Open at full size" opens it. */
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

  function init() {
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
