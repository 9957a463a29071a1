"""Site search and duty finder in headless Chromium, over HTTP and from the offline copy opened
as files; every request to another host is aborted and counted, and the count must be zero."""
import re
import zipfile
from urllib.parse import quote

import pytest
from lunr.index import Index

import build_offline
from browser import serve
from plankb.relations import build as build_relations
from plankb.search import finder, searchtext

playwright = pytest.importorskip("playwright.sync_api")


# Material's own search worker, driven directly: every result of a query, not only those the
# result list has rendered. Same worker file, same index, same lunr.vi as the search box.
WORKER = """async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  if (!window.__khSearch) {
    const index = location.protocol === "file:"
      ? await new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = new URL("search/search_index.js", base).href;
          script.onload = () => resolve(window.__index);
          script.onerror = reject;
          document.head.appendChild(script);
        })
      : await (await fetch(new URL("search/search_index.json", base))).json();
    const worker = new Worker(new URL(config.search, base).href);
    const pending = [];
    worker.addEventListener("message", ev => pending.shift()(ev.data));
    const send = message => new Promise(resolve => { pending.push(resolve); worker.postMessage(message); });
    await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
    window.__khSearch = send;
  }
  const out = {};
  for (const query of queries) {
    const result = await window.__khSearch({ type: 2, data: query });
    out[query] = result.data.items.flat().map(item => ({
      location: item.location, title: item.title, text: item.text, score: item.score, terms: item.terms }));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """`make offline`'s zip, unpacked: the folder a workshop participant opens."""
    work = tmp_path_factory.mktemp("offline")
    archive = build_offline.build(work / "offline.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(work)
    return work / build_offline.FOLDER


@pytest.fixture(scope="module", params=["http", "file"])
def where(request, site, offline_site):
    """(base URL, site folder): the published site over HTTP, or the offline copy as files."""
    if request.param == "http":
        with serve(site) as url:
            yield url, site
    else:
        yield offline_site.as_uri() + "/", offline_site


def at(base: str, path: str) -> str:
    """A page URL: directory URLs over HTTP, index.html files in the offline copy."""
    if base.startswith("file:") and (path == "" or path.endswith("/")):
        path += "index.html"
    return base + path


def search_box(page, base, query):
    """Open any page with ?q= (Material's deep link) and wait for the result list."""
    page.goto(at(base, "") + "?q=" + quote(query))
    page.wait_for_function("() => /tài liệu|Không tìm/.test("
                           "document.querySelector('.md-search-result__meta').textContent)")
    return page.locator(".md-search-result__item")


def marks(locator) -> list[str]:
    return [m.strip() for m in locator.locator("mark").all_text_contents()]


def test_unaccented_query_finds_plan_pages_and_highlights_accented_text(page, where, artifacts):
    base, _ = where
    items = search_box(page, base, "mai dam")
    assert {"mại", "dâm"} <= set(marks(items.first))
    plan = page.locator(".md-search-result__item", has=page.locator('a[href*="ke-hoach/"]'))
    for _ in range(20):  # the list renders more results as it is scrolled
        if plan.count():
            break
        scroll = page.locator(".md-search__scrollwrap")
        scroll.evaluate("el => el.scrollTop = 0")  # Material loads more each time the end comes into view
        page.wait_for_timeout(50)
        scroll.evaluate("el => el.scrollTop = el.scrollHeight")
        page.wait_for_timeout(100)
    assert plan.count(), "no plan page among the results"
    assert {"mại", "dâm"} <= set(marks(plan.first))
    page.screenshot(path=str(artifacts / f"tim-kiem-mai-dam-{base[:4]}.png"))


def test_doi_178_finds_the_178_teams(page, where):
    base, _ = where
    first = search_box(page, base, "doi 178").first
    assert re.search(r"Đội.*178", first.locator("h1").first.inner_text())
    assert {"Đội", "178"} <= set(marks(first))


def test_document_number_is_a_search_term(page, where):
    base, _ = where
    items = search_box(page, base, "1629")
    texts = items.all_text_contents()
    assert any("1629/QĐ-TTg" in t for t in texts)
    assert "1629" in marks(items.first)


def test_site_search_details(page, where):
    """Through Material's worker: every result of a query, with its highlighted text."""
    base, _ = where
    page.goto(at(base, ""))
    results = page.evaluate(WORKER, ["mại dâm xảy ra", "bán", "ban", "mà", "tỉnh", "178/2004", "doi"])
    # The seed's own typo ("mai dâm", Kim Tân) is found and highlighted by "mại dâm".
    kim_tan = next(r for r in results["mại dâm xảy ra"] if re.search(r"kim-tan-2026/(index.html)?#iv-12$", r["location"]))
    assert "<mark>mai</mark> <mark>dâm</mark> <mark>xảy</mark> <mark>ra</mark>" in kim_tan["text"]
    assert kim_tan["terms"] == {"mại": True, "dâm": True, "xảy": True, "ra": True}
    # An accented query ranks exact spellings first, above folded matches ("Ban", "bàn", "bản").
    exact = [bool(re.search(r"<mark>[Bb]án", r["title"] + r["text"])) for r in results["bán"][:10]]
    assert all(exact), results["bán"][:10]
    unaccented = [bool(re.search(r"<mark>[Bb]án", r["title"] + r["text"])) for r in results["ban"][:10]]
    assert not all(unaccented)  # without accents, the other words are just as good
    # A stop word stays accented: "mà" is not folded to "ma" (only "màn…" can match the prefix).
    stop = [m for r in results["mà"] for m in re.findall(r"<mark>(.*?)</mark>", r["title"] + r["text"])]
    assert all(m.lower().startswith("mà") and len(m) > 2 for m in stop), stop
    # Punctuation separates words: "tỉnh." is the word "tỉnh"; numbers keep their parts.
    assert any("<mark>tỉnh</mark>." in r["text"] for r in results["tỉnh"])
    assert any("<mark>178</mark>/<mark>2004</mark>" in r["text"] for r in results["178/2004"])
    # Never a <mark> inside a <mark>, though a word is indexed twice (as written and folded).
    assert not any("<mark><mark>" in r["text"] for rs in results.values() for r in rs)
    assert any("<mark>Đội</mark>" in r["title"] for r in results["doi"])


# --- Duty finder -----------------------------------------------------------------------------

QUERIES = [
    ("cong an", {}), ("công an", {"cap": "xa"}), ("tuyen truyen hoc sinh", {}), ("bán dâm", {}),
    ("mại dâm", {"ke-hoach": "kim-tan-2026"}), ("bao cao", {"loai": "bao-cao"}), ("doi 178", {}),
    ("", {"cap": "xa", "vai-tro": "chu-tri"}), ("kiểm tra", {"nam": "2023", "nganh": "cong-an"}),
    ("y te", {"cap": "tinh"}), ("mà", {}), ("xyzxyz", {}),
]


def load_finder(folder):
    text = (folder / finder.DATA_FILE).read_text(encoding="utf-8")
    data = finder.read_data_file(text)
    searchtext.register_lunr()
    return data, Index.load(data["index"])


def test_finder_gives_the_same_results_as_lunr_py(page, where, corpus):
    base, folder = where
    data, index = load_finder(folder)
    records = finder.records(corpus, build_relations(corpus))
    entries = finder.entries(corpus, records)
    assert [[r.kind, r.node] for r in records] == [[r[0], r[2]] for r in data["records"]]
    page.goto(at(base, "tra-cuu/"))
    page.wait_for_function("() => window.khTraCuu")
    for query, filters in QUERIES:
        expected = finder.search(index, entries, query, filters)
        assert page.evaluate("([q, f]) => window.khTraCuu.search(q, f)", [query, filters]) == expected, query
    assert finder.search(index, entries, "cong an") != finder.search(index, entries, "cong an", {"cap": "xa"})


def test_finder_shows_more_only_while_there_is_more(page, where):
    """"Xem thêm" appears when a query has more than the 50 results shown, adds the next ones, and
    is gone once all are shown (it was always visible, and did nothing without a query)."""
    base, _ = where
    page.goto(at(base, "tra-cuu/"))
    more = page.locator("#kh-finder-more")
    assert not more.is_visible()  # no query: nothing to show more of
    page.fill("#kh-q", "ubnd")
    hits = page.locator("#kh-finder-results > li")
    hits.first.wait_for()
    total = int(page.locator("#kh-finder-status").inner_text().split()[0])
    assert total > 50 and hits.count() == 50 and more.is_visible()
    while more.is_visible():
        more.click()
    assert hits.count() == total


def test_finder_page_filters_to_commune_duties(page, where, corpus, artifacts):
    base, folder = where
    data, index = load_finder(folder)
    records = finder.records(corpus, build_relations(corpus))
    entries = finder.entries(corpus, records)
    page.goto(at(base, "tra-cuu/"))
    page.fill("#kh-q", "cong an")
    page.select_option("#kh-f-cap", "xa")
    hits = page.locator("#kh-finder-results > li")
    hits.first.wait_for()
    expected = finder.search(index, entries, "cong an", {"cap": "xa"})
    assert page.locator("#kh-finder-status").inner_text() == f"{len(expected)} kết quả"
    shown = [int(ref) for ref in hits.evaluate_all("els => els.map(el => el.dataset.ref)")]
    assert shown == expected[:50]
    assert all("Kim Tân 2026" in t for t in hits.locator(".kh-finder-meta").all_inner_texts())
    assert "Công an xã Kim Tân" in hits.first.inner_text()
    highlighted = [searchtext.fold(m.lower()) for m in marks(hits.first)]
    assert "cong" in highlighted and all(m == "cong" or m.startswith("an") for m in highlighted)
    page.screenshot(path=str(artifacts / f"tra-cuu-cong-an-xa-{base[:4]}.png"), full_page=False)
    # The result leads to the item's anchor in the plan.
    anchor = data["records"][expected[0]][2]
    with page.expect_navigation():
        hits.first.locator("a.kh-finder-link").click()
    assert page.url.endswith(f"#{anchor}") and "kim-tan-2026" in page.url
    assert page.locator(f"[id='{anchor}']").is_visible()


def test_finder_reads_its_state_from_the_url(page, where):
    base, _ = where
    page.goto(at(base, "tra-cuu/") + "?tu-khoa=doi+178&loai=nhiem-vu")
    page.locator("#kh-finder-results > li").first.wait_for()
    assert page.input_value("#kh-q") == "doi 178"
    assert page.input_value("#kh-f-loai") == "nhiem-vu"
    assert all(t.startswith("Nhiệm vụ") for t in page.locator(".kh-finder-meta").all_inner_texts())
    assert not page.locator("#__search").is_checked()  # Material's search box stays closed
    page.fill("#kh-q", "tuyen truyen")
    assert "tu-khoa=tuyen+truyen" in page.url and "loai=nhiem-vu" in page.url  # a link to share


def test_opened_result_highlights_folded_words_on_the_page(page, where):
    """Material marks the query as typed on the opened page (?h=); vi-highlight.js adds the words
    that match only when folded, without marking anything twice."""
    base, _ = where
    page.goto(at(base, "ke-hoach/kim-tan-2026/") + "?h=mai+dam")
    folded = page.locator("article mark[data-vi-fold]")
    folded.first.wait_for()
    assert {"mại", "dâm"} <= {t.lower() for t in folded.all_inner_texts()}
    page.goto(at(base, "ke-hoach/kim-tan-2026/") + "?h=m%E1%BA%A1i+d%C3%A2m")  # "mại dâm"
    page.locator("article mark[data-vi-fold]").first.wait_for()
    assert set(page.locator("article mark[data-vi-fold]").all_inner_texts()) == {"mai"}  # the seed's typo
    if base.startswith("http"):  # Material's own highlighter (it needs the index, fetched over HTTP)
        page.locator("article mark[data-md-highlight]:not([data-vi-fold])").first.wait_for()
        assert "mại" in page.locator("article mark:not([data-vi-fold])").all_inner_texts()
    assert page.locator("article mark mark").count() == 0
