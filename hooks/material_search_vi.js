/*
 * Vietnamese folding inside Material's search worker. hooks/material_theme.py appends this file,
 * after docs/assets/javascripts/vi-fold.js, to Material's assets/javascripts/lunr/min/lunr.vi.min.js.
 *
 * Why here: the worker builds its lunr index in the browser from search_index.json and offers no
 * way to add scripts, but for `lang: vi` it imports lunr.vi.min.js and calls `this.use(lunr.vi)`
 * (Material 9.8.1, src/.../search/worker/main and search/_/index.ts). Wrapping lunr.vi is the one
 * documented extension point (a language plugin) that runs on both sides of the search:
 *
 * - index side: lunr.vi's pipeline (stop words, accented) gets "vi-fold": every word is indexed
 *   folded. The token keeps its position, so Material highlights the text as written.
 * - query side: Material appends "*" to every query word, and lunr skips the search pipeline for
 *   wildcard terms, so lunr.Index#query is wrapped: every clause goes through our search pipeline
 *   ("vi-fold-query", which only folds and keeps "*"). Only the last word stays a prefix (it is
 *   the one being typed): Vietnamese words are single syllables without inflection, and a folded
 *   prefix explodes ("ma*" would match mại, mạnh, mặt, máy…).
 * - ranking: results that contain the accented query words as typed come first (viFold.
 *   exactCount over the document's own text, kept when the index is built), then lunr's score.
 * - results: a word typed with accents that matched through folding ("mại" in a text that says
 *   "mai") is not shown as missing.
 *
 * The alternative — folding search_index.json after the build — cannot fold the query (the worker
 * never sees our code) nor highlight the original text, so it was not chosen.
 */
(function (lunr, viFold) {
  "use strict";
  if (!lunr || !lunr.vi || !viFold || lunr.vi.viFolding) return;
  viFold.install(lunr);

  var language = lunr.vi;
  var vi = function () {
    language.call(this);
    this.pipeline.add(lunr.Pipeline.registeredFunctions["vi-fold"]);
    if (this.searchPipeline) {
      this.searchPipeline.reset();
      this.searchPipeline.add(lunr.Pipeline.registeredFunctions["vi-fold-query"]);
    }
  };
  for (var key in language)
    if (Object.prototype.hasOwnProperty.call(language, key)) vi[key] = language[key];
  vi.viFolding = true;
  lunr.vi = vi;

  /* Keep each document (the index only has folded words) to find the exact spellings. */
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    (this.viDocs || (this.viDocs = new Map())).set(String(doc[this._ref]), doc);
    return add.call(this, doc, attributes);
  };
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    var index = build.call(this);
    index.viDocs = this.viDocs || new Map();
    index.viWords = new Map();
    return index;
  };

  var TIER = 1e7;  // above any lunr score, even times Material's own boosts (at most 5)
  var PROHIBITED = lunr.Query.presence.PROHIBITED;
  var query = lunr.Index.prototype.query;

  lunr.Index.prototype.query = function (fn) {
    var typed = [];
    var results = query.call(this, function (q) {
      fn.call(q, q);
      for (var i = 0; i < q.clauses.length; i++) {
        var clause = q.clauses[i];
        var last = i === q.clauses.length - 1;
        if (!last && /[^*]\*$/.test(clause.term) && !(clause.wildcard & lunr.Query.wildcard.TRAILING))
          clause.term = clause.term.slice(0, -1);
        clause.usePipeline = true;
        if (clause.presence !== PROHIBITED)
          typed.push([clause.term.replace(/\*/g, ""), /\*$/.test(clause.term) || !!(clause.wildcard & lunr.Query.wildcard.TRAILING)]);
      }
    });
    if (!this.viDocs || !typed.length) return results;
    for (var r = 0; r < results.length; r++) {
      var result = results[r];
      var tier = viFold.exactCount(typed, this.viWordsOf(result.ref));
      result.score += tier * TIER;
      markTypedTerms(result.matchData.metadata, typed);
    }
    return results.sort(function (a, b) { return b.score - a.score; });
  };

  lunr.Index.prototype.viWordsOf = function (ref) {
    var words = this.viWords.get(ref);
    if (words) return words;
    var doc = this.viDocs.get(ref) || {};
    var text = [doc.title, doc.text, doc.tags].join(" ").replace(/<[^>]*>/g, " ").toLowerCase();
    words = text.split(lunr.tokenizer.separator).filter(Boolean);
    this.viWords.set(ref, words);
    return words;
  };

  /* Material marks a query word missing unless a matched term starts with it as typed. */
  function markTypedTerms(metadata, typed) {
    var terms = Object.keys(metadata);
    for (var a = 0; a < typed.length; a++) {
      var word = typed[a][0], prefix = typed[a][1], folded = viFold.foldQuery(word);
      if (word === folded || word in metadata) continue;
      var found = terms.some(function (term) { return prefix ? term.indexOf(folded) === 0 : term === folded; });
      if (found) metadata[word] = {};
    }
  }
})(self.lunr, self.viFold);
