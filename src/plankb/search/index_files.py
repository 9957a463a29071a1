"""A search index as many small script files, so a query loads a few of them and no page loads
any on arrival. The format is the contract with docs/assets/javascripts/tim-kiem-loi.js (the
browser's engine) and plankb.search.engine (the same query in Python, for tests and benchmarks).

Documents are numbered in the order given (the caller puts what matters most first: the
glossary, then plans newest first with their places and agencies, guides last) and cut into
ranges of RANGE documents. A query reads range after range until it has enough results, so the
first query loads range 0's files only, whatever the size of the collection.

Files, under the collection's folder (all `KH_IDX("<path>", <json>);`, loadable by <script> from
a web host and from file:// alike):

- `chi-muc.js` the manifest: counts, which ranges have which shard, the facet keys;
- `s/<range>/<shard>.js` postings of every word whose folded form starts with the shard's
  prefix (its first two letters), keyed by the word as written (lower case, NFC), so the query
  folds keys to match typed words without marks and compares keys as typed for the exact-accent
  tier; adjacent words ("công an", "an xã") are keys too, in the shard of the first, for the
  phrase bonus. A word's value: [idf, packed postings…], a pair's [packed postings…]
  (scored with the rarer of its words' idf), packed = gap from the previous document
  × 128 + impact (1–127: the word's BM25 weight in that document, fields weighted, quantized);
- `w/<shard>.js` which ranges hold each word (folded) of the shard's prefixes: a query reads
  only the ranges that have every typed word, so a word found in old plans only is reached
  without reading the ranges before it;
- `f/<key>.js` which file holds each value of a facet key ("cap=xa" …), in which ranges;
- `f/<range>/<facet>.js` the documents of a facet value (gaps);
- `r/<range>.js` which result group (page) each document of the range belongs to, which
  documents rank after the others (tier 1: maintainer guides), and what each of its groups
  shows (`group_row`) — the results list is shown with it as soon as the query is done, the
  documents' rows (m/) filling in after;
- `n/<bucket>.js` the names a query can give a document to see it first (a term, a document's
  number, an agency), over the whole collection: name (folded words) → its documents (a name
  that more than NAMED_MAX documents share is left out), in files by a hash of the whole name;
- `p/<bucket>.js` the places a query can name ("hong ngu", "kim tan"), by their first word:
  place name (folded words) → the ranges holding documents about that place (its plans, its
  page, its agencies), read before the others — in a national collection the plans of the
  place a query names are found wherever they lie, not only when they are among the newest;
- `m/<chunk>.js` what the result list shows, META documents per chunk.

Scores are integers (idf × impact), so Python and JavaScript rank alike to the last place.
"""
from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain, combinations

from plankb.background import StopFlag, map_in_two
from plankb.search import searchtext

RANGE = 2048
META = 16
SHARD_PREFIX = 2
SHARDS = 48  # a shard holds about 1/SHARDS of the postings, or one prefix's if more
IMPACT_BITS = 7  # impact 1–127 in the low bits of a posting, the gap above them
IMPACT_MAX = (1 << IMPACT_BITS) - 1
K1, B = 1.2, 0.75
VERSION = 2  # 2: places (p/), words per range (w/), group rows, names by the whole name
NAME_BUCKETS = 512  # the fewest files of names that show a document first (n/<bucket>.js), by the whole name
NAMES_PER_BUCKET = 16  # more names, more files: a query reads one small file whatever the collection's size
# A name more documents share is no name: "Công an xã" is the police of every commune. A query
# that types it is ranked as any other (and never reads the groups of hundreds of documents).
NAMED_MAX = 8
STOP_EVERY = 256  # documents between two looks at the StopFlag (a few milliseconds)


@dataclass(frozen=True)
class Item:
    """One document of an index."""
    fields: dict[str, str]  # field name → text (weights given to `build`)
    group: str  # results are grouped by it (a page's URL)
    meta: list  # what a result shows (JSON)
    facets: tuple[str, ...] = ()  # "cap=xa", "nam=2026"…
    tier: int = 0  # results of tier 1 (maintainer guides) rank after those of tier 0
    names: tuple[str, ...] = ()  # a query that is one of these names shows this document first
    places: tuple[str, ...] = ()  # names of the place the document is about: a query naming one reads its range first
    # What its result group shows before the rows of its documents load (m/): e.g. the page's
    # URL, title and kind; the same for every document of a group (the first one's is kept).
    group_row: tuple = ()


def name_key(text: str) -> str:
    """How a query and a name are compared for "show this first": folded words, one space apart."""
    return " ".join(searchtext.fold(w) for w in searchtext.words(text))


def name_bucket(words: list[str], buckets: int) -> int:
    """The file of the name `words` (folded): FNV-1a over the UTF-16 code units of the words, one
    space apart, as nameBucket in tim-kiem-loi.js."""
    h = 2166136261
    for unit in memoryview(" ".join(words).encode("utf-16-le")).cast("H"):
        h = ((h ^ unit) * 16777619) & 0xFFFFFFFF
    return h % buckets


def bucket_count(names: int) -> int:
    """Enough name files for about NAMES_PER_BUCKET names each, a power of two, NAME_BUCKETS at least."""
    return max(NAME_BUCKETS, 1 << max(0, math.ceil(math.log2(max(1, names) / NAMES_PER_BUCKET))))


def idf(df: int, n: int) -> int:
    return max(1, round(1000 * math.log(1 + (n - df + 0.5) / (df + 0.5))))


def _field_words(item: Item) -> dict[str, list[str]]:
    # Interned: kept from the first pass to the second, a word that repeats costs a pointer, and
    # its hash is computed once.
    return {name: list(map(sys.intern, searchtext.words(text))) for name, text in item.fields.items()}


def _quantized(weight: float) -> int:
    return min(IMPACT_MAX, int(weight + 0.5)) or 1


def _impacts(fields: dict[str, list[str]], weights: dict[str, float], average: dict[str, float]) -> dict[str, int]:
    """key → impact (1–127) of each word and pair of adjacent words: its BM25 weight in the
    document — saturated field by field (words repeated in a long text do not outweigh one in a
    title), fields weighted."""
    top = (K1 + 1) * sum(weights.values())
    parts: list[tuple[Counter[str], dict[int, float]]] = []  # each field's counts, and the weight of each count
    for name, words in fields.items():
        if not words:
            continue
        norm = K1 * (1 - B + B * len(words) / average[name]) if average.get(name) else K1
        scale = IMPACT_MAX * weights[name] * (K1 + 1) / top
        counts = Counter(chain(words, map(" ".join, zip(words, words[1:], strict=False))))
        parts.append((counts, {tf: scale * tf / (tf + norm) for tf in set(counts.values())}))
    # The hot loop of a build's index, over millions of keys: most keys are in one field, and a
    # field has a few distinct counts, so their impact is quantized once per count and mapped.
    impacts: dict[str, int] = {}
    for counts, by_count in parts:
        impact_of = {tf: _quantized(weight) for tf, weight in by_count.items()}
        impacts.update(zip(counts, map(impact_of.__getitem__, counts.values()), strict=True))
    # A key in several fields: its weights summed in field order, then quantized.
    for key in {key for (a, _), (b, _) in combinations(parts, 2) for key in a.keys() & b.keys()}:
        weight = 0.0
        for counts, by_count in parts:
            if key in counts:
                weight += by_count[counts[key]]
        impacts[key] = _quantized(weight)
    return impacts


def _script(path: str, payload: object) -> str:
    """A file that hands its payload to the page's engine; `path` (from the site root) tells which."""
    return f"KH_IDX({json.dumps(path)},{json.dumps(payload, ensure_ascii=False, separators=(',', ':'))});\n"


def _gaps(docs: Iterable[int], start: int) -> list[int]:
    gaps, last = [], start
    for doc in docs:
        gaps.append(doc - last)
        last = doc
    return gaps


def _runs(ranges: list[int]) -> list[list[int]]:
    """Sorted range numbers as runs [[first, last], …]."""
    runs: list[list[int]] = []
    for r in ranges:
        if runs and runs[-1][1] == r - 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    return runs


def _pack(load: Counter[str]) -> dict[str, str]:
    """prefix → shard: a prefix with many postings has a shard of its own; rare ones ("%2", "qu")
    share one, neighbours in A–Z order, up to the same size — a few dozen files per range, not
    hundreds, and no query loads much more than its own prefix's postings."""
    limit = max(1, sum(load.values()) // SHARDS)
    out, current, size = {}, 0, 0
    for prefix in sorted(load):
        if load[prefix] >= limit:
            out[prefix] = prefix
            continue
        if size and size + load[prefix] > limit:
            current, size = current + 1, 0
        out[prefix] = f"+{current}"
        size += load[prefix]
    return out


class _Memo(dict[str, str]):
    """`function` of each key, computed once: keys repeat (the vocabulary is small, every
    document of a page has its place's name), and a dict hands back a key seen before without a
    call."""

    def __init__(self, function: Callable[[str], str]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: str) -> str:
        value = self[key] = self.function(key)
        return value


def _count(items: list[Item], stop: StopFlag | None = None) -> tuple[list[dict[str, list[str]]], Counter[str], Counter[str]]:
    """(the words of each item by field, document frequency of each folded word, words per
    field) — a pair is scored with the rarity of its words, so pairs are not counted. Folded: a
    query matches "công" and "cộng" alike, so they share one rarity."""
    folded = _Memo(searchtext.fold)
    found = []
    for n, item in enumerate(items):
        if stop is not None and not n % STOP_EVERY:
            stop.check()
        found.append(_field_words(item))
    totals: Counter[str] = Counter()
    for fields in found:
        for name, words in fields.items():
            totals[name] += len(words)
    # Counted in one call, not one per document: each document's set of folded words.
    df = Counter(chain.from_iterable(set(map(folded.__getitem__, chain.from_iterable(fields.values())))
                                     for fields in found))
    return found, df, totals


@dataclass
class _Plan:
    """What writing one range needs, decided before any range is written."""
    weights: dict[str, float]
    average: dict[str, float]
    df: Counter[str]
    n: int
    shard_of_prefix: dict[str, str]
    shard_ids: dict[str, int]
    facet_ids: dict[str, int]
    group_ids: list[int]
    group_rows: list[list]
    folder: str
    words: list[dict[str, list[str]]]  # of each item by field, as the first pass read them
    stop: StopFlag | None


def _range_files(items: list[Item], plan: _Plan, r: int) -> tuple[dict[str, str], list[str], list[str], set[str]]:
    """(files, shards present, facets present, words present (folded)) of range `r`."""
    folded, folder = _Memo(searchtext.fold), plan.folder
    start, docs = r * RANGE, items[r * RANGE:(r + 1) * RANGE]
    # key → [its last document, its header ([idf] for a word), its postings (packed)…]: the last
    # document in the list itself, read and set millions of times, costs no other dict's lookups.
    packed_of: dict[str, list[int]] = {}
    postings: dict[str, dict[str, list[int]]] = defaultdict(dict)  # shard → key → the same lists
    facet_docs: dict[str, list[int]] = defaultdict(list)
    for doc, item in enumerate(docs, start):
        if plan.stop is not None and not doc % STOP_EVERY:
            plan.stop.check()
        for key, impact in _impacts(plan.words[doc], plan.weights, plan.average).items():
            packed = packed_of.get(key)
            if packed is None:
                first, pair, _ = key.partition(" ")
                packed = packed_of[key] = [start] if pair else [start, idf(plan.df[folded[key]], plan.n)]
                postings[plan.shard_of_prefix[folded[first][:SHARD_PREFIX]]][key] = packed
            packed.append(((doc - packed[0]) << IMPACT_BITS) + impact)
            packed[0] = doc
        for facet in item.facets:
            facet_docs[facet].append(doc)
    files = {}
    for shard in sorted(postings):
        path = f"{folder}s/{r}/{plan.shard_ids[shard]}.js"
        files[path] = _script(path, {key: packed[1:] for key, packed in sorted(postings[shard].items())})
    for facet in sorted(facet_docs):
        path = f"{folder}f/{r}/{plan.facet_ids[facet]}.js"
        files[path] = _script(path, _gaps(facet_docs[facet], start))
    ids = plan.group_ids[start:start + len(docs)]
    path = f"{folder}r/{r}.js"
    groups = {"first": ids[0], "starts": [i for i in range(1, len(ids)) if ids[i] != ids[i - 1]],
              "tier1": [i for i, item in enumerate(docs) if item.tier]}
    if any(plan.group_rows):
        groups["rows"] = plan.group_rows[ids[0]:ids[-1] + 1]
    files[path] = _script(path, groups)
    words = {folded[key] for key in packed_of if " " not in key}
    return files, list(postings), list(facet_docs), words


def build(items: list[Item], weights: dict[str, float], folder: str, in_parallel: bool = False,
          stop: StopFlag | None = None) -> dict[str, str]:
    """The index files (site path → script) of `items`, in `folder` (e.g. "tim-kiem/"): see `files`."""
    return dict(files(items, weights, folder, in_parallel, stop))


def files(items: list[Item], weights: dict[str, float], folder: str, in_parallel: bool = False,
          stop: StopFlag | None = None) -> Iterator[tuple[str, str]]:
    """The index files of `items`, in `folder`, as (site path, script), each as soon as it is made:
    a caller that writes them as they come never holds the whole index (at 1,000 plans, 265 MB
    of text for the header search).
    Two passes, not one that keeps every posting: the first reads the words (kept for the
    second: reading is a third of the work) and counts (document frequencies, field lengths),
    the second makes one range at a time — with `in_parallel`, half of each pass in a forked
    child (then the ranges come all at once). Raises background.Cancelled soon after `stop` is
    set (by another thread)."""
    n = len(items)
    group_ids: list[int] = []
    group_rows: list[list] = []
    groups: dict[str, int] = {}
    for item in items:
        if item.group in groups and group_ids[-1] != groups[item.group]:
            raise ValueError("the documents of a group must be next to each other")
        if item.group not in groups:
            group_rows.append(list(item.group_row))
        group_ids.append(groups.setdefault(item.group, len(groups)))
    half = (n + 1) // 2
    item_words: list[dict[str, list[str]]] = []
    df: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for part_words, part_df, part_totals in map_in_two(partial(_count, stop=stop), [items[:half], items[half:]], in_parallel):
        item_words += part_words
        df.update(part_df)
        totals.update(part_totals)
    load: Counter[str] = Counter()  # postings per prefix (of words: pairs follow them)
    for word, count in df.items():
        load[word[:SHARD_PREFIX]] += count
    shard_of_prefix = _pack(load)
    facet_names = sorted({f for item in items for f in item.facets})
    plan = _Plan(weights, {name: totals[name] / n for name in weights} if n else {}, df, n, shard_of_prefix,
                 {shard: i for i, shard in enumerate(sorted(set(shard_of_prefix.values())))},
                 {facet: i for i, facet in enumerate(facet_names)}, group_ids, group_rows, folder, item_words, stop)
    ranges = list(range(math.ceil(n / RANGE)))
    make_range = partial(_range_files, items, plan)
    shards_in: dict[str, list[int]] = defaultdict(list)
    facets_in: dict[str, list[int]] = defaultdict(list)
    words_in: dict[str, list[int]] = defaultdict(list)
    made_ranges = map_in_two(make_range, ranges) if in_parallel else map(make_range, ranges)
    for r, (made, shards, facets, words) in zip(ranges, made_ranges, strict=True):
        yield from made.items()
        for word in words:
            words_in[word].append(r)
        for shard in shards:
            shards_in[shard].append(r)
        for facet in facets:
            facets_in[facet].append(r)
    by_shard: dict[int, dict[str, list[list[int]]]] = defaultdict(dict)
    for word in sorted(words_in):
        by_shard[plan.shard_ids[shard_of_prefix[word[:SHARD_PREFIX]]]][word] = _runs(words_in[word])
    for shard_id, words_of_shard in sorted(by_shard.items()):
        path = f"{folder}w/{shard_id}.js"
        yield path, _script(path, words_of_shard)
    for chunk in range(math.ceil(n / META)):
        path = f"{folder}m/{chunk}.js"
        yield path, _script(path, [i.meta for i in items[chunk * META:(chunk + 1) * META]])
    facet_keys = sorted({f.split("=", 1)[0] for f in facet_names})
    manifest = {"v": VERSION, "docs": n, "range": RANGE, "meta": META, "prefix": SHARD_PREFIX, "bits": IMPACT_BITS,
                "ranges": len(ranges), "facets": facet_keys,
                "shards": {prefix: [plan.shard_ids[shard], _runs(shards_in[shard])]
                           for prefix, shard in sorted(shard_of_prefix.items())}}
    for key in facet_keys:  # which file holds a facet value, read when that filter is used
        path = f"{folder}f/{key}.js"
        yield path, _script(path, {f: [plan.facet_ids[f], _runs(facets_in[f])] for f in facet_names
                                     if f.split("=", 1)[0] == key})
    keys = _Memo(name_key)
    documents_named: dict[str, list[int]] = defaultdict(list)
    for doc, item in enumerate(items):
        for name in dict.fromkeys(filter(None, map(keys.__getitem__, item.names))):
            documents_named[name].append(doc)
    names_kept = {name: docs for name, docs in documents_named.items() if len(docs) <= NAMED_MAX}
    buckets = manifest["buckets"] = bucket_count(len(names_kept))
    named: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for name, docs in names_kept.items():
        named[name_bucket(name.split(" "), buckets)][name] = docs
    for bucket, names in sorted(named.items()):
        path = f"{folder}n/{bucket}.js"
        yield path, _script(path, {name: _gaps(docs, 0) for name, docs in sorted(names.items())})
    manifest["named"] = sorted(named)
    routes: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for doc, item in enumerate(items):
        for name in dict.fromkeys(filter(None, map(keys.__getitem__, item.places))):
            routes[name_bucket(name.split(" ")[:1], buckets)][name].add(doc // RANGE)
    for bucket, places in sorted(routes.items()):
        path = f"{folder}p/{bucket}.js"
        yield path, _script(path, {name: _runs(sorted(ranges)) for name, ranges in sorted(places.items())})
    manifest["routed"] = sorted(routes)
    yield folder + "chi-muc.js", _script(folder + "chi-muc.js", manifest)


def script_payload(text: str) -> tuple[str, object]:
    """(path, payload) of a file written by `build`."""
    if not text.startswith("KH_IDX(") or not text.rstrip().endswith(");"):
        raise ValueError("not an index file")
    path, _, payload = text[len("KH_IDX("):].rstrip()[:-2].partition(",")
    return json.loads(path), json.loads(payload)

