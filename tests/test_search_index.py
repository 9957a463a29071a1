"""The seeds' search indexes as the core writes them (no engine, no browser): what they hold, the
relevance list (tests/fixtures/search_queries.yml) in Python, and the duty finder's facets. The same
list runs in Chromium in test_search_browser.py."""
import re

import pytest
import yaml

from conftest import ROOT
from plankb.relations import build as build_relations
from plankb.search import engine, finder, index_files, site_index
from plankb.site_files import make_site

QUERIES = ROOT / "tests" / "fixtures" / "search_queries.yml"
TOP = 3


@pytest.fixture(scope="module")
def made():
    site = make_site(ROOT, in_parallel=False)
    yield site
    site.close()


@pytest.fixture(scope="module")
def index_files_made(made):
    return made.indexes.texts()


@pytest.fixture(scope="module")
def search(index_files_made):
    return engine.from_files(index_files_made, site_index.FOLDER)


@pytest.fixture(scope="module")
def finder_index(index_files_made):
    return engine.from_files(index_files_made, finder.FOLDER)


def relevance_list() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def top_urls(index: engine.Index, query: str, top: int = TOP) -> list[list[str]]:
    """The URLs of each of the first `top` result groups (the page's best documents), as the
    header box shows them once it has read on."""
    return [[index.meta(d)[0] for d in g.docs] for g in index.read_on(query).groups[:top]]


def met(expect: str | list[str], groups: list[list[str]]) -> bool:
    """A page is met by a group of that page; a section or item by a document of those groups;
    a list of them (the places a fact is written in several plans) by any one."""
    if isinstance(expect, list):
        return any(met(one, groups) for one in expect)
    if "#" in expect:
        return any(expect in urls for urls in groups)
    return any(urls[0].split("#")[0] == expect for urls in groups)


def test_the_relevance_list_is_long_and_varied():
    queries = relevance_list()
    assert len(queries) >= 40
    typed = [q["query"] for q in queries]
    assert len(set(typed)) == len(typed)
    from plankb.search.searchtext import fold
    assert sum(fold(q) == q for q in typed) >= 10 and sum(fold(q) != q for q in typed) >= 10  # with and without marks


def test_relevance_list_in_python(search):
    missed = [(q["query"], q["expect"], top_urls(search, q["query"])) for q in relevance_list()
              if not met(q["expect"], top_urls(search, q["query"]))]
    assert missed == [], "\n".join(f"{q!r}: want {e}, got {[g[0] for g in got]}" for q, e, got in missed)


def test_every_document_links_to_an_anchor_its_page_has(made, search):
    ids_of: dict[str, set[str]] = {}
    for path, content in made.pages.items():
        if path.endswith(".md"):
            ids_of[made.context.linker.url(path)] = set(re.findall(r'(?:id="|\{#)([^"}\s]+)', content))
    missing = []
    for doc in range(search.manifest["docs"]):
        url = search.meta(doc)[0]
        page, _, anchor = url.partition("#")
        if anchor and page in ids_of and anchor not in ids_of[page]:
            missing.append(url)
    assert missing == []


def test_every_glossary_term_plan_item_and_cited_document_is_a_document(made, search, corpus):
    urls = {search.meta(d)[0] for d in range(search.manifest["docs"])}
    assert {f"thuat-ngu/#{t}" for t in corpus.terms} <= urls
    assert {f"van-ban/#{k}" for k in corpus.references if corpus.references[k].number} <= urls
    items = {f"ke-hoach/{p.id}/#{n.id}" for p in corpus.plans.values() for n in p.nodes() if n.kind in ("duty", "target")}
    assert items <= urls, sorted(items - urls)[:5]


def test_pages_of_a_fixed_number_come_first_and_guides_rank_last(search):
    m = search.manifest
    kinds = [search.meta(d)[4] for d in range(m["docs"])]
    later = set().union(*(search.tier1(r) for r in range(m["ranges"])))
    assert later == {d for d, kind in enumerate(kinds) if kind == "Hướng dẫn"} and later
    first_plan = next(d for d in range(m["docs"]) if re.match(r"ke-hoach/[^/#]+/", search.meta(d)[0]))
    assert {"Thuật ngữ", "Văn bản", "Lịch báo cáo", "Hướng dẫn"} <= set(kinds[:first_plan])
    assert search.meta(search.search("make validate").groups[0].docs[0])[4] == "Hướng dẫn"
    assert "Hướng dẫn" not in [search.meta(g.docs[0])[4] for g in search.search("đội 178").groups[:3]]


def test_overview_pages_are_named_by_kind_and_name(search):
    """'cấp xã', 'lĩnh vực tuyên truyền', 'ngành y tế' show that page first, before the many
    pages that list communes, propaganda duties or health agencies."""
    for query, page in [("cap xa", "cap/xa/"), ("lĩnh vực tuyên truyền", "linh-vuc/tuyen-truyen/"),
                        ("nganh y te", "nganh/y-te/")]:
        results = search.search(query)
        assert search.meta(results.groups[0].docs[0])[0] == page, query
        assert results.groups[0].docs[0] in search.named(engine.parse(query))


def test_the_places_a_query_names_are_routed_to_their_ranges(search):
    assert search.routed(engine.parse("cong an xa kim tan")) == [0]  # the seeds' index has one range
    assert search.routed(engine.parse("cong an xa")) == []


def test_no_index_file_is_big(index_files_made):
    sizes = {path: len(text.encode()) for path, text in index_files_made.items()}
    assert {p.split("/")[0] for p in sizes} == {"tim-kiem", "tra-cuu"}
    assert max(sizes.values()) < 200_000, max(sizes, key=sizes.get)


# --- Duty finder ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def records(corpus):
    return finder.records(corpus, build_relations(corpus))


def test_every_duty_target_and_report_is_a_record(corpus, records, finder_index):
    plans = corpus.plans.values()
    assert sum(r.kind == "nhiem-vu" for r in records) == sum(len(p.duties()) for p in plans)
    assert sum(r.kind == "chi-tieu" for r in records) == sum(len(p.targets()) for p in plans)
    assert finder_index.manifest["docs"] == len(records)


def all_found(index: engine.Index, query: str, facets=()) -> list[int]:
    return [g.docs[0] for g in index.search(query, facets=list(facets), want=10_000, group_size=1).groups]


def test_finder_search_folds_and_filters(records, finder_index):
    doi = all_found(finder_index, "doi 178")
    assert doi and all_found(finder_index, "đội 178") == doi
    commune = all_found(finder_index, "cong an", ["cap=xa"])
    assert commune and all(records[d].plan.level == "xa" for d in commune)
    assert len(all_found(finder_index, "cong an")) > len(commune)
    reports = all_found(finder_index, "", ["cap=xa", "loai=bao-cao"])
    assert reports == [n for n, r in enumerate(records) if r.kind == "bao-cao" and r.plan.level == "xa"]
    assert all_found(finder_index, "mà") == []  # only a stop word: nothing to look for


def test_finder_finds_the_seed_typo_and_ranks_accents_first(records, finder_index):
    found = all_found(finder_index, "mại dâm", ["ke-hoach=kim-tan-2026"])
    assert any("mai dâm" in records[d].text for d in found)  # the seed's typo, found folded
    first = records[found[0]].text
    assert "mại dâm" in first.lower()


def test_finder_results_link_to_their_plan_item(made, records, finder_index):
    for doc in all_found(finder_index, "tuyen truyen")[:20]:
        row = finder_index.meta(doc)
        record = records[doc]
        assert row[2] == made.context.page_url(f"ke-hoach/{record.plan.id}/index.md") + "#" + record.node
        assert f'id="{record.node}"' in made.pages[f"ke-hoach/{record.plan.id}/index.md"]


def test_finder_page_loads_its_script(corpus):
    from plankb.links import Linker
    from plankb.pages.render_common import Context
    page = finder.page_markdown(Context(corpus, Linker(directory_urls=False)))
    assert '<script src="../assets/javascripts/tra-cuu.js"></script>' in page


def test_index_groups_must_be_contiguous():
    items = [index_files.Item(fields={"x": "a"}, group=g, meta=[]) for g in ("p", "q", "p")]
    with pytest.raises(ValueError):
        index_files.build(items, {"x": 1.0}, "t/")


def test_the_finders_filters_offer_every_value_a_record_has_and_no_other(corpus, records):
    options = finder.facet_options(corpus, records)
    for key in finder.FACETS:
        offered = [value for value, _ in options[key]]
        had = {value for record in records for value in finder.facet_values(corpus, record)[key]}
        assert len(offered) == len(set(offered)) and set(offered) == had, key


def test_an_agency_page_is_searched_for_what_only_it_says(made, search):
    """Its facts, its plans, its partners: not the rows that repeat a plan's duties (their item,
    their partners), the change of its place, the calendar link, or the headings every agency
    page has over what is left out. Those are found where they are written."""
    agency_docs = [search.meta(d) for d in range(search.manifest["docs"]) if search.meta(d)[0].startswith("co-quan/")
                   and search.meta(d)[0].split("#")[0] != "co-quan/"]
    pages = made.pages
    assert any("danh mục chưa ghi cơ quan nào" in c for p, c in pages.items() if p.startswith("co-quan/"))
    assert any('class="kh-mentions"' in c for p, c in pages.items() if p.startswith("co-quan/"))
    texts = [meta[5] for meta in agency_docs]
    assert agency_docs and not [t for t in texts if "gạch đầu dòng" in t or "danh mục chưa ghi" in t or "Tải lịch" in t]
    assert [meta[0] for meta in agency_docs if not meta[5] and "#" in meta[0]] == []
    assert any(meta[0].endswith("#phoi-hop") for meta in agency_docs)  # the partners: only this page counts them
