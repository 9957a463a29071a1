/*
 * Vietnamese folding for lunr.js: the browser half of hooks/plankb/searchtext.py (keep in step;
 * tests/test_search.py checks the constants, tests/test_search_browser.py the behaviour).
 *
 * Loaded by the duty finder page, and appended by the build to Material's lunr.vi.min.js so the
 * site search worker has it too. Registers two lunr pipeline functions under the names lunr.py
 * uses, so an index built in Python loads here:
 *   "vi-fold"        index side: the term as written and, if different, its folded form
 *   "vi-fold-query"  query side: the folded term; a stop word stays as written
 */
(function (root) {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;
  /* Boost of the optional clause that asks for a query word with its accents as typed: large
     enough that exact spellings rank above folded matches, even folded matches in a title. */
  var EXACT_BOOST = 100000;
  var STOP_WORDS = ["là", "cái", "nhưng", "mà"];
  var stop = Object.create(null);
  STOP_WORDS.forEach(function (word) { stop[word] = true; });

  /* Words repeat: the site's vocabulary is a few thousand syllables, its text ~100,000 words;
     folding each word once halves the time the search worker takes to build its index. */
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
    return stop[String(term).replace(/\*+$/, "")] === true;
  }

  function foldQuery(term) {
    return isStopWord(term) ? String(term) : fold(term);
  }

  function install(lunr) {
    if (!lunr || lunr.Pipeline.registeredFunctions["vi-fold"]) return;
    var foldIndex = function (token) {
      var text = token.toString();
      var folded = fold(text);
      if (folded === text) return token;
      return [token, token.clone(function () { return folded; })];
    };
    var foldSearch = function (token) {
      return token.update(function (text) { return foldQuery(text); });
    };
    lunr.Pipeline.registerFunction(foldIndex, "vi-fold");
    lunr.Pipeline.registerFunction(foldSearch, "vi-fold-query");
  }

  root.viFold = {
    fold: fold,
    foldQuery: foldQuery,
    isStopWord: isStopWord,
    stopWords: STOP_WORDS,
    exactBoost: EXACT_BOOST,
    install: install
  };
  if (root.lunr) install(root.lunr);
})(typeof self !== "undefined" ? self : this);
