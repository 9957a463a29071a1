"""Everything the build generates, as (site path → how to make it), from a validated corpus."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from plankb import links
from plankb.background import StopFlag
from plankb.downloads import bibtex, export, workbook
from plankb.links import Linker
from plankb.model import LEVEL_ORDER, Corpus
from plankb.pages import agency_pages, calendar_pages, glossary_pages, index_pages, indicator_pages, overview, plan_page, reference_pages
from plankb.pages.render_common import Context, KeptPages
from plankb.preview import KeptPerPlan
from plankb.search import finder
from plankb.text.markup import link, table
from plankb.text.term_linker import definitions_script

# Above this many plans, /du-lieu/ says where each plan's own files are (its page's card) instead
# of a row per plan.
DATA_PLANS_LISTED = 100


def data_page(ctx: Context, plans_listed: int = DATA_PLANS_LISTED) -> str:
    here = links.DATA_INDEX
    rows = [
        (link(ctx.href(here, "du-lieu/ke-hoach.json"), "ke-hoach.json"),
         "Mọi kế hoạch: thông tin, chỉ tiêu, khối trách nhiệm, nhiệm vụ, báo cáo; cơ quan, chỉ số, địa bàn"),
        (link(ctx.href(here, "du-lieu/chi-tieu.csv"), "chi-tieu.csv"), "Mỗi dòng một chỉ tiêu bằng số (chỉ số, so sánh, giá trị, đơn vị, năm)"),
        (link(ctx.href(here, "du-lieu/nhiem-vu.csv"), "nhiem-vu.csv"), "Mỗi dòng một nhiệm vụ (cơ quan, vai trò, cơ quan phối hợp, lời văn)"),
        (link(ctx.href(here, WORKBOOK), "ke-hoach.xlsx"),
         "Nhiệm vụ và chỉ tiêu của mọi kế hoạch, mở bằng Excel: tiêu đề cột và tên cơ quan bằng tiếng Việt"),
        (link(ctx.href(here, links.BIBLIOGRAPHY), "tai-lieu.bib"), "Mọi văn bản căn cứ và các kế hoạch trong kho, dạng BibTeX"),
        (link(ctx.href(here, calendar_pages.calendar_file()), "lich-bao-cao.ics"), "Mọi hạn báo cáo, dạng iCalendar"),
    ]
    head = ("# Dữ liệu mở\n\nDữ liệu được xuất lại mỗi lần xây dựng trang, từ cùng nguồn với các trang.\n\n"
            + table(["Tệp", "Nội dung"], [list(r) for r in rows]) + "\n\n## Theo từng kế hoạch {#theo-ke-hoach}\n\n")
    if len(ctx.corpus.plans) > plans_listed:
        return head + (f"<p>Mỗi kế hoạch trong {overview.number(len(ctx.corpus.plans))} kế hoạch có tệp BibTeX và bản dữ liệu gốc (YAML) riêng, "
                       "ghi trong thẻ thông tin ở đầu trang của nó («Trích dẫn», «Bản dữ liệu gốc»); tìm kế hoạch ở "
                       f"{link(ctx.href(here, links.PLANS_INDEX), 'Kế hoạch')}.</p>\n")
    per_plan = [[ctx.plan_link(here, p.id), link(ctx.href(here, links.plan_bib(p.id)), f"{p.id}.bib"),
                 link(ctx.href(here, links.plan_source(p.id)), f"{p.id}.yml")] for p in ctx.corpus.plans_newest_first()]
    return head + table(["Kế hoạch", "BibTeX", "Nguồn YAML"], per_plan) + "\n"


TextMaker = Callable[[], str]
# Text, the bytes of a binary file (the workbook), or text in parts (ke-hoach.json: never held whole).
Maker = Callable[[], str | bytes | Iterable[str]]
WORKBOOK = "du-lieu/ke-hoach.xlsx"


@dataclass
class Build:
    """What the build generates, by site path, as makers: the caller decides where and when each
    file is made (the MkDocs adapter makes them in child processes, see `background`). Listing
    the paths is quick; what the pages share (relations, calendars) is computed by
    the first maker that needs it."""
    # Pages and files MkDocs reads as it renders, in that order.
    now: dict[str, TextMaker]
    # Downloads nothing else in the build reads (the JSON export, the workbook), the biggest
    # files: they can be made in the background while MkDocs renders.
    later: dict[str, Maker]
    context: Context  # what the makers share: the corpus, its links, its relations
    # Makers of many small files (the duty finder's index), (site path, content) as each is
    # made; their arguments: whether they may do half their work in a forked child, and a StopFlag.
    bundles: list[Callable[[bool, StopFlag], Iterable[tuple[str, str]]]]


@dataclass
class Kept:
    """What a preview's makers keep from one build to the next: the pages' (KeptPages), and each
    unchanged plan's CSV lines and source text (KeptPerPlan)."""
    pages: KeptPages = field(default_factory=KeptPages)
    rows: export.KeptRows = field(default_factory=export.KeptRows)
    sources: KeptPerPlan[str] = field(default_factory=KeptPerPlan)


def build(corpus: Corpus, directory_urls: bool = True, repo_edit_url: str | None = None, site_url: str = "",
          as_of: int | None = None, kept: Kept | None = None) -> Build:
    """`site_url` makes the links inside downloads (calendars) absolute when the site has one;
    `as_of`, the year the site is built in, marks the plans whose period is over;
    `kept`: a preview's, from its last build."""
    ctx = Context(corpus, Linker(directory_urls), repo_edit_url, site_url, as_of, kept.pages if kept else None)
    pages: dict[str, TextMaker] = {
        links.PLANS_INDEX: partial(index_pages.plans_index, ctx),
        links.AGENCIES_INDEX: partial(index_pages.agencies_index, ctx),
        links.LEVELS_INDEX: partial(index_pages.levels_index, ctx),
        links.PLACES_INDEX: partial(index_pages.places_index, ctx),
        links.SECTORS_INDEX: partial(index_pages.sectors_index, ctx),
        links.INDICATORS_INDEX: partial(indicator_pages.matrix_page, ctx),
        links.AREAS_INDEX: partial(indicator_pages.areas_index, ctx),
        links.REFERENCES: partial(reference_pages.references_page, ctx),
        links.GLOSSARY: lambda: glossary_pages.glossary_page(ctx, corpus.term_usage),
        links.CALENDAR: partial(calendar_pages.calendar_page, ctx),
        links.DATA_INDEX: partial(data_page, ctx),
        links.FINDER: partial(finder.page_markdown, ctx),
    }
    for plan in corpus.plans.values():
        pages[links.plan_page(plan.id)] = partial(plan_page.render, ctx, plan)
    for agency in corpus.agencies.values():
        pages[links.agency_page(agency.id)] = partial(agency_pages.render, ctx, agency)
    for level in LEVEL_ORDER:
        pages[links.level_page(level)] = partial(index_pages.level_page, ctx, level)
    for place in corpus.places:
        pages[links.place_page(place)] = partial(index_pages.place_page, ctx, place)
    for number in range(1, index_pages.places_page_count(ctx) + 1):
        pages[links.places_page(number)] = partial(index_pages.places_page, ctx, number)
    for sector in index_pages.sectors_in_use(ctx):
        pages[links.sector_page(sector)] = partial(index_pages.sector_page, ctx, sector)
    for indicator in corpus.indicators.values():
        pages[links.indicator_page(indicator.id)] = partial(indicator_pages.indicator_page, ctx, indicator)
    for area in corpus.areas:
        pages[links.area_page(area)] = partial(indicator_pages.area_page, ctx, area)
    now = dict(sorted(pages.items()))
    now.update(calendar_pages.calendar_makers(ctx, site_url or "../"))

    def plan_url(plan_id: str) -> str:
        return (site_url or "") + ctx.page_url(links.plan_page(plan_id))

    now[calendar_pages.UPCOMING_DATA] = partial(calendar_pages.upcoming_data, ctx)
    now[links.BIBLIOGRAPHY] = partial(bibtex.library, corpus, plan_url)
    now[links.TERM_DEFINITIONS] = partial(definitions_script, corpus.terms)
    now.update((links.plan_bib(p.id), partial(bibtex.plan_library, corpus, p, plan_url)) for p in corpus.plans.values())
    if corpus.root:
        if kept:
            kept.sources.start(None, corpus.plans)
        for plan in corpus.plans.values():
            read = partial((corpus.root / plan.file).read_text, encoding="utf-8")
            now[links.plan_source(plan.id)] = partial(kept.sources.get, plan, read) if kept else read
    rows = kept.rows if kept else None
    now["du-lieu/chi-tieu.csv"] = partial(export.targets_csv, corpus, rows)
    now["du-lieu/nhiem-vu.csv"] = lambda: export.duties_csv(corpus, ctx.relations, rows)
    later: dict[str, Maker] = {
        "du-lieu/ke-hoach.json": lambda: export.plans_json_parts(corpus, ctx.relations, "../", ctx.linker),
        WORKBOOK: lambda: workbook.duties_and_targets(corpus, ctx.relations),
    }
    return Build(now, later, ctx, [partial(finder.index, ctx)])
