/* On paper, every folded list (details.kh-more: where a term is used, who reports) is unfolded:
   a printout has nothing to click. Chromium prints them open from site.css (::details-content);
   this opens them in browsers without it, and folds them again once printed. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.kh-more:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
