/*
 * Vietnamese folding for lunr.js: the browser half of src/plankb/search/searchtext.py (keep in step;
 * tests/test_search.py checks the constants, tests/test_search_browser.py the behaviour).
 *
 * Loaded by every page (the duty finder, the highlighter of opened results), and appended by
 * the build to Material's lunr.vi.min.js so the site search worker has it too. Registers two
 * lunr pipeline functions under the names lunr.py uses, so an index built in Python loads here:
 *   "vi-fold"        index side: the word folded (lunr keeps its position: highlights show the
 *                    text as written)
 *   "vi-fold-query"  query side: the word folded; a stop word stays as written
 * and exactCount(), the rank tier that puts exact spellings of accented query words first.
 */
(function (root) {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;
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

  /* How many accented query words a text has as typed ("mại", not only "mai" or "mãi"): results
     are ranked by this first. `terms`: [[word, isPrefix], …] lower case; `words`: the text's
     words, lower case. Words typed without accents do not count: every spelling is as good.
     Same as searchtext.exact_count in Python. */
  function exactCount(terms, words) {
    var count = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i][0], prefix = terms[i][1];
      if (fold(term) === term) continue;
      for (var j = 0; j < words.length; j++)
        if (prefix ? words[j].indexOf(term) === 0 : words[j] === term) { count++; break; }
    }
    return count;
  }

  function install(lunr) {
    if (!lunr || lunr.Pipeline.registeredFunctions["vi-fold"]) return;
    var foldIndex = function (token) {
      return token.update(function (text) { return fold(text); });
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
    exactCount: exactCount,
    install: install
  };
  if (root.lunr) install(root.lunr);
})(typeof self !== "undefined" ? self : this);
