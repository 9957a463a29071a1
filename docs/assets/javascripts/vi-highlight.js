/*
 * After a search result is opened (?h=… in the URL, Material's search.highlight feature), also
 * highlight the words that match only when folded: "mai dam" marks "mại dâm" on the page.
 * Material's own highlighter compares letters exactly (and as a prefix); this adds the words
 * that match only when folded, whole words only, and leaves Material's matches to Material.
 * Needs vi-fold.js.
 */
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("h");
  var article = document.querySelector("article.md-content__inner");
  if (!query || !window.viFold || !article) return;

  /* folded word → true when typed without marks (then every spelling matches), false when typed
     with marks (then only the same spelling — Material's — or a word written without marks). */
  var wanted = Object.create(null), typed = [];
  query.split(/\s+/).forEach(function (term) {
    term = term.toLowerCase();
    if (!term || viFold.isStopWord(term)) return;
    var folded = viFold.fold(term);
    wanted[folded] = wanted[folded] === true || folded === term;
    typed.push(term);
  });
  /* Words Material marks itself: the query as typed, as a prefix. */
  function materialMarks(word) {
    return typed.some(function (term) { return word.indexOf(term) === 0; });
  }
  var WORD = /[\p{L}\p{N}]+/gu;
  var SKIP = { SCRIPT: 1, STYLE: 1, MARK: 1, CODE: 1, PRE: 1, TEXTAREA: 1 };

  var nodes = [];
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      for (var el = node.parentElement; el && el !== article; el = el.parentElement)
        if (SKIP[el.tagName] || el.classList.contains("headerlink")) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);

  nodes.forEach(function (node) {
    var text = node.textContent, last = 0, parts = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      var word = match[0].toLowerCase(), folded = viFold.fold(word);
      if (!(folded in wanted) || materialMarks(word)) continue;
      if (!wanted[folded] && folded !== word) continue;  /* "mại" wanted: not "mãi", but the typo "mai" */
      if (match.index > last) parts.push(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.setAttribute("data-vi-fold", "");
      mark.textContent = match[0];
      parts.push(mark);
      last = match.index + match[0].length;
    }
    if (!parts.length) return;
    if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
    node.replaceWith.apply(node, parts);
  });
})();
