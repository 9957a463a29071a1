"""/tra-cuu/: the duty finder. Every duty, target and reporting obligation is one record; the lunr
index is built here with lunr.py and loaded as is by lunr.js in the browser (tra-cuu.js), which
runs the same query as `search` below and filters by the same facets.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.query import Query, QueryPresence

from plankb import links
from plankb.model import LEVEL_ORDER, LEVELS, ROLES, Corpus, Plan, Role
from plankb.pages.render_common import Context, plan_label
from plankb.relations import Relations
from plankb.search import searchtext
from plankb.text.markup import esc
from plankb.text.vietnamese import sort_key

KINDS = {"nhiem-vu": "Nhiệm vụ", "chi-tieu": "Chỉ tiêu", "bao-cao": "Báo cáo"}
DATA_FILE = "tra-cuu/chi-muc.js"
STYLESHEET = "assets/tra-cuu.css"
SCRIPTS = ("assets/vendor/lunr/lunr.min.js", "assets/javascripts/vi-fold.js", DATA_FILE,
           "assets/javascripts/tra-cuu.js")
# Index fields and boosts: an agency named as responsible weighs more than one named in the text.
FIELDS = {"text": 1, "agency": 2, "meta": 1}
# Facets: URL parameter → label. The order is the order of the filters on the page.
FACETS = {"cap": "Cấp", "nganh": "Ngành", "ke-hoach": "Kế hoạch", "nam": "Năm", "vai-tro": "Vai trò",
          "loai": "Loại"}


@dataclass(frozen=True)
class Record:
    kind: str
    plan: Plan
    node: str
    number: str
    text: str
    agencies: tuple[str, ...]  # responsible (duty), reporter (report)
    others: tuple[str, ...]  # partners (duty), recipients and intermediaries (report)
    roles: tuple[Role, ...]


def records(corpus: Corpus, rel: Relations) -> list[Record]:
    out: list[Record] = []
    for plan in corpus.plans_newest_first():
        for node in plan.nodes():
            if node.kind == "duty":
                duty = rel.duty_of_node[(plan.id, node.id)]
                out.append(Record("nhiem-vu", plan, node.id, node.path, node.words, duty.agencies, duty.partners,
                                  node.roles))
            if node.kind == "target":
                out.append(Record("chi-tieu", plan, node.id, node.path, node.words, node.assigned, (), ()))
            if node.report is not None:
                report = node.report
                others = tuple(dict.fromkeys(a for a in report.to + report.via if a not in report.reporter))
                out.append(Record("bao-cao", plan, node.id, node.path, node.words, report.reporter, others, ()))
    return out


def facet_values(corpus: Corpus, record: Record) -> dict[str, list[str]]:
    plan = record.plan
    return {
        "cap": [plan.level],
        "nganh": list(dict.fromkeys(corpus.agencies[a].sector for a in record.agencies)),
        "ke-hoach": [plan.id],
        "nam": [str(y) for y in range(plan.period_from, plan.period_to + 1)],
        "vai-tro": list(record.roles),
        "loai": [record.kind],
    }


def facet_options(corpus: Corpus, recs: list[Record]) -> dict[str, list[tuple[str, str]]]:
    used: dict[str, set[str]] = {key: set() for key in FACETS}
    for record in recs:
        for key, values in facet_values(corpus, record).items():
            used[key].update(values)
    return {
        "cap": [(level, LEVELS[level]) for level in LEVEL_ORDER if level in used["cap"]],
        "nganh": sorted(((s, corpus.sectors[s].name) for s in used["nganh"]), key=lambda o: sort_key(o[1])),
        "ke-hoach": [(p.id, plan_label(corpus, p.id)) for p in corpus.plans_newest_first() if p.id in used["ke-hoach"]],
        "nam": [(y, y) for y in sorted(used["nam"], reverse=True)],
        "vai-tro": [(role, ROLES[role]) for role in ROLES if role in used["vai-tro"]],
        "loai": [(kind, label) for kind, label in KINDS.items() if kind in used["loai"]],
    }


def _agency_words(corpus: Corpus, agency_ids: tuple[str, ...]) -> list[str]:
    words: list[str] = []
    for aid in agency_ids:
        agency = corpus.agencies[aid]
        words += searchtext.tokens(agency.name)
        if agency.short:
            words += searchtext.tokens(agency.short)
    return words


def _document(corpus: Corpus, ref: int, record: Record) -> dict:
    plan = record.plan
    place = corpus.places[plan.place].name
    sectors = [corpus.sectors[corpus.agencies[a].sector].name for a in record.agencies]
    # The plan label carries its first and last year ("Ninh Thuận 2021–2025"); the years between
    # are a filter, not words (they would add five terms to every record).
    meta = " ".join([KINDS[record.kind], LEVELS[plan.level], place, plan_label(corpus, plan.id), plan.number or "",
                     *(ROLES[r] for r in record.roles), *dict.fromkeys(sectors)])
    return {"ref": str(ref), "text": searchtext.tokens(record.text),
            "agency": _agency_words(corpus, record.agencies + record.others), "meta": searchtext.tokens(meta)}


def build_index(corpus: Corpus, recs: list[Record]):
    """A lunr.py index whose serialised form lunr.js loads (search pipeline: vi-fold-query)."""
    functions = searchtext.register_lunr()
    builder = Builder()
    builder.pipeline.add(functions["vi-stop-word-filter"], functions[searchtext.FOLD])
    builder.search_pipeline.add(functions[searchtext.FOLD_QUERY])
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for ref, record in enumerate(recs):
        builder.add(_document(corpus, ref, record))
    return builder.build()


def _rank(score: float) -> int:
    """Scores compared at 1e-6, then record order: Python and JavaScript sum floats in different
    orders, so exact ties must not depend on the last bit. Same as rank() in tra-cuu.js."""
    return math.floor(score * 1e6 + 0.5)


@dataclass(frozen=True)
class Entry:
    """What search() needs of a record besides the index: its facet values, and its words (text
    and agency labels, as written) for ranking exact spellings first."""
    facets: dict[str, list[str]]
    words: list[str]


def entries(corpus: Corpus, recs: list[Record]) -> list[Entry]:
    return [Entry(facet_values(corpus, r), searchtext.tokens(
        " ".join([r.text, *(corpus.agencies[a].label for a in r.agencies + r.others)]))) for r in recs]


def search(index, items: list[Entry], query: str, filters: dict[str, str] | None = None) -> list[int]:
    """Record numbers matching every word of `query` (folded; the last word as a prefix) and every
    filter; first those with more accented words spelled as typed, then by lunr's score.
    The reference implementation of search() in docs/assets/javascripts/tra-cuu.js."""
    terms = searchtext.query_terms(query)
    if terms:
        q = index.create_query()
        typed = []
        for n, term in enumerate(terms):
            # Only the last word, the one being typed, is a prefix (see material_search_vi.js).
            last = n == len(terms) - 1
            q.term(term, use_pipeline=True, wildcard=Query.WILDCARD_TRAILING if last else Query.WILDCARD_NONE,
                   presence=QueryPresence.REQUIRED)
            typed.append((term, last))
        refs: list[int] = [int(h["ref"]) for h in sorted(index.query(q), key=lambda h: (
            -searchtext.exact_count(typed, items[int(h["ref"])].words), -_rank(h["score"]), int(h["ref"])))]
    elif query.strip():
        refs = []  # only stop words or punctuation: nothing to look for
    else:
        refs = list(range(len(items)))
    active = {key: value for key, value in (filters or {}).items() if value}
    return [ref for ref in refs if all(value in items[ref].facets[key] for key, value in active.items())]


def _payload(ctx: Context, recs: list[Record], index) -> dict:
    corpus = ctx.corpus
    plan_ids = [p.id for p in corpus.plans_newest_first()]
    plans = []
    for pid in plan_ids:
        plan = corpus.plans[pid]
        plans.append({"id": pid, "label": plan_label(corpus, pid), "level": plan.level,
                      "place": corpus.places[plan.place].name, "years": [plan.period_from, plan.period_to],
                      "href": ctx.href(links.FINDER, links.plan_page(pid))})
    plan_pos = {pid: i for i, pid in enumerate(plan_ids)}
    agency_ids = sorted({a for r in recs for a in r.agencies + r.others})
    agency_pos = {aid: i for i, aid in enumerate(agency_ids)}
    return {
        "version": 1,
        "separator": searchtext.SEPARATOR,
        "levels": LEVELS,
        "roles": ROLES,
        "kinds": KINDS,
        "plans": plans,
        "agencies": [[corpus.agencies[a].label, corpus.agencies[a].sector] for a in agency_ids],
        # [kind, plan, anchor, number, text, responsible agencies, other agencies, roles]
        "records": [[r.kind, plan_pos[r.plan.id], r.node, r.number, r.text,
                     [agency_pos[a] for a in r.agencies], [agency_pos[a] for a in r.others], list(r.roles)]
                    for r in recs],
        "index": index.serialize(),
    }


_DATA_PREFIX = "window.KH_TRA_CUU=JSON.parse("


def data_file(ctx: Context, recs: list[Record], index) -> str:
    """A script, not a .json file: pages opened from file:// cannot fetch() files. The data is a
    JSON string handed to JSON.parse, which browsers read several times faster than the same data
    written as a JavaScript object literal (it matters at tens of megabytes)."""
    data = json.dumps(_payload(ctx, recs, index), ensure_ascii=False, separators=(",", ":"))
    return _DATA_PREFIX + json.dumps(data, ensure_ascii=False) + ");\n"


def read_data_file(text: str) -> dict:
    """The payload of a data file written by `data_file` (for tests and benchmarks)."""
    if not text.startswith(_DATA_PREFIX) or not text.rstrip().endswith(");"):
        raise ValueError("not a finder data file")
    return json.loads(json.loads(text[len(_DATA_PREFIX):].rstrip()[:-2]))


def page(ctx: Context, recs: list[Record]) -> str:
    here = links.FINDER
    options = facet_options(ctx.corpus, recs)
    counts = {kind: sum(1 for r in recs if r.kind == kind) for kind in KINDS}
    selects = []
    for key, label in FACETS.items():
        items = "".join(f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options[key])
        selects.append(f'<label class="kh-finder-facet">{esc(label)} <select name="{key}" id="kh-f-{key}">'
                       f'<option value="">Tất cả</option>{items}</select></label>')
    scripts = "\n".join(f'<script src="{esc(ctx.href(here, path))}"></script>' for path in SCRIPTS)
    stylesheet = f'<link rel="stylesheet" href="{esc(ctx.href(here, STYLESHEET))}">'
    summary = ", ".join(f"{counts[k]} {label.lower()}" for k, label in KINDS.items())
    return f"""# Tra cứu nhiệm vụ, chỉ tiêu, báo cáo

Tìm trong {summary} của mọi kế hoạch. Gõ có dấu hay không dấu đều được ("cong an" tìm ra
"Công an"); mọi từ gõ vào phải có mặt. Lọc theo cấp, ngành, kế hoạch, năm, vai trò; mỗi kết quả
dẫn tới đúng mục trong toàn văn kế hoạch.

<form class="kh-finder" id="kh-finder" role="search" aria-label="Tra cứu nhiệm vụ, chỉ tiêu, báo cáo" data-search-exclude data-no-terms>
{stylesheet}
<label class="kh-finder-query" for="kh-q">Từ khóa
<input type="search" id="kh-q" name="tu-khoa" autocomplete="off" placeholder="ví dụ: tuyen truyen hoc sinh"></label>
<div class="kh-finder-facets">{"".join(selects)}</div>
</form>

<p class="kh-finder-status" id="kh-finder-status" aria-live="polite" data-search-exclude data-no-terms>Trang tra cứu cần JavaScript để chạy.</p>

<ol class="kh-finder-results" id="kh-finder-results" data-search-exclude data-no-terms></ol>

<p><button type="button" class="md-button kh-finder-more" id="kh-finder-more" hidden>Xem thêm</button></p>

{scripts}
"""


def page_markdown(ctx: Context) -> str:
    """The finder page (links.FINDER)."""
    return page(ctx, records(ctx.corpus, ctx.relations))


def data(ctx: Context) -> str:
    """The records and their prebuilt index (DATA_FILE)."""
    recs = records(ctx.corpus, ctx.relations)
    return data_file(ctx, recs, build_index(ctx.corpus, recs))
