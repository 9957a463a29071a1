/*
 * The search engine of the site's indexes (header search, duty finder): the browser half of
 * src/plankb/search/engine.py, step for step (tests/test_search_browser.py compares them).
 * The index is many small scripts (src/plankb/search/index_files.py); each calls KH_IDX(path,
 * payload). They are loaded by <script> elements, which work from a web host and from a folder
 * (file://) alike, and only when a query needs them: nothing is loaded before the first query.
 * Needs vi-fold.js (folding: đ → d, no marks).
 */
(function (root) {
  "use strict";
  /* A page may load it before the others do (the finder, to start while the page loads): the
     second <script> keeps the first engine, its state and the files on their way. */
  if (root.khSearch) return;

  var STOP_WORDS = ["là", "cái", "nhưng", "mà"];
  var stop = Object.create(null);
  STOP_WORDS.forEach(function (w) { stop[w] = true; });
  var GROUP_SIZE = 3, WANT = 10, MAX_RANGES = 24, READ_ON_ROUNDS = 2;
  /* index_files.name_bucket: FNV-1a over the UTF-16 units of the words, one space apart. */
  function nameBucket(words, buckets) {
    var key = words.join(" "), h = 2166136261;
    for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    return h % buckets;
  }

  /* The site's root, from this script's own address (…/assets/javascripts/tim-kiem-loi.js). */
  var script = document.currentScript;
  var siteRoot = script ? script.src.replace(/assets\/javascripts\/tim-kiem-loi\.js(\?.*)?$/, "") : "";

  var loaded = Object.create(null);   /* path → payload */
  var waiting = Object.create(null);  /* path → [resolve, reject] */
  var promises = Object.create(null);
  root.KH_IDX = function (path, payload) {
    loaded[path] = payload;
    if (waiting[path]) { waiting[path][0](payload); delete waiting[path]; }
  };

  function load(path) {
    if (path in loaded) return Promise.resolve(loaded[path]);
    if (!promises[path]) {
      promises[path] = new Promise(function (resolve, reject) {
        waiting[path] = [resolve, reject];
        var el = document.createElement("script");
        el.src = siteRoot + path;
        el.async = true;
        /* A script added by a script is of low priority: while the page still loads (a finder
           opened with a query) Chromium holds it back behind the page's own files. */
        el.fetchPriority = "high";
        el.onerror = function () {
          delete promises[path];
          reject(new Error("Không tải được " + path));
        };
        el.onload = function () { el.remove(); };
        document.head.appendChild(el);
      });
    }
    return promises[path];
  }

  function fold(text) { return root.viFold.fold(text); }

  function tokens(text, separator) {
    return String(text).normalize("NFC").toLowerCase().split(separator).filter(function (t) { return t; });
  }

  function parse(query, separator) {
    var seen = Object.create(null), words = [];
    tokens(query, separator).forEach(function (w) {
      if (!stop[w] && !seen[w]) { seen[w] = true; words.push(w); }
    });
    if (words.length > 1 && fold(words[words.length - 1]).length < 2) words.pop();
    /* Numbers typed as one ("20/6/2025", "50/65") must be next to each other (engine.py). */
    var joined = Object.create(null);
    (String(query).match(/\d+(?:\/\d+)+/g) || []).forEach(function (run) {
      var parts = run.split("/");
      for (var i = 0; i + 1 < parts.length; i++) joined[parts[i] + " " + parts[i + 1]] = true;
    });
    return words.map(function (w, n) {
      var f = fold(w), last = n === words.length - 1;
      return { word: w, folded: f, prefix: last && f.length >= 2, bound: !last && !!joined[w + " " + words[n + 1]] };
    });
  }

  function matches(term, key) {
    var f = fold(key);
    return term.prefix ? f.indexOf(term.folded) === 0 : f === term.folded;
  }

  function exact(term, key) {
    if (term.word === term.folded) return false;
    return term.prefix ? key.indexOf(term.word) === 0 : key === term.word;
  }

  function inRuns(runs, r) {
    for (var i = 0; i < runs.length; i++) if (runs[i][0] <= r && r <= runs[i][1]) return true;
    return false;
  }

  function bisectRight(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (x < list[mid]) hi = mid; else lo = mid + 1; }
    return lo;
  }

  function Index(folder) {
    this.folder = folder;
    this.manifest = null;
  }

  Index.prototype.ready = function () {
    var self = this;
    return load(this.folder + "chi-muc.js").then(function (m) {
      self.manifest = m;
      self.separator = root.viFold.separator;
      return self;
    });
  };

  Index.prototype._shardFile = function (prefix, r) {
    var entry = this.manifest.shards[prefix];
    return entry && inRuns(entry[1], r) ? this.folder + "s/" + r + "/" + entry[0] + ".js" : null;
  };

  /* The facet key's directory ("f/cap.js"), loaded when that filter is first used. */
  Index.prototype._facetFiles = function (facets) {
    var self = this;
    return Promise.all(facets.map(function (facet) {
      var key = facet.split("=")[0];
      if (self.manifest.facets.indexOf(key) === -1) return null;
      return load(self.folder + "f/" + key + ".js").then(function (dir) { return dir[facet] || null; });
    }));
  };

  function termScores(shard, term, start, unit) {
    var scores = new Map();
    for (var key in shard) {
      if (key.indexOf(" ") !== -1 || !matches(term, key)) continue;
      var packed = shard[key], isExact = exact(term, key), weight = packed[0], doc = start;
      for (var i = 1; i < packed.length; i++) {
        var value = packed[i];
        doc += Math.floor(value / unit);
        var score = weight * (value % unit), had = scores.get(doc);
        if (had) { if (score > had[0]) had[0] = score; had[1] = had[1] || isExact; }
        else scores.set(doc, [score, isExact]);
      }
    }
    return scores;
  }

  /* A pair weighs as the rarer of its two words (their idf, in their shards). */
  function pairScores(shard, nextShard, first, second, start, unit) {
    var scores = new Map();
    for (var key in shard) {
      var space = key.indexOf(" ");
      if (space === -1 || !matches(first, key.slice(0, space)) || !matches(second, key.slice(space + 1))) continue;
      var packed = shard[key], doc = start;
      var weight = Math.min(shard[key.slice(0, space)][0], nextShard[key.slice(space + 1)][0]);
      for (var i = 0; i < packed.length; i++) {
        doc += Math.floor(packed[i] / unit);
        var score = weight * (packed[i] % unit);
        if (!(scores.get(doc) >= score)) scores.set(doc, score);
      }
    }
    return scores;
  }

  /* doc → [score, exact words] of the matching documents of range r (null if none can match);
     `facetEntries`: each facet's [file id, ranges] (or null). */
  Index.prototype._range = function (r, terms, facetEntries) {
    var m = this.manifest, start = r * m.range, prefixOf = function (t) { return t.folded.slice(0, m.prefix); };
    var paths = [], pathOf = [];  /* prefixes can share a shard: one file, loaded once */
    for (var i = 0; i < terms.length; i++) {
      var path = this._shardFile(prefixOf(terms[i]), r);
      if (!path) return Promise.resolve(null);
      if (paths.indexOf(path) === -1) paths.push(path);
      pathOf.push(path);
    }
    var facetPaths = [];
    for (var j = 0; j < facetEntries.length; j++) {
      var entry = facetEntries[j];
      if (!entry || !inRuns(entry[1], r)) return Promise.resolve(null);
      facetPaths.push(this.folder + "f/" + r + "/" + entry[0] + ".js");
    }
    /* The range's result groups come with its shards: no round trip after them. */
    load(this.folder + "r/" + r + ".js").catch(function () {});
    return Promise.all(paths.concat(facetPaths).map(load)).then(function (payloads) {
      var shard = function (n) { return payloads[paths.indexOf(pathOf[n])]; };
      var allowed = null;
      payloads.slice(paths.length).forEach(function (gaps) {
        var set = new Set(), doc = start;
        gaps.forEach(function (gap) { doc += gap; set.add(doc); });
        allowed = allowed === null ? set : new Set(Array.from(allowed).filter(function (d) { return set.has(d); }));
      });
      var hits = new Map();
      if (!terms.length) {
        allowed.forEach(function (doc) { hits.set(doc, [0, 0]); });
        return hits;
      }
      var unit = Math.pow(2, m.bits);
      var perTerm = terms.map(function (t, n) { return termScores(shard(n), t, start, unit); });
      perTerm[0].forEach(function (_, doc) {
        if (allowed !== null && !allowed.has(doc)) return;
        var score = 0, exactCount = 0;
        for (var k = 0; k < perTerm.length; k++) {
          var s = perTerm[k].get(doc);
          if (!s) return;
          score += s[0];
          if (s[1]) exactCount++;
        }
        hits.set(doc, [score, exactCount]);
      });
      for (var n = 0; n + 1 < terms.length; n++) {
        var pairs = pairScores(shard(n), shard(n + 1), terms[n], terms[n + 1], start, unit);
        if (terms[n].bound) {
          hits.forEach(function (_, doc) { if (!pairs.has(doc)) hits.delete(doc); });
        }
        pairs.forEach(function (bonus, doc) {
          var hit = hits.get(doc);
          if (hit) hit[0] += Math.floor(bonus / 2);
        });
      }
      return hits;
    });
  };

  /* The documents the query names, over the whole collection (n/<bucket>.js). */
  Index.prototype._named = function (terms) {
    var m = this.manifest, words = terms.map(function (t) { return t.folded; });
    var bucket = words.length ? nameBucket(words, m.buckets) : -1;
    if (m.named.indexOf(bucket) === -1) return Promise.resolve([]);
    return load(this.folder + "n/" + bucket + ".js").then(function (names) {
      var docs = [], doc = 0;
      (Object.prototype.hasOwnProperty.call(names, words.join(" ")) ? names[words.join(" ")] : []).forEach(function (gap) {
        doc += gap;
        docs.push(doc);
      });
      return docs;
    });
  };


  /* The ranges holding documents about a place some run of the typed words names (p/<bucket>.js). */
  Index.prototype._routed = function (terms) {
    var m = this.manifest, self = this, words = terms.map(function (t) { return t.folded; });
    return Promise.all(words.map(function (word) {
      var bucket = nameBucket([word], m.buckets);
      return (m.routed || []).indexOf(bucket) === -1 ? Promise.resolve(null) : load(self.folder + "p/" + bucket + ".js");
    })).then(function (files) {
      var out = new Set();
      files.forEach(function (places, i) {
        if (!places) return;
        for (var end = i + 1; end <= words.length; end++) {
          var key = words.slice(i, end).join(" ");
          if (!Object.prototype.hasOwnProperty.call(places, key)) continue;
          places[key].forEach(function (run) { for (var r = run[0]; r <= run[1]; r++) out.add(r); });
        }
      });
      return Array.from(out).sort(function (a, b) { return a - b; });
    });
  };

  /* The ranges that have every typed word (w/<shard>.js); null when no word is typed. */
  Index.prototype._withWords = function (terms) {
    var m = this.manifest, self = this;
    return Promise.all(terms.map(function (t) {
      var entry = m.shards[t.folded.slice(0, m.prefix)];
      if (!entry) return Promise.resolve(new Set());
      return load(self.folder + "w/" + entry[0] + ".js").then(function (words) {
        var ranges = new Set();
        Object.keys(words).forEach(function (word) {
          if (t.prefix ? word.indexOf(t.folded) !== 0 : word !== t.folded) return;
          words[word].forEach(function (run) { for (var r = run[0]; r <= run[1]; r++) ranges.add(r); });
        });
        return ranges;
      });
    })).then(function (sets) {
      if (!sets.length) return null;
      return sets.reduce(function (a, b) { return new Set(Array.from(a).filter(function (r) { return b.has(r); })); });
    });
  };

  /* The result group of each of `docs` of range r, and which of them are of tier 1. */
  Index.prototype._groupOf = function (r, docs) {
    var start = r * this.manifest.range;
    return load(this.folder + "r/" + r + ".js").then(function (info) {
      return {
        groups: docs.map(function (doc) { return info.first + bisectRight(info.starts, doc - start); }),
        tier1: info.tier1.map(function (d) { return start + d; })
      };
    });
  };

  /* Results of `query` (see engine.py): {groups: [{group, docs}], hits, more, rangesRead}. */
  Index.prototype.search = function (query, options) {
    options = options || {};
    var self = this;
    return this.ready().then(function () {
      var m = self.manifest, terms = parse(query, self.separator), facets = options.facets || [];
      var want = options.want || WANT, groupSize = options.groupSize || GROUP_SIZE;
      var maxRanges = options.maxRanges || MAX_RANGES;
      var results = { groups: [], hits: 0, more: false, rangesRead: 0, terms: terms };
      if (!terms.length && !facets.length) return results;
      var hits = new Map(), group = new Map(), groupsSeen = new Set(), later = new Set(), named, facetEntries, order;
      function step(i) {
        if (i >= order.length) return Promise.resolve();
        if (results.rangesRead === maxRanges || groupsSeen.size >= want) {
          results.more = true;
          return Promise.resolve();
        }
        var r = order[i];
        return self._range(r, terms, facetEntries).then(function (found) {
          if (found === null) return step(i + 1);
          results.rangesRead++;
          var docs = Array.from(found.keys());
          found.forEach(function (v, doc) { hits.set(doc, v); });
          return self._groupOf(r, docs).then(function (info) {
            docs.forEach(function (doc, i) { group.set(doc, info.groups[i]); groupsSeen.add(info.groups[i]); });
            info.tier1.forEach(function (doc) { later.add(doc); });
            return step(i + 1);
          });
        });
      }
      /* The names file and the places files load with the first range's shards. */
      var naming = facets.length ? Promise.resolve([]) : self._named(terms);
      /* Range 0 is read first unless the query names a place: its shards and groups load meanwhile. */
      terms.forEach(function (t) {
        var path = self._shardFile(t.folded.slice(0, m.prefix), 0);
        if (path) load(path).catch(function () {});
      });
      if (terms.length) load(self.folder + "r/0.js").catch(function () {});
      return Promise.all([self._facetFiles(facets), terms.length ? self._routed(terms) : Promise.resolve([]),
                          self._withWords(terms)]).then(function (got) {
        facetEntries = got[0];
        var routed = new Set(got[1]), having = got[2];
        order = got[1].concat(Array.from({ length: m.ranges }, function (_, r) { return r; }).filter(function (r) { return !routed.has(r); }))
          .filter(function (r) { return having === null || having.has(r); });
        return Promise.all([step(0), naming]);
      }).then(function (done) {
        named = new Set(done[1]);
        /* Named, in a range not read: shown all the same. */
        return Promise.all(done[1].filter(function (doc) { return !hits.has(doc); }).map(function (doc) {
          var r = Math.floor(doc / m.range);
          hits.set(doc, [0, 0]);
          return self._groupOf(r, [doc]).then(function (info) {
            group.set(doc, info.groups[0]);
            info.tier1.forEach(function (d) { later.add(d); });
          });
        }));
      }).then(function () {
        var ranked = Array.from(hits.keys()).sort(function (a, b) {
          var ha = hits.get(a), hb = hits.get(b);
          return (later.has(a) - later.has(b)) || ((!named.has(a)) - (!named.has(b))) ||
            (hb[1] - ha[1]) || (hb[0] - ha[0]) || (a - b);
        });
        var byGroup = new Map(), order = [];
        ranked.forEach(function (doc) {
          var g = group.get(doc), entry = byGroup.get(g);
          if (!entry) { entry = { group: g, docs: [] }; byGroup.set(g, entry); order.push(entry); }
          if (entry.docs.length < groupSize) entry.docs.push(doc);
        });
        results.hits = hits.size;
        results.groups = order.slice(0, want);
        results.more = results.more || order.length > want;
        /* What each group shows before its documents' rows load (r/<range>.js: rows). */
        return Promise.all(results.groups.map(function (g) {
          var r = Math.floor(g.docs[0] / m.range);
          return load(self.folder + "r/" + r + ".js").then(function (info) {
            g.row = info.rows ? info.rows[g.group - info.first] : [];
          });
        })).then(function () { return results; });
      });
    });
  };

  Index.prototype.meta = function (doc) {
    var m = this.manifest;
    return load(this.folder + "m/" + Math.floor(doc / m.meta) + ".js").then(function (chunk) { return chunk[doc % m.meta]; });
  };

  /* Whether a word of a text is one the query matched (folded; the last word as a prefix). */
  function isHit(terms, word) {
    var f = fold(word.toLowerCase());
    return terms.some(function (t) { return t.prefix ? f.indexOf(t.folded) === 0 : f === t.folded; });
  }

  /* `text` appended to the element `into` as text, the words the query matched inside <mark>. */
  function marked(text, terms, into) {
    var WORD = /[\p{L}\p{N}]+/gu, last = 0, match;
    while ((match = WORD.exec(text))) {
      if (!isHit(terms, match[0])) continue;
      if (match.index > last) into.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      into.appendChild(mark);
      last = match.index + match[0].length;
    }
    if (last < text.length) into.appendChild(document.createTextNode(text.slice(last)));
    return into;
  }

  var indexes = Object.create(null);
  root.khSearch = {
    index: function (folder) { return indexes[folder] || (indexes[folder] = new Index(folder)); },
    parse: function (query, separator) { return parse(query, separator); },
    isHit: isHit,
    marked: marked,
    siteRoot: siteRoot,
    MAX_RANGES: MAX_RANGES,
    READ_ON_ROUNDS: READ_ON_ROUNDS,
    /* Stopped by the range budget with fewer than `want` groups: reading on may find more. */
    sparse: function (results, want) { return results.more && results.groups.length < want; },
    loadedPaths: function () { return Object.keys(loaded); }
  };
})(window);
