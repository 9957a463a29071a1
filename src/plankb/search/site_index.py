"""The header search's index: every page's documents (plankb.search.documents), ordered so the
first ranges hold what is read most, written by plankb.search.index_files into FOLDER.

Order: the pages of a fixed number, whatever the size of the collection — home, glossary,
documents cited, calendar, guides (tier 1: they rank after content), indicators, levels,
sectors, areas…; then plan by plan, newest first, each plan's page followed by the pages of its
place and agencies (once); then the rest. A query reads ranges in this order until it has
enough results, so what is read most comes first.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from plankb import links
from plankb.background import StopFlag
from plankb.model import LEVEL_ORDER, LEVELS, Corpus
from plankb.search import index_files
from plankb.search.documents import Document
from plankb.text.vietnamese import PLACE_UNIT

FOLDER = "tim-kiem/"
# Field weights: a word in a section's (or a term's, an item's) title counts three times one in
# its text; the page's title (an agency's name, a plan's title) twice, on its first document.
WEIGHTS = {"t": 3.0, "p": 2.0, "x": 1.0}
EXCERPT_CHARS = 1000
GUIDES = "huong-dan/"
AGENCY_PAGES = links.AGENCIES_INDEX.removesuffix("index.md")  # "co-quan/"
# What a result says it is, by the first part of its URL.
KINDS = {"ke-hoach": "Kế hoạch", "co-quan": "Cơ quan", "thuat-ngu": "Thuật ngữ", "chi-tieu": "Chỉ tiêu",
         "van-ban": "Văn bản", "dia-ban": "Địa bàn", "cap": "Cấp", "nganh": "Ngành", "linh-vuc": "Lĩnh vực",
         "lich-bao-cao": "Lịch báo cáo", "tra-cuu": "Tra cứu", "du-lieu": "Dữ liệu mở", "huong-dan": "Hướng dẫn"}
FRONT = (links.HOME, links.GLOSSARY, links.REFERENCES, links.CALENDAR, links.FINDER, links.DATA_INDEX,
         links.INDICATORS_INDEX, links.LEVELS_INDEX, links.SECTORS_INDEX, links.AREAS_INDEX, links.PLACES_INDEX,
         links.AGENCIES_INDEX, links.PLANS_INDEX)


def page_order(corpus: Corpus, paths: list[str]) -> list[str]:
    """`paths` (site source paths of the pages) in index order."""
    present = set(paths)
    ordered: dict[str, None] = {}

    def take(path: str) -> None:
        if path in present:
            ordered.setdefault(path)

    for path in FRONT:
        take(path)
    for path in sorted(p for p in paths if "/" not in p or p.startswith(GUIDES)):  # hand-written pages
        take(path)
    for prefix in ("chi-tieu/", "cap/", "nganh/", "linh-vuc/"):
        for path in sorted(p for p in paths if p.startswith(prefix)):
            take(path)
    by_place: dict[str, list[str]] = {}
    for agency in sorted(corpus.agencies.values(), key=lambda a: a.id):
        by_place.setdefault(agency.place, []).append(agency.id)
    for plan in corpus.plans_newest_first():
        take(links.plan_page(plan.id))
        take(links.place_page(plan.place))
        for agency_id in by_place.get(plan.place, []):
            take(links.agency_page(agency_id))
    for path in sorted(paths):
        take(path)
    return list(ordered)


def _excerpt(text: str) -> str:
    """The text a result can quote, cut at a space (never inside a syllable)."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[:cut if cut > 0 else EXCERPT_CHARS] + " …"


def _kind(url: str) -> str:
    return KINDS.get(url.split("/", 1)[0], "")


def items(pages: list[tuple[str, list[Document]]], names: dict[str, tuple[str, ...]],
          places: dict[str, tuple[str, ...]] | None = None) -> list[index_files.Item]:
    """Index items of the pages' documents, in the given order (`names`: see `named`; `places`:
    see `place_names`)."""
    out = []
    places = places or {}
    for path, documents in pages:
        guide = path.startswith(GUIDES)
        agency = path.startswith(AGENCY_PAGES)
        titled: set[str] = set()
        for n, doc in enumerate(documents):
            if agency and n and not doc.text:
                # A heading every agency page has ("Nhiệm vụ", "Báo cáo") over what the search
                # leaves out (duties under their plans, the reports' table): nothing of its own.
                continue
            # A heading's words count once, on its first document, not on every item under it.
            fields = {"t": "" if doc.title in titled else doc.title, "x": doc.text}
            titled.add(doc.title)
            if n == 0:  # the page's kind, its title, and the names it goes by ("Sở LĐTBXH …")
                fields["p"] = " ".join(dict.fromkeys([_kind(doc.url), doc.page_title, *names.get(doc.url, ())]))
            out.append(index_files.Item(
                fields=fields, group=doc.page, tier=1 if guide else 0, names=names.get(doc.url, ()),
                places=places.get(path, ()), group_row=(doc.page, doc.page_title, _kind(doc.url)),
                meta=[doc.url, doc.page_title, doc.title, doc.label, _kind(doc.url), _excerpt(doc.text)]))
    return out


def named(corpus: Corpus, url: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """URL → the names a query can give it to see it first: a glossary term by its name and
    aliases; a document cited by its number ("1629/QĐ-TTg", "1629", "Quyết định 1629", "Nghị định 42/2025"); an
    agency by its name, short name and the names plans give it; a place by its name; a plan by
    its number; an area, a level, a sector by its kind and name. `url`: a page's URL from its
    source path."""
    names: dict[str, tuple[str, ...]] = {}
    for t in corpus.terms.values():
        names[f"{url(links.GLOSSARY)}#{t.id}"] = (t.term, *t.aliases)
    for ref in corpus.references.values():
        if ref.number:
            short = ref.number.split("/", 1)[0]
            forms = [ref.number, short]
            # A decree is cited with its year too: "Nghị định 42/2025" for 42/2025/NĐ-CP.
            parts = ref.number.split("/")
            if len(parts) > 2 and re.fullmatch(r"\d{4}", parts[1]):
                forms.append(f"{short}/{parts[1]}")
            names[f"{url(links.REFERENCES)}#{ref.key}"] = tuple(dict.fromkeys(
                [*forms, *(f"{ref.doctype} {form}" for form in forms)]))
    for agency in corpus.agencies.values():
        names[url(links.agency_page(agency.id))] = tuple(dict.fromkeys((agency.name, agency.label, *agency.aliases)))
    for place in corpus.places.values():
        names[url(links.place_page(place.id))] = (place.name,)
    for plan in corpus.plans.values():
        if plan.number:
            names[url(links.plan_page(plan.id))] = (plan.number,)
    # The overview pages by their kind and name: "lĩnh vực tuyên truyền", "cấp xã", "ngành y tế" —
    # however many plans they sum up.
    for area in corpus.areas.values():
        names[url(links.area_page(area.id))] = (f"lĩnh vực {area.name}",)
    for level in LEVEL_ORDER:
        names[url(links.level_page(level))] = (f"cấp {LEVELS[level]}",)
    for sector in corpus.sectors.values():
        names[url(links.sector_page(sector.id))] = tuple(dict.fromkeys((f"ngành {sector.label}", f"ngành {sector.name}")))
    return names


def place_names(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """Site source path → the names of the place its page is about (a plan's, an agency's, the
    place's own page): a query that names the place reads the ranges of those pages first."""
    def names(place_id: str) -> tuple[str, ...]:
        # Without its unit: "Hồng Ngự" is named as often as "huyện Hồng Ngự", and a query's "xã"
        # (as in "công an xã") does not load the names of every commune.
        return (PLACE_UNIT.sub("", corpus.places[place_id].name),)

    out = {links.place_page(p): names(p) for p in corpus.places}
    out.update((links.plan_page(p.id), names(p.place)) for p in corpus.plans.values())
    out.update((links.agency_page(a.id), names(a.place)) for a in corpus.agencies.values())
    return out


def pages_in_order(corpus: Corpus, documents: dict[str, list[Document]]) -> list[tuple[str, list[Document]]]:
    """(site source path, its documents) of every page, in index order (`page_order`)."""
    return [(path, documents[path]) for path in page_order(corpus, list(documents))]


def index(pages: list[tuple[str, list[Document]]], names: dict[str, tuple[str, ...]], places: dict[str, tuple[str, ...]],
          in_parallel: bool = False, stop: StopFlag | None = None) -> Iterator[tuple[str, str]]:
    """The index files, (site path, script) as each is made. `pages`: `pages_in_order`; `names`:
    URL → names that show it first (`named`); `places`: `place_names`; `in_parallel`: half the
    work in a child; `stop`: see index_files.files. Needs no corpus: a build's child has let it
    go by then."""
    return index_files.files(items(pages, names, places), WEIGHTS, FOLDER, in_parallel, stop)
