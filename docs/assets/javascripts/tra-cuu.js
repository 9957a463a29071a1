/*
 * The duty finder (/tra-cuu/). Loads the lunr index built by src/plankb/search/finder.py (chi-muc.js)
 * instead of building one, runs the same query as finder.search() in Python, filters by facets
 * and lists records with a link to their anchor in the plan. Text from the plans is inserted as
 * text nodes, never as HTML.
 */
(function () {
  "use strict";

  var data = window.KH_TRA_CUU;
  var form = document.getElementById("kh-finder");
  var status = document.getElementById("kh-finder-status");
  var list = document.getElementById("kh-finder-results");
  var more = document.getElementById("kh-finder-more");
  if (!form || !status || !list) return;
  if (!data || !window.lunr || !window.viFold) {
    status.textContent = "Không tải được chỉ mục tra cứu.";
    return;
  }

  var lunr = window.lunr, viFold = window.viFold;
  var PAGE = 50;
  var FACETS = ["cap", "nganh", "ke-hoach", "nam", "vai-tro", "loai"];

  viFold.install(lunr);
  var started = performance.now();
  var index = lunr.Index.load(data.index);
  var loadMs = performance.now() - started;
  var separator = new RegExp(data.separator);
  var splitter = new RegExp("(" + data.separator + ")");

  var records = data.records.map(function (r, ref) {
    var plan = data.plans[r[1]];
    var years = [];
    for (var y = plan.years[0]; y <= plan.years[1]; y++) years.push(String(y));
    var sectors = [];
    r[5].forEach(function (a) {
      var sector = data.agencies[a][1];
      if (sectors.indexOf(sector) < 0) sectors.push(sector);
    });
    return {
      ref: ref, kind: r[0], plan: plan, anchor: r[2], number: r[3], text: r[4],
      agencies: r[5], others: r[6], roles: r[7],
      facets: {
        "cap": [plan.level], "nganh": sectors, "ke-hoach": [plan.id], "nam": years,
        "vai-tro": r[7], "loai": [r[0]]
      }
    };
  });

  /* Same steps as searchtext.tokens / query_terms in Python. */
  function tokens(text) {
    return String(text).normalize("NFC").toLowerCase().split(separator)
      .filter(function (t) { return t.length > 0; });
  }

  function queryTerms(query) {
    var seen = Object.create(null), out = [];
    tokens(query).forEach(function (t) {
      if (!viFold.isStopWord(t) && !seen[t]) { seen[t] = true; out.push(t); }
    });
    return out;
  }

  function rank(score) {
    return Math.floor(score * 1e6 + 0.5);
  }

  /* A record's words as written (text and agency labels), as finder.entries in Python. */
  var words = new Map();
  function wordsOf(ref) {
    var found = words.get(ref);
    if (!found) {
      var r = records[ref];
      found = tokens([r.text].concat(r.agencies.concat(r.others).map(function (a) {
        return data.agencies[a][0];
      })).join(" "));
      words.set(ref, found);
    }
    return found;
  }

  /* Same as finder.search in Python: every word required (folded; the last one as a prefix);
     first the records with more accented words spelled as typed, then lunr's score; then the
     facet filters. */
  function search(query, filters) {
    var terms = queryTerms(query), refs;
    if (terms.length) {
      var W = lunr.Query.wildcard, P = lunr.Query.presence;
      var typed = terms.map(function (term, n) { return [term, n === terms.length - 1]; });
      var hits = index.query(function (q) {
        terms.forEach(function (term, n) {
          var wildcard = n === terms.length - 1 ? W.TRAILING : W.NONE;  /* the word being typed */
          q.term(term, { usePipeline: true, wildcard: wildcard, presence: P.REQUIRED });
        });
      });
      hits.forEach(function (h) { h.exact = viFold.exactCount(typed, wordsOf(Number(h.ref))); });
      hits.sort(function (a, b) {
        return (b.exact - a.exact) || (rank(b.score) - rank(a.score)) || (Number(a.ref) - Number(b.ref));
      });
      refs = hits.map(function (h) { return Number(h.ref); });
    } else if (String(query).trim()) {
      refs = [];  /* only stop words or punctuation: nothing to look for */
    } else {
      refs = records.map(function (r) { return r.ref; });
    }
    filters = filters || {};
    return refs.filter(function (ref) {
      return FACETS.every(function (key) {
        return !filters[key] || records[ref].facets[key].indexOf(filters[key]) >= 0;
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function highlighted(text, terms) {
    var folded = terms.map(function (t) { return viFold.fold(t); });
    var out = document.createDocumentFragment();
    text.split(splitter).forEach(function (part, i) {
      if (!part) return;
      var word = viFold.fold(part.toLowerCase());
      var hit = i % 2 === 0 && folded.some(function (t) { return word.indexOf(t) === 0; });
      out.appendChild(hit ? el("mark", null, part) : document.createTextNode(part));
    });
    return out;
  }

  function agencyNames(ids) {
    return ids.map(function (a) { return data.agencies[a][0]; }).join(", ");
  }

  function item(record, terms) {
    var li = el("li", "kh-finder-hit");
    li.setAttribute("data-ref", String(record.ref));
    var head = el("p", "kh-finder-meta");
    head.appendChild(el("span", "kh-finder-kind kh-finder-kind-" + record.kind, data.kinds[record.kind]));
    head.appendChild(document.createTextNode(" "));
    var link = el("a", "kh-finder-link",
      record.plan.label + (record.number ? ", mục " + record.number : ""));
    link.href = record.plan.href + "#" + record.anchor;
    head.appendChild(link);
    head.appendChild(document.createTextNode(" · " + data.levels[record.plan.level] + " · " + record.plan.place));
    li.appendChild(head);
    var text = el("p", "kh-finder-text");
    text.appendChild(highlighted(record.text, terms));
    li.appendChild(text);
    if (record.agencies.length || record.others.length) {
      var who = el("p", "kh-finder-agencies");
      var main = agencyNames(record.agencies);
      var roles = record.roles.map(function (r) { return data.roles[r]; }).join(", ");
      if (record.kind === "bao-cao") {
        who.textContent = (main ? main + " báo cáo" : "Báo cáo") +
          (record.others.length ? " → " + agencyNames(record.others) : "");
      } else {
        who.textContent = (main ? main + (roles ? " (" + roles + ")" : "") : "") +
          (record.others.length ? (main ? " · " : "") + "phối hợp: " + agencyNames(record.others) : "");
      }
      li.appendChild(who);
    }
    return li;
  }

  var current = { refs: [], terms: [], shown: 0 };

  function showMore() {
    var end = Math.min(current.refs.length, current.shown + PAGE);
    var fragment = document.createDocumentFragment();
    for (var i = current.shown; i < end; i++)
      fragment.appendChild(item(records[current.refs[i]], current.terms));
    list.appendChild(fragment);
    current.shown = end;
    more.hidden = current.shown >= current.refs.length;
  }

  function state() {
    var filters = {};
    FACETS.forEach(function (key) { filters[key] = form.elements[key].value; });
    return { query: form.elements["tu-khoa"].value, filters: filters };
  }

  var shownKey = null;

  function update() {
    var s = state();
    var key = JSON.stringify(s);
    if (key === shownKey) return;  /* e.g. "change" after "input": keep the list (and a link being clicked) */
    shownKey = key;
    var active = s.query.trim() || FACETS.some(function (k) { return s.filters[k]; });
    list.textContent = "";
    current = { refs: active ? search(s.query, s.filters) : [], terms: queryTerms(s.query), shown: 0 };
    if (!active) {
      status.textContent = "Chỉ mục có " + records.length + " mục. Gõ từ khóa hoặc chọn bộ lọc.";
    } else {
      status.textContent = current.refs.length ? current.refs.length + " kết quả" : "Không có kết quả.";
    }
    showMore();
    syncUrl(s);
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
  /* Not "q": Material opens its own search box for ?q= on any page. */
  if (params.get("tu-khoa")) form.elements["tu-khoa"].value = params.get("tu-khoa");
  FACETS.forEach(function (key) {
    var value = params.get(key);
    if (value) form.elements[key].value = value;
  });

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); update(); });
  more.addEventListener("click", showMore);

  window.khTraCuu = { search: search, queryTerms: queryTerms, loadMs: loadMs, size: records.length };
  update();
})();
