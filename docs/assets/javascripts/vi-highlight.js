/*
 * After a search result is opened (?h=… in its URL, set by the header search), mark on the page
 * the words the query matched, as the search matched them: folded ("mai dam" marks "mại dâm"),
 * the last word as a prefix. The browser has already scrolled to the section or item (#…).
 * Needs vi-fold.js and tim-kiem-loi.js (the query's words, parsed as the search parses them).
 */
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("h");
  var article = document.querySelector("article.md-content__inner");
  if (!query || !window.viFold || !window.khSearch || !article) return;
  var terms = window.khSearch.parse(query, window.viFold.separator);
  if (!terms.length) return;

  var WORD = /[\p{L}\p{N}]+/gu;
  var SKIP = { SCRIPT: 1, STYLE: 1, MARK: 1, TEXTAREA: 1 };

  var nodes = [];
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      for (var el = node.parentElement; el && el !== article; el = el.parentElement)
        if (SKIP[el.tagName] || el.classList.contains("headerlink") || el.classList.contains("kh-anchor"))
          return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);

  nodes.forEach(function (node) {
    var text = node.textContent, last = 0, parts = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      if (!window.khSearch.isHit(terms, match[0])) continue;
      if (match.index > last) parts.push(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.className = "kh-hit";
      mark.textContent = match[0];
      parts.push(mark);
      last = match.index + match[0].length;
    }
    if (!parts.length) return;
    if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
    node.replaceWith.apply(node, parts);
  });
  if (location.hash) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.classList.add("kh-search-target");
  }
})();
