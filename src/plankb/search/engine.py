"""The query over an index written by plankb.search.index_files, step for step as the browser's
engine (docs/assets/javascripts/tim-kiem-loi.js) runs it: tests compare the two, and the
relevance list runs here on the built files.

- Every typed word must match, folded (đ → d, no marks); the last one as a prefix when it has
  two letters or more (a single letter being typed is left out while other words are there);
  numbers typed as one ("20/6/2025", "50/65") must be next to each other.
- Score: per word, the best idf × impact among the index words it matches; plus half the score
  of each pair of adjacent typed words found adjacent in the text (phrase bonus).
- Rank: documents of tier 0 before tier 1 (maintainer guides); a document named by the query
  (a glossary term) first; then more accented words spelled as typed; then score; then order.
- Ranges are read in order until `want` result groups are found (or `max_ranges` were read;
  the header box reads on, READ_ON_ROUNDS × MAX_RANGES, while it has fewer: `read_on`),
  first those holding the documents of a place the query names (p/<bucket>.js: "hong ngu",
  any run of typed words), then the rest — only ranges that have every typed word
  (w/<shard>.js); a document the query names is found in any range (n/<bucket>.js). Results are grouped by
  page, up to GROUP_SIZE documents each.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from plankb.search import searchtext
from plankb.search.index_files import name_bucket

GROUP_SIZE = 3
WANT = 10
MAX_RANGES = 24
# A query with fewer than `want` groups in MAX_RANGES ranges (a long or rare one, whose documents
# sit in older plans) is read on, shown as it grows, up to this many times MAX_RANGES; then
# "Tìm tiếp" reads MAX_RANGES more a click (docs/assets/javascripts/tim-kiem.js).
READ_ON_ROUNDS = 2


@dataclass(frozen=True)
class Term:
    word: str  # as typed, lower case NFC
    folded: str
    prefix: bool
    # Typed as one number with the next term ("20/6/2025", "50/65"): a document must have the
    # two next to each other, as a date or a ratio is written.
    bound: bool = False

    def matches(self, key: str) -> bool:
        folded = searchtext.fold(key)
        return folded.startswith(self.folded) if self.prefix else folded == self.folded

    def exact(self, key: str) -> bool:
        """The key spelled as typed, for a word typed with marks (exact-accent tier)."""
        if self.word == self.folded:
            return False
        return key.startswith(self.word) if self.prefix else key == self.word


NUMBER_RUN = re.compile(r"\d+(?:/\d+)+")


def parse(query: str) -> list[Term]:
    words = list(dict.fromkeys(searchtext.words(query)))
    if len(words) > 1 and len(searchtext.fold(words[-1])) < 2:
        words.pop()  # a letter being typed: wait for the next one
    joined = {pair for run in NUMBER_RUN.findall(query) for pair in itertools.pairwise(run.split("/"))}
    last = len(words) - 1
    return [Term(w, searchtext.fold(w), n == last and len(searchtext.fold(w)) >= 2,
                 n < last and (w, words[n + 1]) in joined) for n, w in enumerate(words)]


@dataclass
class Group:
    group: int
    docs: list[int]
    row: list = field(default_factory=list)  # what the group shows before its documents' rows load


@dataclass
class Results:
    groups: list[Group] = field(default_factory=list)
    hits: int = 0  # documents matched in the ranges read
    more: bool = False  # ranges left unread, or groups beyond `want`
    ranges_read: int = 0


def sparse(results: Results, want: int) -> bool:
    """Stopped by the range budget with fewer than `want` groups: reading on may find more."""
    return results.more and len(results.groups) < want


def _in_runs(runs: list[list[int]], r: int) -> bool:
    return any(first <= r <= last for first, last in runs)


class Index:
    """An index read through `load` (path in the collection's folder → payload), which caches."""

    def __init__(self, load: Callable[[str], Any]) -> None:
        self.load = load
        self.manifest: dict = load("chi-muc.js")

    def _shard(self, prefix: str, r: int) -> dict | None:
        entry = self.manifest["shards"].get(prefix)
        if entry is None or not _in_runs(entry[1], r):
            return None
        return self.load(f"s/{r}/{entry[0]}.js")

    def _facet(self, facet: str, r: int) -> set[int] | None:
        key = facet.split("=", 1)[0]
        entry = self.load(f"f/{key}.js").get(facet) if key in self.manifest["facets"] else None
        if entry is None or not _in_runs(entry[1], r):
            return None
        doc, out = r * self.manifest["range"], set()
        for gap in self.load(f"f/{r}/{entry[0]}.js"):
            doc += gap
            out.add(doc)
        return out

    def group_row(self, doc: int, group: int) -> list:
        """What the group `doc` belongs to shows (r/<range>.js: rows), [] if the index has none."""
        groups: dict = self.load(f"r/{doc // self.manifest['range']}.js")
        rows = groups.get("rows")
        return rows[group - groups["first"]] if rows else []

    def group_of(self, r: int, doc: int) -> int:
        groups: dict = self.load(f"r/{r}.js")
        return groups["first"] + bisect.bisect_right(groups["starts"], doc - r * self.manifest["range"])

    def _term_scores(self, shard: dict, term: Term, start: int) -> dict[int, tuple[int, bool]]:
        scores: dict[int, tuple[int, bool]] = {}
        for key, packed in shard.items():
            if " " in key or not term.matches(key):
                continue
            exact, weight, doc, bits = term.exact(key), packed[0], start, self.manifest["bits"]
            for value in packed[1:]:
                doc += value >> bits
                score = weight * (value & ((1 << bits) - 1))
                best, was_exact = scores.get(doc, (0, False))
                scores[doc] = (max(best, score), was_exact or exact)
        return scores

    def _pair_scores(self, shard: dict, next_shard: dict, first: Term, second: Term, start: int) -> dict[int, int]:
        """doc → the best score of the pairs of adjacent words the two terms match there; a pair
        weighs as the rarer of its two words (their idf, in their shards)."""
        scores: dict[int, int] = {}
        for key, packed in shard.items():
            a, space, b = key.partition(" ")
            if not space or not first.matches(a) or not second.matches(b):
                continue
            weight, doc, bits = min(shard[a][0], next_shard[b][0]), start, self.manifest["bits"]
            for value in packed:
                doc += value >> bits
                scores[doc] = max(scores.get(doc, 0), weight * (value & ((1 << bits) - 1)))
        return scores

    def _range(self, r: int, terms: list[Term], facets: list[str]) -> dict[int, tuple[int, int]] | None:
        """doc → (score, exact words) of the documents of range `r` that match; None if none can."""
        start = r * self.manifest["range"]
        shards = {}
        for term in terms:
            shard = self._shard(term.folded[:self.manifest["prefix"]], r)
            if shard is None:
                return None
            shards[term.folded[:self.manifest["prefix"]]] = shard
        allowed: set[int] | None = None
        for facet in facets:
            docs = self._facet(facet, r)
            if docs is None:
                return None
            allowed = docs if allowed is None else allowed & docs
        if not terms:
            return dict.fromkeys(allowed or (), (0, 0))
        per_term = [self._term_scores(shards[t.folded[:self.manifest["prefix"]]], t, start) for t in terms]
        found = set.intersection(*(set(s) for s in per_term))
        if allowed is not None:
            found &= allowed
        hits = {doc: (sum(s[doc][0] for s in per_term), sum(s[doc][1] for s in per_term)) for doc in found}
        prefix = self.manifest["prefix"]
        for first, second in zip(terms, terms[1:], strict=False):
            pairs = self._pair_scores(shards[first.folded[:prefix]], shards[second.folded[:prefix]], first, second, start)
            if first.bound:
                hits = {doc: hit for doc, hit in hits.items() if doc in pairs}
            for doc, bonus in pairs.items():
                if doc in hits:
                    hits[doc] = (hits[doc][0] + bonus // 2, hits[doc][1])
        return hits

    def named(self, terms: list[Term]) -> list[int]:
        """The documents the query names, over the whole collection (n/<bucket>.js)."""
        words = [t.folded for t in terms]
        bucket = name_bucket(words, self.manifest["buckets"]) if words else None
        if bucket not in self.manifest["named"]:
            return []
        docs, doc = [], 0
        for gap in self.load(f"n/{bucket}.js").get(" ".join(words), []):
            doc += gap
            docs.append(doc)
        return docs

    def routed(self, terms: list[Term]) -> list[int]:
        """The ranges holding documents about a place some run of the typed words names, in order."""
        words = [t.folded for t in terms]
        out: set[int] = set()
        for i, word in enumerate(words):
            bucket = name_bucket([word], self.manifest["buckets"])
            if bucket not in self.manifest.get("routed", ()):
                continue
            places: dict = self.load(f"p/{bucket}.js")
            for end in range(i + 1, len(words) + 1):
                for first, last in places.get(" ".join(words[i:end]), []):
                    out.update(range(first, last + 1))
        return sorted(out)

    def with_words(self, terms: list[Term]) -> set[int] | None:
        """The ranges that have every typed word (w/<shard>.js); None when no word is typed."""
        out: set[int] | None = None
        for term in terms:
            entry = self.manifest["shards"].get(term.folded[:self.manifest["prefix"]])
            if entry is None:
                return set()
            words: dict = self.load(f"w/{entry[0]}.js")
            ranges: set[int] = set()
            for word, runs in words.items():
                if word.startswith(term.folded) if term.prefix else word == term.folded:
                    for first, last in runs:
                        ranges.update(range(first, last + 1))
            out = ranges if out is None else out & ranges
        return out

    def tier1(self, r: int) -> set[int]:
        start = r * self.manifest["range"]
        return {start + d for d in self.load(f"r/{r}.js")["tier1"]}

    def search(self, query: str, facets: list[str] | tuple[str, ...] = (), want: int = WANT,
               group_size: int = GROUP_SIZE, max_ranges: int = MAX_RANGES) -> Results:
        """Results of `query` among documents with every facet in `facets` (facets alone list
        their documents in order). Nothing asked, nothing found."""
        terms = parse(query)
        if not terms and not facets:
            return Results()
        results = Results()
        hits: dict[int, tuple[int, int]] = {}
        later: set[int] = set()  # tier 1
        group: dict[int, int] = {}
        m = self.manifest
        first = self.routed(terms) if terms else []
        routed = set(first)
        order = [*first, *(r for r in range(m["ranges"]) if r not in routed)]
        having = self.with_words(terms)
        if having is not None:
            order = [r for r in order if r in having]
        for r in order:
            if results.ranges_read == max_ranges or len(set(group.values())) >= want:
                results.more = True
                break
            found = self._range(r, terms, list(facets))
            if found is None:
                continue
            results.ranges_read += 1
            hits.update(found)
            later |= self.tier1(r)
            for doc in found:
                group[doc] = self.group_of(r, doc)
        named = set(self.named(terms)) if not facets else set()
        for doc in named - set(hits):  # named, in a range not read: shown all the same
            r = doc // m["range"]
            hits[doc], group[doc] = (0, 0), self.group_of(r, doc)
            later |= self.tier1(r)
        ranked = sorted(hits, key=lambda d: (d in later, d not in named, -hits[d][1], -hits[d][0], d))
        groups: dict[int, Group] = {}
        for doc in ranked:
            g = groups.setdefault(group[doc], Group(group[doc], []))
            if len(g.docs) < group_size:
                g.docs.append(doc)
        results.hits = len(hits)
        results.groups = list(groups.values())[:want]
        for g in results.groups:
            g.row = self.group_row(g.docs[0], g.group)
        results.more = results.more or len(groups) > want
        return results

    def read_on(self, query: str, want: int = WANT) -> Results:
        """What the header box shows once it has read on: `search` with MAX_RANGES more ranges
        while the budget, not `want`, stopped it, up to READ_ON_ROUNDS rounds."""
        for rounds in range(1, READ_ON_ROUNDS + 1):
            results = self.search(query, want=want, max_ranges=rounds * MAX_RANGES)
            if not sparse(results, want):
                break
        return results

    def meta(self, doc: int) -> list:
        chunk: list = self.load(f"m/{doc // self.manifest['meta']}.js")
        return chunk[doc % self.manifest["meta"]]


def from_files(files: dict[str, str], folder: str) -> Index:
    """An index over files made by index_files.build (site path → script)."""
    from plankb.search.index_files import script_payload

    cache: dict[str, Any] = {}

    def load(path: str) -> Any:
        if path not in cache:
            cache[path] = script_payload(files[folder + path])[1]
        return cache[path]

    return Index(load)


