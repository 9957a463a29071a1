/*
 * Vietnamese folding: the browser half of src/plankb/search/searchtext.py (keep in step;
 * tests/test_search.py checks the constants, tests/test_search_browser.py the behaviour).
 * Used by the search engine (tim-kiem-loi.js), the header box, the duty finder and the
 * highlighter of opened results.
 */
(function (root) {
  "use strict";
  if (root.viFold) return;  /* loaded twice on a page (the finder's): the first one's words folded are kept */

  var MARKS = /[\u0300-\u036f]/g;
  var STOP_WORDS = ["là", "cái", "nhưng", "mà"];
  /* searchtext.SEPARATOR: punctuation separates words, except a dot inside a number. */
  var SEPARATOR = "[\\s\\u200b\\-‐‑–—,;:!?()\\[\\]{}\"“”'‘’«»…/\\\\#]+|\\.(?!\\d)";
  var stop = Object.create(null);
  STOP_WORDS.forEach(function (word) { stop[word] = true; });

  /* Words repeat (a few thousand syllables): each is folded once. */
  var ASCII = /^[\x00-\x7f]*$/;
  var folded = new Map();

  function fold(text) {
    text = String(text);
    if (ASCII.test(text)) return text;
    var hit = folded.get(text);
    if (hit !== undefined) return hit;
    var out = text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(MARKS, "").normalize("NFC");
    if (folded.size < 200000) folded.set(text, out);
    return out;
  }

  function isStopWord(term) {
    return stop[String(term)] === true;
  }

  root.viFold = {
    fold: fold,
    isStopWord: isStopWord,
    stopWords: STOP_WORDS,
    separator: new RegExp(SEPARATOR, "u"),
    separatorSource: SEPARATOR
  };
})(typeof self !== "undefined" ? self : this);
