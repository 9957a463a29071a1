"""Vietnamese search without a browser: folding rules, the site search index as built, the duty
finder's records and its lunr.py index. Browser behaviour: test_search_browser.py."""
import json
import re
from pathlib import Path

import pytest
from lunr.index import Index

import build_offline
from conftest import ROOT
from plankb.links import Linker
from plankb.pages.render_common import Context
from plankb.relations import build as build_relations
from plankb.search import finder, searchtext

MATERIAL = ROOT / ".venv/lib/python3.11/site-packages/material/templates/assets/javascripts"
VI_FOLD_JS = ROOT / "docs/assets/javascripts/vi-fold.js"


def test_fold_drops_every_mark_and_d_bar():
    assert searchtext.fold("Đội kiểm tra liên ngành") == "Doi kiem tra lien nganh"
    assert searchtext.fold("mại dâm, ma túy, ưu tiên, hoà, hòa") == "mai dam, ma tuy, uu tien, hoa, hoa"
    assert searchtext.fold("1629/QĐ-TTg") == "1629/QD-TTg"
    decomposed = "ma\u0323i da\u0302m"  # the same words typed with combining marks
    assert searchtext.fold(decomposed) == "mai dam"


def test_stop_words_stay_accented():
    assert searchtext.fold_query("mà") == "mà"  # a stop word is never folded …
    assert searchtext.fold_query("mà*") == "mà*"
    assert searchtext.fold_query("ma") == "ma"  # … so it cannot delete "ma" (ma túy)
    assert searchtext.fold_query("túy*") == "tuy*"
    assert searchtext.query_terms("ma túy mà lại") == ["ma", "túy", "lại"]


def test_punctuation_separates_words_numbers_stay():
    assert searchtext.tokens("Ủy ban nhân dân tỉnh.") == ["ủy", "ban", "nhân", "dân", "tỉnh"]
    assert searchtext.tokens("Nghị định số 178/2004/NĐ-CP; (Đội 178)") == \
        ["nghị", "định", "số", "178", "2004", "nđ", "cp", "đội", "178"]
    assert searchtext.tokens("1.000 người, 70% «mại dâm»…") == ["1.000", "người", "70%", "mại", "dâm"]
    assert searchtext.tokens("QĐ 1629/QĐ-TTg") == ["qđ", "1629", "qđ", "ttg"]


def test_exact_count_ranks_spellings_as_typed():
    words = searchtext.tokens("phòng, chống mai dâm; đảm bảo")
    assert searchtext.exact_count([("mại", False), ("dâm", False)], words) == 1  # "dâm" as typed; "mai" ≠ "mại"
    assert searchtext.exact_count([("mai", False), ("dam", False)], words) == 0  # typed without accents: neutral
    assert searchtext.exact_count([("đả", True)], words) == 1  # the last word is a prefix …
    assert searchtext.exact_count([("đả", False)], words) == 0  # … the others are whole words


def test_javascript_uses_the_same_rules():
    js = VI_FOLD_JS.read_text(encoding="utf-8")
    stop = re.search(r"STOP_WORDS = \[([^\]]*)\]", js).group(1)
    assert set(re.findall(r'"([^"]+)"', stop)) == searchtext.STOP_WORDS
    assert '"vi-fold"' in js and '"vi-fold-query"' in js and "function exactCount(terms, words)" in js
    assert "[\\u0300-\\u036f]" in js and searchtext._MARKS.pattern == "[\u0300-\u036f]"
    # Material's lunr.vi filters the site search index with the same stop words.
    lunr_vi = (MATERIAL / "lunr/min/lunr.vi.min.js").read_text(encoding="utf-8")
    words = re.search(r'generateStopWordFilter\("([^"]*)"\.split', lunr_vi).group(1)
    assert set(words.split()) == searchtext.STOP_WORDS


def test_index_view_marks_boilerplate_and_unglues_words():
    html = ('<p class="kh-item"><span class="kh-words">tỉnh</span><a class="kh-anchor" href="#x">#</a>'
            '<span class="kh-extras">Nhiệm vụ</span></p><dl><dt>Cấp</dt><dd>Xã</dd></dl>'
            '<blockquote class="kh-quote">trích</blockquote><strong>mại dâm</strong><br>Có hiệu lực')
    view = searchtext.index_view(html)
    assert '<a class="kh-anchor" href="#x" data-search-exclude>' in view
    assert '<blockquote class="kh-quote" data-search-exclude>' in view
    assert "</span> <a" in view and "</dt> <dd>" in view and "<br> Có" in view
    assert searchtext.index_view(view) == view
    quoted = searchtext.index_view('<li><a href="../x/">Sở Y tế</a>: <q>Phối hợp</q> '
                                   '<a href="../../ke-hoach/p/#iv-1">Chủ trì rà soát…</a> <a href="#y">mục IV…</a>x</li>')
    assert "<q data-search-exclude>" in quoted and '#iv-1" data-search-exclude>Chủ trì' in quoted
    assert '<a href="../x/">Sở Y tế</a>' in quoted  # a plain link stays searchable


@pytest.fixture(scope="module")
def search_index(site):
    return (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_site_index_is_utf8_with_our_rules(search_index):
    # A \uXXXX escape is a backslash run of odd length before "u" (the guide's own text shows
    # "\ud800", which JSON writes with an even run).
    escapes = re.findall(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})", search_index)
    assert set(escapes) <= {"200b"}
    assert "mại dâm" in search_index
    data = json.loads(search_index)
    assert data["config"]["separator"] == searchtext.SEPARATOR
    assert data["config"]["pipeline"] == ["stopWordFilter"]
    assert data["config"]["lang"] == ["vi"]


def test_site_index_leaves_out_boilerplate(search_index):
    docs = json.loads(search_index)["docs"]
    everything = " ".join(d["title"] + " " + d["text"] for d in docs)
    generated = " ".join(d["title"] + " " + d["text"] for d in docs
                         if d["location"].split("/")[0] in ("ke-hoach", "co-quan", "chi-tieu", "thuat-ngu"))
    assert "Trích dẫn trang này" not in generated and "Sao chép" not in generated  # citation boxes
    assert "howpublished" not in everything and "truy cập ngày" not in generated  # the trainer guide quotes one
    assert "Trở lại mục lục" not in everything and "Made with" not in everything  # page chrome, navigation
    plan = next(d for d in docs if d["location"] == "ke-hoach/kim-tan-2026/#iv-4")
    assert "#" not in plan["text"]  # the permalinks of plan items
    assert "mại dâm; gắn chương trình" in plan["text"]
    # Duties quoted on agency pages are found on the plan page, where they have their anchor.
    agency = " ".join(d["text"] for d in docs if d["location"].startswith("co-quan/cong-an-xa-kim-tan/"))
    assert "Chủ trì rà soát, đánh giá tình hình tội phạm" not in agency
    assert "Phối hợp với Công an xã, các đơn vị có liên quan" not in agency  # mentioned in others' duties
    sector = " ".join(d["text"] for d in docs if d["location"].startswith("nganh/cong-an/"))
    assert "Công an xã Kim Tân" in sector and "Chủ trì rà soát" not in sector  # excerpts of duties
    # Adjacent elements do not glue words together ("CấpXã").
    assert not re.search(r"CấpXã|XãĐịa|TânNgành", everything)


def test_pages_keep_their_html(site):
    """Only the search index sees the marked-up view of a page."""
    html = (site / "ke-hoach" / "kim-tan-2026" / "index.html").read_text(encoding="utf-8")
    assert 'class="kh-anchor"' in html
    assert "data-search-exclude" not in html.split('id="trich-dan"')[-1].split("</details>")[-1]


def test_worker_language_file_carries_the_folding(site):
    served = (site / "assets/javascripts/lunr/min/lunr.vi.min.js").read_text(encoding="utf-8")
    original = (MATERIAL / "lunr/min/lunr.vi.min.js").read_text(encoding="utf-8")
    assert served.startswith(original)
    assert VI_FOLD_JS.read_text(encoding="utf-8") in served
    assert "lunr.Index.prototype.query = function" in served


# --- Duty finder ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def finder_data(site):
    text = (site / "tra-cuu" / "chi-muc.js").read_text(encoding="utf-8")
    return finder.read_data_file(text)


@pytest.fixture(scope="module")
def loaded(finder_data):
    searchtext.register_lunr()
    return Index.load(finder_data["index"])


@pytest.fixture(scope="module")
def records(corpus):
    return finder.records(corpus, build_relations(corpus))


@pytest.fixture(scope="module")
def entries(corpus, records):
    return finder.entries(corpus, records)


def test_every_duty_target_and_report_is_a_record(corpus, records, finder_data):
    plans = corpus.plans.values()
    assert sum(r.kind == "nhiem-vu" for r in records) == sum(len(p.duties()) for p in plans)
    assert sum(r.kind == "chi-tieu" for r in records) == sum(len(p.targets()) for p in plans)
    assert sum(r.kind == "bao-cao" for r in records) == sum(len(p.reports()) for p in plans)
    assert len(finder_data["records"]) == len(records)
    assert finder_data["separator"] == searchtext.SEPARATOR


def test_finder_index_is_prebuilt_for_lunr_js(finder_data):
    index = finder_data["index"]
    assert index["version"] == "2.3.9"  # what Material's and our vendored lunr.js load
    assert index["pipeline"] == ["vi-fold-query"]  # registered under this name in vi-fold.js
    assert set(index["fields"]) == set(finder.FIELDS)
    terms = {term for term, _ in index["invertedIndex"]}
    assert {"doi", "mai", "dam", "178"} <= terms and not {"đội", "mại", "dâm"} & terms  # folded only
    assert not {"mà", "là"} & terms  # stop words are not indexed …
    assert "ma" in terms  # … and "ma" (ma túy) is


def test_finder_links_reach_existing_anchors(site, finder_data):
    page = site / "tra-cuu" / "index.html"
    for kind, plan_index, anchor, *_ in finder_data["records"][::7]:
        href = finder_data["plans"][plan_index]["href"]
        target = (page.parent / href / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (kind, href, anchor)


def _plans(records, refs):
    return {records[ref].plan.id for ref in refs}


def _words(corpus, record):
    names = " ".join(corpus.agencies[a].name for a in record.agencies + record.others)
    return {searchtext.fold(t) for t in searchtext.tokens(record.text + " " + names)}


def test_finder_search_folds_and_filters(corpus, loaded, records, entries):
    doi = finder.search(loaded, entries, "doi 178")
    assert doi and all({"doi", "178"} <= _words(corpus, records[r]) for r in doi)
    assert set(finder.search(loaded, entries, "đội 178")) == set(doi)
    commune = finder.search(loaded, entries, "cong an", {"cap": "xa"})
    assert commune and _plans(records, commune) == {"kim-tan-2026"}
    assert len(finder.search(loaded, entries, "cong an")) > len(commune)
    only_filters = finder.search(loaded, entries, "", {"cap": "xa", "loai": "bao-cao"})
    assert only_filters and all(records[r].kind == "bao-cao" and records[r].plan.level == "xa" for r in only_filters)
    assert finder.search(loaded, entries, "") == list(range(len(records)))


def test_finder_finds_the_seed_typo(loaded, records, entries):
    typo = [i for i, r in enumerate(records) if "mai dâm" in r.text and "mại dâm" not in r.text]
    assert typo  # Kim Tân writes "phòng, chống mai dâm"
    found = finder.search(loaded, entries, "mại dâm", {"ke-hoach": "kim-tan-2026"})
    assert set(typo) <= set(found)
    assert found.index(typo[0]) > 0  # exact spellings first


def test_finder_ranks_exact_accents_first(loaded, records, entries):
    refs = finder.search(loaded, entries, "bán")
    exact = [bool(re.search(r"(?i)\bbán", records[r].text)) for r in refs]
    assert exact[0] and True in exact and False in exact
    assert exact == sorted(exact, reverse=True)  # every exact match before every folded one


def test_stop_word_query_does_not_become_ma(corpus, loaded, records, entries):
    assert finder.search(loaded, entries, "mà") == []  # only a stop word: nothing to look for
    ma_tuy = finder.search(loaded, entries, "ma túy")
    assert ma_tuy and all("ma" in _words(corpus, records[r]) for r in ma_tuy)


def test_search_module_has_no_mkdocs():
    for path in (Path(finder.__file__), Path(searchtext.__file__)):
        assert "mkdocs" not in path.read_text(encoding="utf-8").replace("mkdocs.yml", "")


def test_finder_page_links_with_file_urls(corpus):
    ctx = Context(corpus, Linker(directory_urls=False))
    data = finder.read_data_file(finder.data(ctx))
    assert all(p["href"].endswith("/index.html") for p in data["plans"])
    assert '<script src="../assets/javascripts/tra-cuu.js"></script>' in finder.page_markdown(ctx)


def test_published_site_loads_nothing_from_other_hosts(site):
    """No web font, CDN script or stylesheet (the browser tests count actual requests too)."""
    assert build_offline.remote_resources(site) == []
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "unpkg.com" not in html


def test_remote_resource_check_catches_loads_not_links(tmp_path):
    (tmp_path / "a.html").write_text('<a href="https://example.org/">x</a><link rel="canonical" href="https://x/">'
                                     '<script src="https://unpkg.com/iframe-worker/shim"></script>', encoding="utf-8")
    (tmp_path / "b.css").write_text("@font-face { src: url(https://fonts.gstatic.com/x.woff2) }", encoding="utf-8")
    found = build_offline.remote_resources(tmp_path)
    assert len(found) == 2 and "unpkg.com" in found[0] and found[1].startswith("b.css")
