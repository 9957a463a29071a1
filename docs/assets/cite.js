/* Citations and links to single items, for trainers: copy buttons, the page URL and the
   access date filled in where the page is read, "#" anchors that copy their own URL and, on a
   plan's items, open the item's citation (administrative, APA, BibTeX). */
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
    var closing = event.target.closest(".kh-item-cite-close");
    if (closing) {
      closeItemCite(closing.closest(".kh-item-cite"));
      return;
    }
    var anchor = event.target.closest("a.kh-anchor, a.headerlink");
    if (anchor) {
      var url = pageUrl() + anchor.getAttribute("href");
      copy(url).then(function () {
        var label = anchor.classList.contains("headerlink")
          ? anchor.parentElement.textContent.replace(/#\s*$/, "").trim()
          : anchor.dataset.item || (anchor.getAttribute("title") || url);
        announce("Đã sao chép liên kết: " + label);
      });
      if (anchor.dataset.item) toggleItemCite(anchor, url);
    }
  });

  document.addEventListener("keydown", function (event) {
    var open = event.key === "Escape" && event.target.closest && event.target.closest(".kh-item-cite");
    if (open) closeItemCite(open);
  });

  // --- Citing one item of a plan from its "#" ------------------------------------------------
  // The plan's cite box carries the plan's citations and the template of an item's BibTeX entry;
  // the item's words ("gạch đầu dòng thứ 2, mục IV.4") are on its "#". Text only, never markup:
  // every value comes from the sources.

  function citeBlock(panel, id, label, text, pre) {
    var head = document.createElement("p");
    head.className = "kh-cite-label";
    head.textContent = label + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kh-copy md-button";
    button.dataset.copy = id;
    button.textContent = "Sao chép";
    head.appendChild(button);
    var body = document.createElement(pre ? "pre" : "p");
    body.className = "kh-cite-text";
    body.id = id;
    body.textContent = text;
    panel.appendChild(head);
    panel.appendChild(body);
  }

  function toggleItemCite(anchor, url) {
    var box = document.querySelector(".kh-cite-box[data-cite-admin]");
    var item = anchor.closest(".kh-item");
    if (!box || !item) return;
    var id = anchor.getAttribute("href").slice(1);
    var existing = document.getElementById("trich-dan-muc-" + id);
    if (existing) {
      closeItemCite(existing);
      return;
    }
    var part = anchor.dataset.item;
    var panel = document.createElement("div");
    panel.className = "kh-item-cite";
    panel.id = "trich-dan-muc-" + id;
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Trích dẫn " + part);
    panel.dataset.anchor = id;
    var title = document.createElement("p");
    title.className = "kh-item-cite-title";
    title.textContent = "Trích dẫn " + part;
    panel.appendChild(title);
    citeBlock(panel, panel.id + "-hanh-chinh", "Kiểu hành chính",
      part + ", " + box.dataset.citeAdmin + "; truy cập ngày " + today() + " tại " + url);
    citeBlock(panel, panel.id + "-apa", "Kiểu APA", box.dataset.citeApa.replace(/\.$/, "") + ", " + part + ". " + url);
    citeBlock(panel, panel.id + "-bibtex", "BibTeX", box.dataset.citeBib
      .split("@@ANCHOR@@").join(id).split("@@PART@@").join(part).split("@@URL@@").join(pageUrl()), true);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "kh-item-cite-close md-button";
    close.textContent = "Đóng";
    panel.appendChild(close);
    // Inside a list item (a list holds only items), after a paragraph.
    if (item.tagName === "LI") item.appendChild(panel); else item.insertAdjacentElement("afterend", panel);
    anchor.setAttribute("aria-expanded", "true");
    anchor.setAttribute("aria-controls", panel.id);
  }

  function closeItemCite(panel) {
    var anchor = document.querySelector('a.kh-anchor[aria-controls="' + panel.id + '"]');
    panel.remove();
    if (anchor) {
      anchor.setAttribute("aria-expanded", "false");
      anchor.focus();
    }
  }

  // Material swaps page content without reloading (navigation.instant); fill on every page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { fill(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { fill(document); });
  }
})();
