/*
 * Vietnamese folding inside Material's search worker. hooks/mkdocs_hooks.py appends this file,
 * after docs/assets/javascripts/vi-fold.js, to Material's assets/javascripts/lunr/min/lunr.vi.min.js.
 *
 * Why here: the worker builds its lunr index in the browser from search_index.json and offers no
 * way to add scripts, but for `lang: vi` it imports lunr.vi.min.js and calls `this.use(lunr.vi)`
 * (Material 9.8.1, src/.../search/worker/main and search/_/index.ts). Wrapping lunr.vi is the one
 * documented extension point (a language plugin) that runs on both sides of the search:
 *
 * - index side: lunr.vi's pipeline (stop words, accented) gets "vi-fold", which adds the folded
 *   form of each word next to the word as written. The clone keeps the token's position, so
 *   Material highlights the original accented text when a folded term matches.
 * - query side: Material appends "*" to every query word, and lunr skips the search pipeline for
 *   wildcard terms, so lunr.Index#query is wrapped: every clause goes through our search pipeline
 *   ("vi-fold-query", which only folds and keeps "*"); an accented word also gets an optional,
 *   strongly boosted clause with the accents as typed, so exact spellings rank first. Only the
 *   last word stays a prefix (it is the one being typed): Vietnamese words are single syllables
 *   without inflection, and a folded prefix explodes ("ma*" would match mại, mạnh, mặt, máy…).
 * - results: the same text position can now match twice (as written and folded), which would nest
 *   <mark> tags, so positions are de-duplicated; and a word typed with accents that matched only
 *   through folding ("mại" in a text that says "mai") is not shown as missing.
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

  var PROHIBITED = lunr.Query.presence.PROHIBITED;
  var OPTIONAL = lunr.Query.presence.OPTIONAL;
  var query = lunr.Index.prototype.query;

  lunr.Index.prototype.query = function (fn) {
    var accented = [];
    var results = query.call(this, function (q) {
      fn.call(q, q);
      var clauses = q.clauses.slice();
      for (var i = 0; i < clauses.length; i++) {
        var clause = clauses[i];
        if (i < clauses.length - 1 && /[^*]\*$/.test(clause.term) && !(clause.wildcard & lunr.Query.wildcard.TRAILING))
          clause.term = clause.term.slice(0, -1);
        var folded = viFold.foldQuery(clause.term);
        clause.usePipeline = true;
        if (folded === clause.term || clause.presence === PROHIBITED) continue;
        var exact = {
          term: clause.term, fields: clause.fields, boost: clause.boost * viFold.exactBoost,
          wildcard: clause.wildcard, usePipeline: false, presence: OPTIONAL
        };
        if ("editDistance" in clause) exact.editDistance = clause.editDistance;
        q.clause(exact);
        accented.push([clause.term.replace(/\*/g, ""), folded.replace(/\*/g, "")]);
      }
    });
    for (var r = 0; r < results.length; r++) tidy(results[r].matchData.metadata, accented);
    return results;
  };

  function tidy(metadata, accented) {
    var seen = Object.create(null);
    var terms = Object.keys(metadata);
    for (var t = 0; t < terms.length; t++) {
      var fields = metadata[terms[t]];
      for (var field in fields) {
        var data = fields[field];
        if (!data || !Array.isArray(data.position)) continue;
        var done = seen[field] || (seen[field] = new Set());
        var fresh = data.position.filter(function (p) { return !done.has(p); });
        fresh.forEach(function (p) { done.add(p); });
        // A new object: `data` may be the index's own posting.
        fields[field] = Object.assign({}, data, { position: fresh });
      }
    }
    for (var a = 0; a < accented.length; a++) {
      var typed = accented[a][0], folded = accented[a][1];
      if (typed in metadata) continue;
      var found = terms.some(function (term) { return viFold.fold(term) === folded; });
      if (found) metadata[typed] = {};
    }
  }
})(self.lunr, self.viFold);
