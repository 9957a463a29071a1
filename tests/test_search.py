"""Vietnamese search without a browser: the folding rules, a page cut into documents, the index
files and the query over them (plankb.search.engine, the reference of the browser's engine).
The seeds' index and the relevance list: test_search_index.py; the browser: test_search_browser.py."""
import re
from collections import Counter
from pathlib import Path

import pytest

import build_offline
from conftest import ROOT
from plankb.background import Cancelled, StopFlag
from plankb.search import documents, engine, finder, index_files, searchtext

VI_FOLD_JS = ROOT / "docs/assets/javascripts/vi-fold.js"
ENGINE_JS = ROOT / "docs/assets/javascripts/tim-kiem-loi.js"


def test_fold_drops_every_mark_and_d_bar():
    assert searchtext.fold("Đội kiểm tra liên ngành") == "Doi kiem tra lien nganh"
    assert searchtext.fold("mại dâm, ma túy, ưu tiên, hoà, hòa") == "mai dam, ma tuy, uu tien, hoa, hoa"
    assert searchtext.fold("1629/QĐ-TTg") == "1629/QD-TTg"
    decomposed = "ma\u0323i da\u0302m"  # the same words typed with combining marks
    assert searchtext.fold(decomposed) == "mai dam"


def test_punctuation_separates_words_numbers_stay():
    assert searchtext.words("Ủy ban nhân dân tỉnh.") == ["ủy", "ban", "nhân", "dân", "tỉnh"]
    assert searchtext.words("Nghị định số 178/2004/NĐ-CP; (Đội 178)") == \
        ["nghị", "định", "số", "178", "2004", "nđ", "cp", "đội", "178"]
    assert searchtext.words("1.000 người, 70% «mại dâm»…") == ["1.000", "người", "70%", "mại", "dâm"]


def test_stop_words_are_left_out_as_written_with_their_marks():
    assert searchtext.words("Mà ma, là la") == ["ma", "la"]


def test_javascript_uses_the_same_rules():
    js = VI_FOLD_JS.read_text(encoding="utf-8")
    stop = re.search(r"STOP_WORDS = \[([^\]]*)\]", js).group(1)
    assert set(re.findall(r'"([^"]+)"', stop)) == searchtext.STOP_WORDS
    separator = re.search(r'var SEPARATOR = "(.*)";', js).group(1)
    assert separator.encode().decode("unicode_escape").encode("latin-1").decode() == searchtext.SEPARATOR
    assert "[\\u0300-\\u036f]" in js and searchtext._MARKS.pattern == "[\u0300-\u036f]"
    engine_js = ENGINE_JS.read_text(encoding="utf-8")
    for name in ("GROUP_SIZE", "WANT", "MAX_RANGES", "READ_ON_ROUNDS"):
        assert f"{name} = {getattr(engine, name)}" in engine_js, name


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


# --- A page cut into documents -------------------------------------------------------------

PLAN_PAGE = """---
title: "Kế hoạch thử"
---

# Phòng, chống mại dâm xã A

<p class="kh-print-source" data-search-exclude>Nguồn: in từ …</p>

## IV. TỔ CHỨC THỰC HIỆN {#iv}

### 4. Công an xã {#iv-4}

<p class="kh-block-agencies">Cơ quan được giao: <a href="../x/">Công an xã A</a></p>

<ul class="kh-list"><li id="iv-4-p1" class="kh-item" data-path="IV.4"><span class="kh-words">Phối hợp kiểm tra \
<a class="kh-term" href="#t">mại dâm</a>, báo cáo</span><a class="kh-anchor" href="#iv-4-p1">#</a></li></ul>

Đoạn văn cuối mục.
"""


def test_a_page_is_its_sections_and_its_items():
    found = documents.from_markdown(PLAN_PAGE, "ke-hoach/a/", "Phòng, chống mại dâm xã A")
    assert [d.url for d in found] == ["ke-hoach/a/", "ke-hoach/a/#iv", "ke-hoach/a/#iv-4", "ke-hoach/a/#iv-4-p1"]
    item = found[-1]
    assert (item.title, item.label, item.text) == ("4. Công an xã", "IV.4", "Phối hợp kiểm tra mại dâm, báo cáo")
    section = found[2]
    assert section.text == "Cơ quan được giao: Công an xã A Đoạn văn cuối mục."  # the item is not in it twice
    assert "Nguồn" not in found[0].text  # marked data-search-exclude
    assert {d.page for d in found} == {"ke-hoach/a/"}


def test_glossary_terms_and_cited_documents_are_documents_of_their_own():
    html = ('<h1 id="thuat-ngu">Thuật ngữ</h1><h2 id="chu-d">Đ</h2>'
            '<div class="kh-term-entry" id="doi-178"><h3 class="kh-term-name">Đội 178 <a class="kh-anchor" href="#doi-178">#</a></h3>'
            '<p class="kh-definition">Đội kiểm tra liên ngành</p></div>'
            '<p class="kh-reference" id="qd-1629"><strong>Quyết định số 1629/QĐ-TTg</strong></p>')
    term, reference = documents.from_html(html, "thuat-ngu/", "Thuật ngữ")[-2:]
    assert (term.url, term.title, term.text) == ("thuat-ngu/#doi-178", "Đội 178", "Đội kiểm tra liên ngành")
    assert (reference.url, reference.text) == ("thuat-ngu/#qd-1629", "Quyết định số 1629/QĐ-TTg")


def test_pages_are_read_as_html_parser_reads_them():
    """The reader's own tokenizer (html.parser was a quarter of a build) gives html.parser's parts."""
    from html.parser import HTMLParser

    class Reference(documents._Reader, HTMLParser):
        def __init__(self) -> None:
            HTMLParser.__init__(self, convert_charrefs=True)
            documents._Reader.__init__(self)

    html = ('<H2 ID="a">Mục &amp; <em>một</em></H2><!-- <p>ẩn</p> --><p class=\'x\' data-search-exclude>bỏ</p>'
            '<script>if (a <b && c) {}</script><p>a < b, 3&lt;4<br/>xã</p><span/>'
            '<li class="kh-item" id="i1" data-path="IV.1">Nhiệm vụ <q>trích</q> hết</li><style>p{}</style>&#273;ội')
    reference = Reference()
    reference.feed(html)
    reference.close()
    ours = documents._Reader()
    documents._read(ours, html)

    def parts(reader: documents._Reader) -> list[tuple]:
        return [(p.anchor, " ".join(p.title.split()), " ".join("".join(p.text).split()), p.label) for p in reader.parts]

    assert parts(ours) == parts(reference)
    assert ("i1", "Mục & một", "Nhiệm vụ trích hết", "IV.1") in parts(ours)


def test_handwritten_page_is_rendered_and_can_opt_out():
    found = documents.from_handwritten("# Hướng dẫn\n\n## Kiểm tra dữ liệu\n\nChạy `make validate`.\n", "huong-dan/x/")
    assert [(d.url, d.title) for d in found] == [("huong-dan/x/", "Hướng dẫn"),
                                                 ("huong-dan/x/#kiem-tra-du-lieu", "Kiểm tra dữ liệu")]
    assert found[1].text == "Chạy make validate."
    assert documents.from_handwritten("---\nsearch:\n  exclude: true\n---\n# Ẩn\n", "an/") is None


# --- The index and the query ---------------------------------------------------------------

def small_index(texts: list[str], **extra) -> engine.Index:
    items = [index_files.Item(fields={"x": t}, group=f"p{n}", meta=[t], **{k: v[n] for k, v in extra.items()})
             for n, t in enumerate(texts)]
    return engine.from_files(index_files.build(items, {"x": 1.0}, "t/"), "t/")


def found(index: engine.Index, query: str, **options) -> list[str]:
    return [index.meta(g.docs[0])[0] for g in index.search(query, **options).groups]


def test_every_word_must_match_folded_the_last_as_a_prefix():
    index = small_index(["Công an xã kiểm tra", "Công an huyện", "xây dựng kế hoạch", "Đội 178 xã"])
    assert found(index, "cong an xa") == ["Công an xã kiểm tra"]
    assert set(found(index, "công an")) == {"Công an xã kiểm tra", "Công an huyện"}
    assert set(found(index, "xa")) == {"Công an xã kiểm tra", "xây dựng kế hoạch", "Đội 178 xã"}  # xa… as a prefix
    assert found(index, "doi 178") == ["Đội 178 xã"]
    assert found(index, "xa dung") == []  # "xa" is a whole word when not last: not "xây"
    assert found(index, "cong an x") == found(index, "cong an")  # a letter being typed waits for the next


def test_only_stop_words_or_nothing_finds_nothing():
    index = small_index(["mà thôi", "ma túy"])
    assert found(index, "mà") == [] and found(index, "") == [] and found(index, " ,;") == []
    assert found(index, "ma tuy") == ["ma túy"]  # "ma" is not the stop word "mà"


def test_accents_as_typed_rank_first():
    index = small_index(["mai dâm lỗi chính tả", "mại dâm", "mãi dâm"])
    assert found(index, "mại dâm")[0] == "mại dâm"  # then those with "dâm" as typed
    assert set(found(index, "mai dam")) == {"mai dâm lỗi chính tả", "mại dâm", "mãi dâm"}


def test_words_next_to_each_other_rank_above_words_apart():
    index = small_index(["an ninh trật tự của công an", "công an xã giữ an ninh", "an toàn công cộng"])
    assert found(index, "cong an")[0] == "công an xã giữ an ninh"
    index = small_index(["báo cáo kết quả sau 6 tháng", "báo cáo 6 tháng"])
    assert found(index, "bao cao 6 thang") == ["báo cáo 6 tháng", "báo cáo kết quả sau 6 tháng"]


def test_a_named_document_comes_first_and_guides_last():
    texts = ["Hướng dẫn: đội 178 là gì", "đội 178 kiểm tra cơ sở kinh doanh dịch vụ", "Đội 178"]
    items = [index_files.Item(fields={"x": texts[1]}, group="a", meta=[texts[1]]),
             index_files.Item(fields={"x": texts[2]}, group="b", meta=[texts[2]], names=("Đội 178", "Đội kiểm tra")),
             index_files.Item(fields={"x": texts[0]}, group="c", meta=[texts[0]], tier=1)]
    index = engine.from_files(index_files.build(items, {"x": 1.0}, "t/"), "t/")
    assert found(index, "doi 178") == ["Đội 178", texts[1], texts[0]]
    assert found(index, "là gì") == [texts[0]]  # a guide still shows when it is all there is
    reordered = engine.from_files(index_files.build([items[2], items[1], items[0]], {"x": 1.0}, "t/"), "t/")
    assert found(reordered, "doi 178") == ["Đội 178", texts[1], texts[0]]  # guides first in the index, last in results


def test_a_name_many_documents_share_is_no_name():
    shared = [index_files.Item(fields={"x": f"Công an xã số {n}"}, group=str(n), meta=[n], names=("Công an xã",))
              for n in range(index_files.NAMED_MAX + 1)]
    index = engine.from_files(index_files.build(shared, {"x": 1.0}, "t/"), "t/")
    assert index.named(engine.parse("cong an xa")) == []  # every commune's police: ranked as text
    few = engine.from_files(index_files.build(shared[:index_files.NAMED_MAX], {"x": 1.0}, "t/"), "t/")
    assert len(few.named(engine.parse("cong an xa"))) == index_files.NAMED_MAX


def test_name_files_grow_in_number_not_in_size():
    assert index_files.bucket_count(10) == index_files.NAME_BUCKETS
    assert index_files.bucket_count(100_000) >= 100_000 // index_files.NAMES_PER_BUCKET


def test_a_named_document_is_found_in_a_range_not_read(monkeypatch):
    monkeypatch.setattr(index_files, "RANGE", 2)
    items = [index_files.Item(fields={"x": f"quyết định số {n}"}, group=str(n), meta=[n]) for n in range(30)]
    items.append(index_files.Item(fields={"x": "Quyết định 1629"}, group="qd", meta=["qd"], names=("Quyết định số 1629",)))
    index = engine.from_files(index_files.build(items, {"x": 1.0}, "t/"), "t/")
    results = index.search("quyet dinh so 1629", want=3)
    assert results.ranges_read < 15 and index.meta(results.groups[0].docs[0]) == ["qd"]


def test_a_query_reads_ranges_in_order_until_it_has_enough(monkeypatch):
    monkeypatch.setattr(index_files, "RANGE", 4)
    index = small_index([f"kế hoạch số {n} mại dâm" for n in range(40)] + ["kế hoạch riêng"])
    first = index.search("ke hoach", want=3)
    assert first.ranges_read == 1 and first.more and len(first.groups) == 3
    everything = index.search("ke hoach", want=100)
    assert everything.ranges_read == 11 and not everything.more and everything.hits == 41
    rare = index.search("rieng", max_ranges=1)  # only in the last range: the ranges before it are not read
    assert [index.meta(g.docs[0])[0] for g in rare.groups] == ["kế hoạch riêng"] and rare.ranges_read == 1
    assert index.search("ke hoach rieng").ranges_read == 1 and index.search("mai dam rieng").ranges_read == 0
    assert index.search("zzz").ranges_read == 0  # a word no shard has: no range is read
    capped = index.search("ke hoach", want=100, max_ranges=2)
    assert capped.ranges_read == 2 and capped.more


def place_index() -> list[index_files.Item]:
    """40 pages of Kim Tân's that name Hồng Ngự, then one of Hồng Ngự's: its range is last in index order."""
    items = [index_files.Item(fields={"x": f"công an xã Kim Tân, thôn {n}, giáp Hồng Ngự"}, group=f"k{n}", meta=[f"k{n}"],
                              places=("Kim Tân",)) for n in range(40)]
    items.append(index_files.Item(fields={"x": "công an huyện Hồng Ngự"}, group="h", meta=["h"], places=("Hồng Ngự",)))
    return items


def test_a_query_naming_a_place_reads_that_places_ranges_first(monkeypatch):
    monkeypatch.setattr(index_files, "RANGE", 4)
    index = engine.from_files(index_files.build(place_index(), {"x": 1.0}, "t/"), "t/")
    named = index.search("cong an hong ngu", want=3)  # Hồng Ngự's range, then the first
    assert named.ranges_read == 2 and "h" in [index.meta(g.docs[0])[0] for g in named.groups]
    # Without the place's name, the first range gives enough results: its page is not read.
    assert "h" not in found(index, "cong an giap", want=3)
    assert index.routed(engine.parse("xa kim tan")) == list(range(10))  # any run of the typed words
    assert index.routed(engine.parse("kim")) == []  # a whole name, not a part of one


def test_numbers_typed_as_one_must_be_next_to_each_other():
    index = small_index(["báo cáo trước ngày 20/6/2025", "năm 2025 có 20 xã, 6 phường", "đạt 50/65 xã"])
    assert found(index, "20/6/2025") == ["báo cáo trước ngày 20/6/2025"]
    assert set(found(index, "20 6 2025")) == {"báo cáo trước ngày 20/6/2025", "năm 2025 có 20 xã, 6 phường"}
    assert found(index, "50/65 xa") == ["đạt 50/65 xã"] and found(index, "65/50") == []
    assert [t.bound for t in engine.parse("20/6/2025")] == [True, True, False]


def test_facets_filter_without_a_query(monkeypatch):
    monkeypatch.setattr(index_files, "RANGE", 2)
    texts = ["tuyên truyền xã", "kiểm tra huyện", "tuyên truyền huyện", "báo cáo xã"]
    index = small_index(texts, facets=[("cap=xa",), ("cap=huyen",), ("cap=huyen",), ("cap=xa", "loai=bao-cao")])
    assert found(index, "", facets=["cap=xa"]) == ["tuyên truyền xã", "báo cáo xã"]
    assert found(index, "tuyen truyen", facets=["cap=huyen"]) == ["tuyên truyền huyện"]
    assert found(index, "", facets=["cap=xa", "loai=bao-cao"]) == ["báo cáo xã"]
    assert found(index, "", facets=["cap=tinh"]) == []


def test_a_query_stopped_by_the_range_budget_with_few_results_reads_on(monkeypatch):
    """Index.read_on (what the header box shows): MAX_RANGES more ranges while the budget, not
    `want`, stopped the query, READ_ON_ROUNDS times at most."""
    monkeypatch.setattr(index_files, "RANGE", 1)  # one document a range
    monkeypatch.setattr(engine, "MAX_RANGES", 2)
    index = small_index([f"báo cáo {n}" for n in ["một", "hai", "ba", "bốn", "năm", "sáu"]])
    sparse = index.read_on("bao cao", want=10)
    assert (sparse.ranges_read, len(sparse.groups), sparse.more) == (2 * engine.READ_ON_ROUNDS, 4, True)
    plentiful = index.read_on("bao cao", want=2)
    assert (plentiful.ranges_read, len(plentiful.groups)) == (2, 2)
    assert index.read_on("bao cao mot", want=10).ranges_read == 1  # every range read: nothing to read on


def test_results_are_grouped_by_page():
    items = [index_files.Item(fields={"x": t}, group=g, meta=[t]) for t, g in
             [("mại dâm một", "a"), ("mại dâm hai", "a"), ("mại dâm bốn", "a"), ("mại dâm năm", "a"), ("mại dâm ba", "b")]]
    index = engine.from_files(index_files.build(items, {"x": 1.0}, "t/"), "t/")
    groups = index.search("mai dam").groups
    assert [len(g.docs) for g in groups] == [engine.GROUP_SIZE, 1]
    assert {index.meta(d)[0] for d in groups[1].docs} == {"mại dâm ba"}


def test_rare_prefixes_share_a_shard_common_ones_have_their_own():
    shards = index_files._pack(Counter({"co": 500, "xa": 400, "%2": 1, "qu": 2, "ri": 1, "an": 300}))
    assert shards["co"] == "co" and shards["xa"] == "xa" and shards["an"] == "an"
    assert shards["%2"] == shards["qu"] == shards["ri"]


def test_index_files_are_scripts_that_hand_over_their_path():
    files = index_files.build([index_files.Item(fields={"x": "</script><script>alert(1)</script>"}, group="a",
                                                meta=["</script>"])], {"x": 1.0}, "t/")
    for path, text in files.items():
        assert index_files.script_payload(text)[0] == path
        assert text.startswith("KH_IDX(") and "\n" not in text.rstrip("\n")
    assert set(files) >= {"t/chi-muc.js", "t/m/0.js", "t/r/0.js"}


def test_search_modules_have_no_mkdocs():
    for module in (searchtext, documents, index_files, engine, finder):
        assert "mkdocs" not in Path(module.__file__).read_text(encoding="utf-8").replace("mkdocs.yml", "")


# --- No request to another host ------------------------------------------------------------

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


class CountingStopFlag(StopFlag):
    """A StopFlag that counts how often the work looked at it, and raises itself on look `at`."""

    def __init__(self, at: int = 0) -> None:
        super().__init__()
        self.looks, self.at = 0, at

    def check(self) -> None:
        self.looks += 1
        if self.looks == self.at:
            self.set()
        super().check()


def test_index_building_looks_at_its_stop_flag_every_few_documents_and_stops_once_it_is_set(monkeypatch):
    monkeypatch.setattr(index_files, "RANGE", 64)
    monkeypatch.setattr(index_files, "STOP_EVERY", 8)
    items = [index_files.Item(fields={"x": f"công an xã số {n}"}, group=str(n), meta=[n]) for n in range(640)]
    flag = CountingStopFlag()
    assert index_files.build(items, {"x": 1.0}, "t/", stop=flag) == index_files.build(items, {"x": 1.0}, "t/")
    assert flag.looks >= 2 * len(items) // 8  # in both passes: it stops within 8 documents' work
    with pytest.raises(Cancelled):  # set in the middle of the second pass
        index_files.build(items, {"x": 1.0}, "t/", stop=CountingStopFlag(at=flag.looks * 3 // 4))


def test_index_files_come_range_by_range_each_before_the_next_range_is_made(monkeypatch):
    """index_files.files yields a range's files before it makes the next range's: a caller that
    writes them as they come holds one range, not the whole index."""
    monkeypatch.setattr(index_files, "RANGE", 4)
    made_ranges, events = index_files._range_files, []

    def range_files(items, plan, r):
        events.append(f"make {r}")
        return made_ranges(items, plan, r)

    monkeypatch.setattr(index_files, "_range_files", range_files)
    items = [index_files.Item(fields={"x": f"công an xã số {n}"}, group=str(n), meta=[n]) for n in range(12)]
    for path, _ in index_files.files(items, {"x": 1.0}, "t/"):
        if path == "t/r/0.js" or path == "t/r/1.js":
            events.append(f"got {path}")
    assert events == ["make 0", "got t/r/0.js", "make 1", "got t/r/1.js", "make 2"]
