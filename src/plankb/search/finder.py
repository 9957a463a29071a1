"""/tra-cuu/: the duty finder. Every duty, target and reporting obligation is one record, in an
index of the site search's kind (plankb.search.index_files, FOLDER) with a facet for each filter
(level, sector, plan, year, role, kind), so a filter reads the records it keeps and no more;
tra-cuu.js queries it with the site's engine (tim-kiem-loi.js, plankb.search.engine in Python).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from plankb import links
from plankb.background import StopFlag
from plankb.model import LEVEL_ORDER, LEVELS, ROLES, Corpus, Plan, Role
from plankb.pages.render_common import Context, plan_label
from plankb.preview import KeptPerPlan
from plankb.relations import Relations
from plankb.search import index_files
from plankb.text.markup import esc
from plankb.text.vietnamese import sort_key

KINDS = {"nhiem-vu": "Nhiệm vụ", "chi-tieu": "Chỉ tiêu", "bao-cao": "Báo cáo"}
FOLDER = "tra-cuu/chi-muc/"
STYLESHEET = "assets/tra-cuu.css"
# The folding and the engine come with every page (mkdocs.yml: extra_javascript), at its end;
# loaded here before the finder's script too, it starts a query while the page loads (a second
# run of each does nothing).
SCRIPTS = ("assets/javascripts/vi-fold.js", "assets/javascripts/tim-kiem-loi.js", "assets/javascripts/tra-cuu.js")
# Index fields and weights: the text, the agencies it names as responsible or partners, and what
# the record is (kind, level, place, plan, number, roles, sectors).
FIELDS = {"x": 1.0, "a": 2.0, "m": 1.0}
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


def records(corpus: Corpus, rel: Relations, kept: KeptPerPlan[tuple[Any, ...]] | None = None) -> list[Record]:
    """Every duty, target and report, plan by plan; `kept`: a preview's, each unchanged plan's."""
    if kept is None:
        return [record for plan in corpus.plans_newest_first() for record in _plan_records(plan, rel)]
    kept.start(None, corpus.plans)
    return [record for plan in corpus.plans_newest_first()
            for record in kept.get(plan, partial(_plan_records, plan, rel), rel.duties_by_plan.get(plan.id))]


def _plan_records(plan: Plan, rel: Relations) -> tuple[Record, ...]:
    out: list[Record] = []
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
    return tuple(out)


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
    """Each facet's values some record has (the union of their facet_values), labelled."""
    plans: dict[str, Plan] = {}
    agencies: set[str] = set()
    roles: set[str] = set()
    kinds: set[str] = set()
    for record in recs:  # ~100,000 at 1,000 plans: what a record adds, not its facet_values
        plans[record.plan.id] = record.plan
        agencies.update(record.agencies)
        roles.update(record.roles)
        kinds.add(record.kind)
    levels = {plan.level for plan in plans.values()}
    sectors = {corpus.agencies[a].sector for a in agencies}
    years = {str(y) for plan in plans.values() for y in range(plan.period_from, plan.period_to + 1)}
    return {
        "cap": [(level, LEVELS[level]) for level in LEVEL_ORDER if level in levels],
        "nganh": sorted(((s, corpus.sectors[s].label) for s in sectors), key=lambda o: sort_key(o[1])),
        "ke-hoach": [(p.id, plan_label(corpus, p.id)) for p in corpus.plans_newest_first() if p.id in plans],
        "nam": [(y, y) for y in sorted(years, reverse=True)],
        "vai-tro": [(role, ROLES[role]) for role in ROLES if role in roles],
        "loai": [(kind, label) for kind, label in KINDS.items() if kind in kinds],
    }


def _agency_words(corpus: Corpus, agency_ids: tuple[str, ...]) -> str:
    return " ".join(f"{corpus.agencies[a].name} {corpus.agencies[a].short or ''}" for a in agency_ids)


def _agency_line(corpus: Corpus, record: Record) -> str:
    """Who does it, as the result list says it."""
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(corpus.agencies[a].label for a in ids)

    main, others = names(record.agencies), names(record.others)
    if record.kind == "bao-cao":
        return (f"{main} báo cáo" if main else "Báo cáo") + (f" → {others}" if others else "") if main or others else ""
    roles = ", ".join(ROLES[r] for r in record.roles)
    line = main + (f" ({roles})" if main and roles else "")
    return line + ((" · " if line else "") + f"phối hợp: {others}" if others else "")


def item(ctx: Context, record: Record) -> index_files.Item:
    corpus, plan = ctx.corpus, record.plan
    sectors = [corpus.sectors[corpus.agencies[a].sector].name for a in record.agencies]
    # The plan label carries its first and last year ("Ninh Thuận 2021–2025"); the years between
    # are a filter, not words.
    meta = " ".join([KINDS[record.kind], LEVELS[plan.level], corpus.places[plan.place].name, plan_label(corpus, plan.id),
                     plan.number or "", *(ROLES[r] for r in record.roles), *dict.fromkeys(sectors)])
    facets = tuple(f"{key}={value}" for key, values in facet_values(corpus, record).items() for value in values)
    href = ctx.page_url(links.plan_page(plan.id)) + "#" + record.node
    return index_files.Item(
        fields={"x": record.text, "a": _agency_words(corpus, record.agencies + record.others), "m": meta},
        group=f"{plan.id}#{record.node}#{record.kind}", facets=facets,
        meta=[record.kind, plan_label(corpus, plan.id), href, record.number, record.text, LEVELS[plan.level],
              corpus.places[plan.place].name, _agency_line(corpus, record)])


def index(ctx: Context, in_parallel: bool = False, stop: StopFlag | None = None) -> Iterator[tuple[str, str]]:
    """The finder's index files, in FOLDER: (site path, script) as each is made."""
    recs = records(ctx.corpus, ctx.relations, ctx.kept.records if ctx.kept else None)
    return index_files.files([item(ctx, r) for r in recs], FIELDS, FOLDER, in_parallel, stop)


# Above this many plans the plan filter is no list (5,000 options: 400 KB): a plan is found by its
# place and year typed as keywords (the records' "m" field), or by ?ke-hoach=<id> in the address.
PLANS_LISTED = 300


def page(ctx: Context, recs: list[Record], plans_listed: int = PLANS_LISTED) -> str:
    here = links.FINDER
    options = facet_options(ctx.corpus, recs)
    counts = {kind: sum(1 for r in recs if r.kind == kind) for kind in KINDS}
    selects = []
    for key, label in FACETS.items():
        if key == "ke-hoach" and len(options[key]) > plans_listed:
            selects.append(f'<input type="hidden" name="{key}" id="kh-f-{key}" value="">')
            continue
        items = "".join(f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options[key])
        selects.append(f'<label class="kh-finder-facet">{esc(label)} <select name="{key}" id="kh-f-{key}">'
                       f'<option value="">Tất cả</option>{items}</select></label>')
    scripts = "\n".join(f'<script src="{esc(ctx.href(here, path))}"></script>' for path in SCRIPTS)
    stylesheet = f'<link rel="stylesheet" href="{esc(ctx.href(here, STYLESHEET))}">'
    summary = ", ".join(f"{counts[k]} {label.lower()}" for k, label in KINDS.items())
    by_plan = ("Lọc theo cấp, ngành, kế hoạch, năm, vai trò" if len(options["ke-hoach"]) <= plans_listed else
               "Lọc theo cấp, ngành, năm, vai trò; tìm trong một kế hoạch: gõ tên địa bàn và năm của nó (\"Kim Tân 2026\")")
    # kh_preload: the page's head starts loading the manifest when its address asks a query
    # (overrides/main.html), before the page's styles and scripts.
    return f"""---
kh_preload: {FOLDER}chi-muc.js
---

# Tra cứu nhiệm vụ, chỉ tiêu, báo cáo

Tìm trong {summary} của mọi kế hoạch. Gõ có dấu hay không dấu đều được ("cong an" tìm ra
"Công an"); mọi từ gõ vào phải có mặt. {by_plan}; mỗi kết quả
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
    return page(ctx, records(ctx.corpus, ctx.relations, ctx.kept.records if ctx.kept else None))
