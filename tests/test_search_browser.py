"""The header search and the duty finder in headless Chromium, over HTTP and from the offline copy
opened as files; every request to another host is aborted and counted (the `page` fixture fails
on one, and on any script error)."""
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

import build_offline
from browser import serve
from conftest import ROOT
from plankb.search import engine, finder, index_files, searchtext, site_index
from test_search_index import TOP, met, relevance_list

playwright = pytest.importorskip("playwright.sync_api")


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


def python_index(folder: Path, collection: str) -> engine.Index:
    cache: dict[str, object] = {}

    def load(path: str) -> object:
        if path not in cache:
            cache[path] = index_files.script_payload((folder / collection / path).read_text(encoding="utf-8"))[1]
        return cache[path]

    return engine.Index(load)


# The browser's engine, driven directly: every group of a query, as engine.py returns it.
RUN = """async ([collection, queries, facets, want]) => {
  const index = khSearch.index(collection), out = [];
  for (const q of queries) {
    const r = await index.search(q, {facets: facets, want: want || 20});
    out.push({groups: r.groups.map(g => g.docs), hits: r.hits, more: r.more, ranges: r.rangesRead});
  }
  return out;
}"""


def directory_url(url: str) -> str:
    """The offline copy's 'huong-dan/loi.html#e215' as the site's 'huong-dan/loi/#e215'."""
    return re.sub(r"(?:^|(?<=/))index\.html", "", re.sub(r"(^|/)(?!index\.)([^/#]+)\.html", r"\1\2/", url))


def typed(page, query: str):
    """Type into the header box (it is on every page) and wait for its results."""
    page.fill("#kh-search-input", query)
    page.wait_for_function("q => document.getElementById('kh-search-results').dataset.query === q", arg=query)
    return page.locator("#kh-search-results [role=option]")


def test_the_browsers_engine_gives_the_pythons_results(page, where):
    base, folder = where
    queries = [q["query"] for q in relevance_list()] + ["mại dâm", "xã", "cong an x", "mà", "1.000"]
    page.goto(at(base, "ke-hoach/"))
    ours = python_index(folder, site_index.FOLDER)
    expected = [{"groups": [g.docs for g in r.groups], "hits": r.hits, "more": r.more, "ranges": r.ranges_read}
                for r in (ours.search(q, want=20) for q in queries)]
    assert page.evaluate(RUN, [site_index.FOLDER, queries, []]) == expected
    records = python_index(folder, finder.FOLDER)
    for query, facets in [("cong an", ["cap=xa"]), ("", ["loai=bao-cao"]), ("tuyen truyen", ["nam=2023", "vai-tro=chu-tri"]),
                          ("doi 178", [])]:
        found = records.search(query, facets=facets, want=20)
        assert page.evaluate(RUN, [finder.FOLDER, [query], facets]) == [
            {"groups": [g.docs for g in found.groups], "hits": found.hits, "more": found.more, "ranges": found.ranges_read}]


def _folder_page(folder: Path, files: dict[str, str], scripts: tuple[str, ...], body: str = "") -> str:
    """A page in `folder` with index `files` and our `scripts`; its file:// URL."""
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    (folder / "assets" / "javascripts").mkdir(parents=True)
    for name in scripts:
        (folder / "assets/javascripts" / name).write_bytes((ROOT / "docs/assets/javascripts" / name).read_bytes())
    tags = "".join(f'<script src="assets/javascripts/{name}"></script>' for name in scripts)
    (folder / "index.html").write_text(f'<!doctype html><meta charset="utf-8">{body}{tags}', encoding="utf-8")
    return (folder / "index.html").as_uri()


def test_the_browsers_engine_routes_places_and_binds_numbers_as_pythons(page, tmp_path, monkeypatch):
    """On an index of many ranges (the seeds' has one): a named place's ranges first, only the
    ranges with every typed word, numbers typed as one kept together — the same documents and
    ranges read as engine.py, from a folder."""
    from test_search import place_index
    monkeypatch.setattr(index_files, "RANGE", 4)
    extra = [index_files.Item(fields={"x": t}, group=t, meta=[t]) for t in ["hạn 20/6/2025", "20 xã, 6 phường, 2025", "riêng"]]
    files = index_files.build(place_index() + extra, {"x": 1.0}, "t/")
    page.goto(_folder_page(tmp_path, files, ("vi-fold.js", "tim-kiem-loi.js")))
    ours = engine.from_files(files, "t/")
    queries = ["cong an hong ngu", "công an xã kim tân", "cong an huyen", "20/6/2025", "20 6 2025", "han 20/6", "rieng",
               "thon rieng"]
    expected = [{"groups": [g.docs for g in r.groups], "hits": r.hits, "more": r.more, "ranges": r.ranges_read}
                for r in (ours.search(q, want=3) for q in queries)]
    assert [40] in expected[0]["groups"] and len(expected[3]["groups"]) == 1
    assert expected[6]["ranges"] == 1 and expected[7]["ranges"] == 0
    assert page.evaluate(RUN, ["t/", queries, [], 3]) == expected


def _shown_urls(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('#kh-search-results a')]
      .map(a => decodeURIComponent(a.getAttribute('href').replace(khSearch.siteRoot, '').replace(/\\?h=.*/, '')))""")


def test_the_box_reads_on_a_query_with_few_results_then_on_request(page, tmp_path, monkeypatch):
    """Past MAX_RANGES ranges with fewer than ten pages, the box reads on by itself (as
    engine.Index.read_on); then "Tìm tiếp" reads more, until every range is read."""
    monkeypatch.setattr(index_files, "RANGE", 2)  # each range: "xử lý …" and "phạt tiền …", apart
    texts = [t for r in range(60) for t in (f"xử lý {r}", f"phạt tiền {r}" if r not in (1, *range(30, 36), 55) else f"xử phạt {r}")]
    items = [index_files.Item(fields={"x": t}, group=t, meta=[t, "", t, "", "", ""]) for t in texts]  # a row as the box shows it
    files = index_files.build(items, {"x": 1.0}, site_index.FOLDER)
    page.goto(_folder_page(tmp_path, files, ("vi-fold.js", "tim-kiem-loi.js", "tim-kiem.js"), '<div class="md-header__inner"></div>'))
    read_on = engine.from_files(files, site_index.FOLDER).read_on("xu phat")
    assert read_on.more and read_on.ranges_read == engine.READ_ON_ROUNDS * engine.MAX_RANGES
    page.focus("#kh-search-input")
    typed(page, "xu phat")
    assert _shown_urls(page) == ["xử phạt 1", *(f"xử phạt {r}" for r in range(30, 36))]
    assert _shown_urls(page) == [engine.from_files(files, site_index.FOLDER).meta(g.docs[0])[0] for g in read_on.groups]
    more = page.locator(".kh-search__more")
    assert more.is_visible()
    page.evaluate("() => { window.done = new Promise(r => document.addEventListener('kh-search-done', r, {once: true})); }")
    more.click()
    page.evaluate("() => window.done")
    assert _shown_urls(page)[-1] == "xử phạt 55" and more.is_hidden()


def test_relevance_list_in_chromium(page, where):
    """Typed into the box: the expected page or section is among the first three groups shown."""
    base, _ = where
    page.goto(at(base, ""))
    missed = []
    for q in relevance_list():
        typed(page, q["query"])
        groups = page.evaluate("""() => { const out = [];
          for (const li of document.querySelectorAll('#kh-search-results > li')) {
            const url = li.querySelector('a').getAttribute('href').replace(/\\?h=[^#]*/, '');
            if (li.classList.contains('kh-search__group')) out.push([url]); else out[out.length - 1].push(url);
          }
          return out; }""")
        root = page.evaluate("khSearch.siteRoot")
        urls = [[directory_url(u.removeprefix(root)) for u in g] for g in groups[:TOP]]
        if not met(q["expect"], urls):
            missed.append((q["query"], q["expect"], [g[0] for g in urls]))
    assert missed == []


def test_nothing_is_loaded_until_the_box_is_focused(page, where, site):
    base, _ = where
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(at(base, "ke-hoach/kim-tan-2026/"))
    page.wait_for_load_state("load")
    assert [u for u in loaded if "/tim-kiem/" in u or "/tra-cuu/chi-muc/" in u] == []
    page.focus("#kh-search-input")
    page.wait_for_function("() => khSearch.loadedPaths().includes('tim-kiem/chi-muc.js')")
    typed(page, "cong an xa")
    files = [u.split("/tim-kiem/")[1] for u in loaded if "/tim-kiem/" in u]
    assert files[0] == "chi-muc.js", files
    shards = [f for f in files if f.startswith("s/")]
    assert 1 <= len(shards) <= 3 and all(f.startswith("s/0/") for f in shards)  # one per word, the first range only
    assert len([f for f in files if f.startswith("m/")]) <= engine.WANT * engine.GROUP_SIZE  # excerpts of what is shown
    assert len(files) == len(set(files))  # nothing loaded twice
    assert page.guard.external == []


def test_keyboard_aria_and_opening_a_result_on_its_section(page, where):
    base, _ = where
    page.goto(at(base, "ke-hoach/"))
    page.keyboard.press("/")
    box = page.locator("#kh-search-input")
    assert page.evaluate("document.activeElement.id") == "kh-search-input"
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-controls") == "kh-search-results"
    page.keyboard.type("cong an xa kim tan")
    page.wait_for_function("document.getElementById('kh-search-results').dataset.query === 'cong an xa kim tan'")
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator("#kh-search-results").get_attribute("role") == "listbox"
    status = page.inner_text("#kh-search-status")
    assert status.startswith("Có ") and "Enter" in status
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#kh-search-results [role=option]").nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    href = second.get_attribute("href")
    assert "?h=cong%20an%20xa%20kim%20tan" in href
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0] == href.split("?")[0]
    marks = {m.lower() for m in page.locator("article mark.kh-hit").all_inner_texts()}
    assert {"công", "an", "xã", "kim", "tân"} <= marks  # folded: "cong an xa" marks the accented words
    if "#" in href:
        target = page.locator(f"[id='{href.split('#')[1]}']")
        assert target.evaluate("el => el.classList.contains('kh-search-target')") and target.is_visible()
    page.keyboard.press("/")
    typed(page, "doi 178")
    page.keyboard.press("Escape")  # clears the box …
    assert box.input_value() == ""
    page.keyboard.press("Escape")  # … then closes it
    assert page.locator(".kh-search__drop").is_hidden() and page.evaluate("document.activeElement.id") != "kh-search-input"


def test_result_pages_show_before_their_rows_load(page, site):
    """The list shows each result page (its title and kind, from the range file) as soon as the
    query is done; the sections and excerpts (m/ files) fill in when they arrive."""
    held, holding = [], [True]

    def hold(route) -> None:
        if holding[0]:
            held.append(route)  # not answered yet
        else:
            route.continue_()

    with serve(site) as base:
        page.route("**/tim-kiem/m/**", hold)
        page.goto(base + "ke-hoach/")
        page.fill("#kh-search-input", "cong an xa kim tan")
        page.wait_for_function("document.getElementById('kh-search-results').dataset.shown === 'cong an xa kim tan'")
        options = page.locator("#kh-search-results [role=option]")
        titles = options.locator(".kh-search__title").all_inner_texts()
        assert held and len(titles) == options.count() >= 3 and "Công an xã Kim Tân" in titles
        assert page.locator("#kh-search-results .kh-search__text").count() == 0  # no excerpt yet
        assert page.locator("#kh-search-results").get_attribute("data-query") is None
        holding[0] = False
        for route in held:
            route.continue_()
        page.wait_for_function("document.getElementById('kh-search-results').dataset.query === 'cong an xa kim tan'")
        assert page.locator("#kh-search-results .kh-search__text").count() > 0


def test_the_last_word_is_a_prefix_accented_or_not(page, where):
    """"xã" and "tế" typed last stay whole words of their own ("xã" was cut to "x" by Material)."""
    base, _ = where
    page.goto(at(base, ""))
    for query, word in (("công an xã", "xã"), ("sở y tế", "tế"), ("cong an xa", "xã")):
        options = typed(page, query)
        assert options.count() > 0
        first = {m.lower() for m in options.first.locator("mark").all_inner_texts()}
        assert word in first, (query, first)
    assert typed(page, "cong an x").count() == typed(page, "cong an").count()  # a letter being typed waits


def test_a_named_term_comes_first_and_guides_after_content(page, where):
    base, _ = where
    page.goto(at(base, ""))
    first = typed(page, "giảm hại").first
    assert "#giam-hai" in first.get_attribute("href") and "Thuật ngữ" in first.inner_text()
    kinds = [t.split(" · ")[0] for t in page.locator(".kh-search__where").all_inner_texts()]
    typed(page, "make validate")
    assert page.locator(".kh-search__where").first.inner_text().startswith("Hướng dẫn")
    assert "Hướng dẫn" not in kinds[:3]


def test_no_result_says_so_in_vietnamese(page, where):
    base, _ = where
    page.goto(at(base, ""))
    assert typed(page, "zzzqqq").count() == 0
    assert page.inner_text("#kh-search-status").startswith("Không thấy kết quả cho “zzzqqq”")


def test_the_box_opens_from_its_button_on_a_phone(browser, where):
    base, _ = where
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    tab = context.new_page()
    tab.goto(at(base, "ke-hoach/kim-tan-2026/"))
    assert tab.locator("#kh-search-input").is_hidden()
    tab.click(".kh-search__toggle")
    assert tab.locator("#kh-search-input").is_visible()
    typed(tab, "doi 178")
    width = tab.evaluate("document.querySelector('.kh-search__drop').getBoundingClientRect().right")
    assert width <= 390 and tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_an_opened_result_marks_the_words_folded(page, where):
    base, _ = where
    page.goto(at(base, "ke-hoach/kim-tan-2026/") + "?h=mai+dam")
    marked = {t.lower() for t in page.locator("article mark.kh-hit").all_inner_texts()}
    assert {"mại", "dâm"} <= marked
    assert page.locator("article mark mark").count() == 0


# --- The duty finder -----------------------------------------------------------------------

def finder_docs(page) -> list[int]:
    return [int(ref) for ref in page.locator("#kh-finder-results > li").evaluate_all("els => els.map(el => el.dataset.ref)")]


def wait_finder(page) -> None:
    page.wait_for_function("() => !/Đang tìm/.test(document.getElementById('kh-finder-status').textContent)"
                           " && document.getElementById('kh-finder-results').dataset.state")


def test_finder_page_filters_to_commune_duties(page, where, artifacts):
    base, folder = where
    records = python_index(folder, finder.FOLDER)
    page.goto(at(base, "tra-cuu/"))
    page.fill("#kh-q", "cong an")
    page.select_option("#kh-f-cap", "xa")
    page.wait_for_function("() => document.getElementById('kh-finder-results').dataset.state.includes('\"cap\":\"xa\"')")
    wait_finder(page)
    expected = [g.docs[0] for g in records.search("cong an", facets=["cap=xa"], want=20, group_size=1).groups]
    assert finder_docs(page) == expected and expected
    hits = page.locator("#kh-finder-results > li")
    assert all("Kim Tân 2026" in t for t in hits.locator(".kh-finder-meta").all_inner_texts())
    highlighted = {searchtext.fold(m.lower()) for m in hits.first.locator("mark").all_inner_texts()}
    assert "cong" in highlighted
    page.screenshot(path=str(artifacts / f"tra-cuu-cong-an-xa-{base[:4]}.png"), full_page=False)
    anchor = records.meta(expected[0])[2].split("#")[1]
    with page.expect_navigation():
        hits.first.locator("a.kh-finder-link").click()
    assert page.url.endswith(f"#{anchor}") and "kim-tan-2026" in page.url
    assert page.locator(f"[id='{anchor}']").is_visible()


def test_finder_shows_more_while_there_is_more(page, where):
    base, folder = where
    total = len(python_index(folder, finder.FOLDER).search("ubnd", want=10_000, group_size=1).groups)
    page.goto(at(base, "tra-cuu/"))
    more = page.locator("#kh-finder-more")
    assert not more.is_visible()  # nothing asked: nothing listed, nothing loaded
    page.fill("#kh-q", "ubnd")
    wait_finder(page)
    hits = page.locator("#kh-finder-results > li")
    assert total > 20 and hits.count() == 20 and more.is_visible()
    while more.is_visible():
        shown = hits.count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#kh-finder-results > li').length > n", arg=shown)
    assert hits.count() == total


def test_finder_opened_with_a_query_starts_it_while_the_page_loads(page, where):
    """A shared link's query: the page's head preloads the manifest, and the query starts before
    DOMContentLoaded (the page loads the engine before the finder's script). Opened with nothing
    asked, it loads nothing."""
    base, _ = where
    preloaded = "Array.from(document.head.querySelectorAll('link[rel=preload][as=script]'), l => l.href)"
    page.goto(at(base, "tra-cuu/"))
    page.wait_for_load_state("load")
    assert not [p for p in page.evaluate("khSearch.loadedPaths()") if p.startswith(finder.FOLDER)]
    assert page.evaluate(preloaded) == []
    page.add_init_script("""new MutationObserver(changes => changes.forEach(c => c.addedNodes.forEach(n => {
      if (n.src && n.src.endsWith('/tra-cuu/chi-muc/chi-muc.js')) window.manifestAsked = document.readyState;
    }))).observe(document, {childList: true, subtree: true});""")
    page.goto(at(base, "tra-cuu/") + "?tu-khoa=cong+an")
    page.locator("#kh-finder-results > li").first.wait_for()
    assert page.evaluate("window.manifestAsked") == "loading"  # not "interactive": at DOMContentLoaded
    assert page.evaluate(preloaded) == [base + "tra-cuu/chi-muc/chi-muc.js"]


def test_finder_reads_its_state_from_the_url(page, where):
    base, _ = where
    page.goto(at(base, "tra-cuu/") + "?tu-khoa=" + quote("doi 178") + "&loai=nhiem-vu")
    page.locator("#kh-finder-results > li").first.wait_for()
    assert page.input_value("#kh-q") == "doi 178"
    assert page.input_value("#kh-f-loai") == "nhiem-vu"
    assert all(t.startswith("Nhiệm vụ") for t in page.locator(".kh-finder-meta").all_inner_texts())
    page.fill("#kh-q", "tuyen truyen")
    shared = page.evaluate("location.search")  # a link to share (page.url may lag behind history.replaceState)
    assert "tu-khoa=tuyen+truyen" in shared and "loai=nhiem-vu" in shared
