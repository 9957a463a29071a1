/* The 404 page (overrides/404.html): its search box hands the words to the header search
   (tim-kiem.js), which shows the results; it starts with words guessed from the address that was
   not found ("/ke-hoach/hong-ngu-2021/" → "hong ngu 2021"). Without the header search (no
   script), the form goes to the duty finder. */
(function () {
  "use strict";
  var form = document.getElementById("kh-404-search");
  var input = document.getElementById("kh-404-q");
  if (!form || !input) return;

  function guess(path) {
    var parts = path.split("/").filter(function (part) {
      return part && !/^(index|404)\.html?$/.test(part);
    });
    var last = parts.length ? parts[parts.length - 1] : "";
    try { last = decodeURIComponent(last); } catch (error) { /* keep it as it is */ }
    return last.replace(/\.html?$/, "").replace(/[-_+.]+/g, " ").trim();
  }

  if (location.protocol !== "file:") input.value = guess(location.pathname);

  form.addEventListener("submit", function (event) {
    var box = document.getElementById("kh-search");
    var header = document.getElementById("kh-search-input");
    if (!box || !header) return;  // the finder, then
    event.preventDefault();
    box.classList.add("kh-search--open");
    var toggle = box.querySelector(".kh-search__toggle");
    if (toggle) toggle.setAttribute("aria-expanded", "true");
    header.value = input.value;
    header.focus();
    header.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
