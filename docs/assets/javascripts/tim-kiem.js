/*
 * The header search box of every page, on the site's own index (tim-kiem-loi.js). Loads nothing
 * until the box is focused; results as you type, grouped by page — each page shown as soon as
 * the query is done, its matching sections and their words marked as their rows load; "/" focuses the box, arrows move, Enter opens, Esc closes (ARIA combobox with
 * a listbox). Every text from the index is put in the page as text, never as HTML.
 */
(function () {
  "use strict";
  var search = window.khSearch;
  var header = document.querySelector(".md-header__inner");
  if (!search || !header || document.getElementById("kh-search")) return;
  var index = search.index("tim-kiem/");

  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var box = el("div", { "class": "kh-search", id: "kh-search" });
  var toggle = el("button", { type: "button", "class": "md-header__button kh-search__toggle", "aria-label": "Mở ô tìm kiếm",
                             "aria-expanded": "false", "aria-controls": "kh-search-panel" });
  toggle.innerHTML = ICON;  /* a constant, not data */
  var panel = el("div", { "class": "kh-search__panel", id: "kh-search-panel" });
  var form = el("form", { "class": "kh-search__form", role: "search", "aria-label": "Tìm trong kho kế hoạch" });
  var label = el("label", { "for": "kh-search-input", "class": "kh-search__label" }, "Tìm kiếm");
  var input = el("input", { type: "search", id: "kh-search-input", "class": "kh-search__input", autocomplete: "off",
                            spellcheck: "false", placeholder: "Tìm kiếm (gõ /)", role: "combobox",
                            "aria-expanded": "false", "aria-controls": "kh-search-results", "aria-autocomplete": "list",
                            "aria-describedby": "kh-search-status" });
  var status = el("p", { "class": "kh-search__status", id: "kh-search-status", "aria-live": "polite" });
  var list = el("ul", { "class": "kh-search__results", id: "kh-search-results", role: "listbox", "aria-label": "Kết quả tìm kiếm" });
  var more = el("button", { type: "button", "class": "kh-search__more", hidden: "" }, "Tìm tiếp trong các kế hoạch cũ hơn");
  form.appendChild(label);
  form.appendChild(input);
  panel.appendChild(form);
  var drop = el("div", { "class": "kh-search__drop", hidden: "" });
  drop.appendChild(status);
  drop.appendChild(list);
  drop.appendChild(more);
  panel.appendChild(drop);
  box.appendChild(toggle);
  box.appendChild(panel);
  var source = header.querySelector(".md-header__source");
  header.insertBefore(box, source);

  /* `rounds` × MAX_RANGES ranges are read: a query with few results is read on by itself
     (READ_ON_ROUNDS, as engine.py's read_on), then "Tìm tiếp" adds a round and ten pages. */
  var asked = 0, shown = [], active = -1, want = 10, rounds = 1;

  function open(on) {
    drop.hidden = !on;
    input.setAttribute("aria-expanded", on && shown.length ? "true" : "false");
  }

  function setActive(n) {
    if (active >= 0 && shown[active]) shown[active].setAttribute("aria-selected", "false");
    active = n;
    if (active >= 0 && shown[active]) {
      shown[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", shown[active].id);
      shown[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  var marked = search.marked;

  /* About 200 characters of `text` around its first matching word, cut at spaces. */
  function excerpt(text, terms) {
    var WORD = /[\p{L}\p{N}]+/gu, match, at = 0;
    while ((match = WORD.exec(text))) {
      if (search.isHit(terms, match[0])) { at = match.index; break; }
    }
    var start = Math.max(0, at - 60), end = Math.min(text.length, start + 200);
    if (start > 0) { var s = text.indexOf(" ", start); start = s === -1 || s > at ? start : s + 1; }
    if (end < text.length) { var e = text.lastIndexOf(" ", end); end = e > at ? e : end; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function href(url, query) {
    var hash = url.indexOf("#"), path = hash === -1 ? url : url.slice(0, hash), frag = hash === -1 ? "" : url.slice(hash);
    return search.siteRoot + path + "?h=" + encodeURIComponent(query) + frag;
  }

  /* `metas`: the groups' rows, null before they load; `readingOn`: more ranges are being read. */
  function render(query, results, metas, readingOn) {
    list.textContent = "";
    shown = [];
    function option(row, className, withWhere) {
      var item = el("li", { "class": className, role: "none" });
      var link = el("a", { href: href(row[0], query), "class": "kh-search__link", role: "option", tabindex: "-1",
                           id: "kh-search-opt-" + shown.length, "aria-selected": "false" });
      if (withWhere) marked(row[1], results.terms, link.appendChild(el("span", { "class": "kh-search__where" }, row[4] ? row[4] + " · " : "")));
      marked(row[3] ? row[2] + " — " + row[3] : row[2], results.terms, link.appendChild(el("span", { "class": "kh-search__title" })));
      if (row[5]) marked(excerpt(row[5], results.terms), results.terms, link.appendChild(el("span", { "class": "kh-search__text" })));
      item.appendChild(link);
      list.appendChild(item);
      shown.push(link);
    }
    results.groups.forEach(function (group, g) {
      /* Before the documents' rows load: the page its group is, as the index's range gives it. */
      var rows = metas ? metas[g] : [[group.row[0] || "", "", group.row[1] || "", "", group.row[2] || "", ""]];
      rows.forEach(function (row, i) { option(row, i ? "kh-search__section" : "kh-search__group", i === 0); });
    });
    var count = results.hits + (results.more ? "+" : "");
    status.textContent = readingOn
      ? (results.groups.length ? "Có " + count + " mục khớp, trong " + results.groups.length + " trang. " : "") + "Đang tìm thêm trong các kế hoạch cũ hơn…"
      : results.groups.length
      ? "Có " + count + " mục khớp, trong " + results.groups.length + (results.more ? "+" : "") + " trang. Mũi tên lên, xuống để chọn; Enter để mở."
      : "Không thấy kết quả cho “" + query + "”. Thử bỏ bớt từ hoặc gõ không dấu.";
    more.hidden = !results.more || readingOn;
    var was = active;
    active = -1;
    if (metas && was >= 0 && was < shown.length) setActive(was);  /* the rows filled in: stay on the choice */
    open(true);
    var done = metas && !readingOn;
    list.setAttribute(done ? "data-query" : "data-shown", query);
    document.dispatchEvent(new CustomEvent(done ? "kh-search-done" : "kh-search-shown", { detail: { query: query } }));
  }

  function run() {
    var query = input.value.trim(), mine = ++asked;
    if (!query) {
      list.textContent = "";
      shown = [];
      status.textContent = "Gõ từ cần tìm, có dấu hay không dấu đều được.";
      more.hidden = true;
      open(true);
      return;
    }
    if (rounds === 1) status.textContent = "Đang tìm…";
    index.search(query, { want: want, maxRanges: rounds * search.MAX_RANGES }).then(function (results) {
      var readOn = search.sparse(results, want) && rounds < search.READ_ON_ROUNDS;
      if (mine === asked) render(query, results, null, readOn);
      return Promise.all(results.groups.map(function (group) {
        return Promise.all(group.docs.map(function (doc) { return index.meta(doc); }));
      })).then(function (metas) {
        if (mine !== asked) return;
        render(query, results, metas, readOn);
        if (readOn) {
          rounds++;
          run();
        }
      });
    }).catch(function () {
      if (mine === asked) status.textContent = "Không tải được chỉ mục tìm kiếm. Tải lại trang rồi thử lại.";
    });
  }

  input.addEventListener("focus", function () {
    index.ready().catch(function () {});
    if (!input.value) status.textContent = "Gõ từ cần tìm, có dấu hay không dấu đều được.";
    open(true);
  });
  input.addEventListener("input", function () { want = 10; rounds = 1; run(); });
  more.addEventListener("click", function () { want += 10; rounds++; run(); input.focus(); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var target = shown[active >= 0 ? active : 0];
    if (target) target.click();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && shown.length) { ev.preventDefault(); setActive((active + 1) % shown.length); }
    else if (ev.key === "ArrowUp" && shown.length) { ev.preventDefault(); setActive(active <= 0 ? shown.length - 1 : active - 1); }
    else if (ev.key === "Escape") {
      ev.preventDefault();
      if (!drop.hidden && input.value) { input.value = ""; run(); }
      else { open(false); input.blur(); box.classList.remove("kh-search--open"); toggle.setAttribute("aria-expanded", "false"); }
    }
  });
  toggle.addEventListener("click", function () {
    var opened = box.classList.toggle("kh-search--open");
    toggle.setAttribute("aria-expanded", opened ? "true" : "false");
    if (opened) input.focus();
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      box.classList.add("kh-search--open");
      toggle.setAttribute("aria-expanded", "true");
      input.focus();
    }
  });
  document.addEventListener("click", function (ev) {
    if (!box.contains(ev.target)) open(false);
  });
})();
