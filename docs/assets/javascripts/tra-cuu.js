/*
 * The duty finder (/tra-cuu/): the records' index (tra-cuu/chi-muc/, src/plankb/search/finder.py)
 * queried with the site's engine (tim-kiem-loi.js), the same query as plankb.search.engine in
 * Python; each filter is a facet of the index, so it reads only the records it keeps. Records
 * are listed with a link to their anchor in the plan. Text from the plans is inserted as text
 * nodes, never as HTML. Runs at once, the page loading the folding and the engine before it
 * (src/plankb/search/finder.py).
 */
(function () {
  "use strict";
  var PAGE = 20;
  var FACETS = ["cap", "nganh", "ke-hoach", "nam", "vai-tro", "loai"];
  var KINDS = { "nhiem-vu": "Nhiệm vụ", "chi-tieu": "Chỉ tiêu", "bao-cao": "Báo cáo" };

  function start() {
  var form = document.getElementById("kh-finder");
  var status = document.getElementById("kh-finder-status");
  var list = document.getElementById("kh-finder-results");
  var more = document.getElementById("kh-finder-more");
  if (!form || !status || !list) return;
  if (!window.khSearch || !window.viFold) {
    status.textContent = "Không tải được bộ tìm kiếm của trang.";
    return;
  }
  var index = window.khSearch.index("tra-cuu/chi-muc/");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* row: [kind, plan label, href from the site root, number, text, level, place, agencies] */
  function item(doc, row, terms) {
    var li = el("li", "kh-finder-hit");
    li.setAttribute("data-ref", String(doc));
    var head = el("p", "kh-finder-meta");
    head.appendChild(el("span", "kh-finder-kind kh-finder-kind-" + row[0], KINDS[row[0]]));
    head.appendChild(document.createTextNode(" "));
    var link = el("a", "kh-finder-link", row[1] + (row[3] ? ", mục " + row[3] : ""));
    link.href = window.khSearch.siteRoot + row[2];
    head.appendChild(link);
    head.appendChild(document.createTextNode(" · " + row[5] + " · " + row[6]));
    li.appendChild(head);
    var text = el("p", "kh-finder-text");
    window.khSearch.marked(row[4], terms, text);
    li.appendChild(text);
    if (row[7]) li.appendChild(el("p", "kh-finder-agencies", row[7]));
    return li;
  }

  var current = null, asked = 0;

  /* Records of the state `s`, the first `want` of them, listed from the first one not shown. */
  function show(s, want, mine) {
    var facets = FACETS.filter(function (k) { return s.filters[k]; }).map(function (k) { return k + "=" + s.filters[k]; });
    return index.search(s.query, { facets: facets, want: want, groupSize: 1 }).then(function (results) {
      var docs = results.groups.map(function (g) { return g.docs[0]; });
      var rows = new Array(docs.length), next = 0, cleared = false;
      /* The whole list again (more ranges read may put a record before those already shown),
         each record as soon as it and those before it have their row. */
      function flush() {
        if (mine !== asked) return;
        if (!cleared) { list.textContent = ""; cleared = true; }
        for (; next < docs.length && rows[next]; next++) list.appendChild(item(docs[next], rows[next], results.terms));
      }
      return Promise.all(docs.map(function (doc, i) {
        return index.meta(doc).then(function (row) { rows[i] = row; flush(); });
      })).then(function () {
        if (mine !== asked) return;
        flush();
        current.shown = docs.length;
        current.want = want;
        more.hidden = !results.more;
        if (!docs.length) status.textContent = "Không có kết quả.";
        else status.textContent = (results.more ? "Hơn " : "") + docs.length + " kết quả";
        list.setAttribute("data-state", JSON.stringify(s));
      });
    }).catch(function () {
      if (mine === asked) status.textContent = "Không tải được chỉ mục tra cứu. Tải lại trang rồi thử lại.";
    });
  }

  function showMore() {
    show(current.state, current.want + PAGE, asked);
  }

  function state() {
    var filters = {};
    FACETS.forEach(function (key) { filters[key] = form.elements[key].value; });
    return { query: form.elements["tu-khoa"].value, filters: filters };
  }

  var shownKey = null, mine = 0;

  function update() {
    var s = state();
    var key = JSON.stringify(s);
    if (key === shownKey) return;  /* e.g. "change" after "input": keep the list (and a link being clicked) */
    shownKey = key;
    list.textContent = "";
    current = { state: s, shown: 0, want: PAGE };
    syncUrl(s);
    mine = ++asked;
    if (!s.query.trim() && !FACETS.some(function (k) { return s.filters[k]; })) {
      /* Nothing asked: nothing loaded (the page's text says how many records there are). */
      status.textContent = "Gõ từ khóa hoặc chọn bộ lọc.";
      more.hidden = true;
      list.setAttribute("data-state", key);
      return;
    }
    status.textContent = "Đang tìm…";
    show(s, PAGE, mine);
  }

  function syncUrl(s) {
    var params = new URLSearchParams();
    if (s.query.trim()) params.set("tu-khoa", s.query.trim());
    FACETS.forEach(function (key) { if (s.filters[key]) params.set(key, s.filters[key]); });
    var search = params.toString();
    try {
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (err) { /* file:// may refuse; the page works without it */ }
  }

  var params = new URLSearchParams(location.search);
  if (params.get("tu-khoa")) form.elements["tu-khoa"].value = params.get("tu-khoa");
  FACETS.forEach(function (key) {
    var value = params.get(key);
    if (value) form.elements[key].value = value;
  });

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); update(); });
  more.addEventListener("click", showMore);

  window.khTraCuu = { index: index };
  update();
  }

  /* The finder page loads the engine before this script and has its form and list above it:
     the query (a shared link's) starts now, while the rest of the page loads, not at
     DOMContentLoaded. */
  if (document.readyState === "loading" && !(window.khSearch && document.getElementById("kh-finder-more"))) {
    document.addEventListener("DOMContentLoaded", start);
  } else start();
})();
