/* Citations and links to single items, for trainers: copy buttons, the page URL and the
   access date filled in where the page is read, "#" anchors that copy their own URL. */
(function () {
  "use strict";

  function pageUrl() {
    return location.href.split("#")[0];
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // file:// and plain http are not secure contexts: fall back to a hidden text area.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function announce(message) {
    var note = document.querySelector(".kh-toast");
    if (!note) {
      note = document.createElement("div");
      note.className = "kh-toast";
      note.setAttribute("role", "status");
      document.body.appendChild(note);
    }
    note.textContent = message;
    note.classList.add("kh-toast--on");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { note.classList.remove("kh-toast--on"); }, 2500);
  }

  function fill(root) {
    root.querySelectorAll(".kh-cite-url").forEach(function (slot) {
      if (!slot.dataset.siteUrl) slot.textContent = pageUrl();
    });
    root.querySelectorAll(".kh-cite-date").forEach(function (slot) { slot.textContent = today(); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".kh-copy");
    if (button) {
      var block = document.getElementById(button.dataset.copy);
      copy(block.innerText.trim()).then(function () { announce("Đã sao chép"); });
      return;
    }
    var anchor = event.target.closest("a.kh-anchor, a.headerlink");
    if (anchor) {
      var url = pageUrl() + anchor.getAttribute("href");
      copy(url).then(function () {
        var label = anchor.classList.contains("headerlink")
          ? anchor.parentElement.textContent.replace(/#\s*$/, "").trim()
          : (anchor.getAttribute("title") || url).replace("Sao chép liên kết tới ", "");
        announce("Đã sao chép liên kết: " + label);
      });
    }
  });

  // Material swaps page content without reloading (navigation.instant); fill on every page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { fill(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { fill(document); });
  }
})();
