"""The core makes the header search's entries itself (plankb.search.search_sections): they must be
the ones Material's search plugin makes when it parses the rendered page, for every page."""
from __future__ import annotations

import json
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex

from plankb.search import search_sections, searchtext
from plankb.site_files import page_title

RENDERED = """<p>Trước tiêu đề đầu tiên.</p>
<h1 id="ke-hoach">Kế hoạch <a class="headerlink" href="#ke-hoach">¶</a></h1>
<p>Mở đầu <strong>đậm</strong>, <code>mã</code> và   nhiều
dòng.</p>
<h2 id="muc-dich">I. <em>Mục đích</em></h2>
<ul><li>Một</li><li>Hai<br>ba</li></ul>
<h2 id="an" data-search-exclude>Phần ẩn</h2><p>không tìm thấy</p>
<h3 id="trong">Tiêu đề trống <span></span></h3><table><tr><td>ô</td></tr></table>
<script>var x = "<p>không</p>";</script>
"""


def materials_entries(html: str, url: str, title: str) -> list[dict]:
    index = SearchIndex()
    page = SimpleNamespace(meta={"title": title}, title=title, toc=[], url=url, content=html)
    index.add_entry_from_context(page)
    return index.entries


def test_rendered_page_gives_materials_entries():
    ours = search_sections.entries_from_html(RENDERED, "ke-hoach/thu/", "Trang thử")
    assert len(ours) == 4  # the preface, three headings; the excluded one left out
    assert ours == materials_entries(searchtext.index_view(RENDERED), "ke-hoach/thu/", "Trang thử")


def test_generated_markdown_gives_the_entries_of_the_page_it_renders_to():
    markdown = ('---\ntitle: "Kế hoạch &amp; chỉ tiêu"\n---\n\n<nav class="kh-crumbs" data-search-exclude>Kế hoạch</nav>\n\n'
                '# Kế hoạch xã\n\nMột đoạn văn.\n\n## Mục đích {#muc-dich}\n\n<p class="kh-item">Tuyên truyền</p>\n')
    rendered = ('<nav class="kh-crumbs" data-search-exclude>Kế hoạch</nav>\n<h1 id="ke-hoach-xa">Kế hoạch xã</h1>\n'
                '<p>Một đoạn văn.</p>\n<h2 id="muc-dich">Mục đích</h2>\n<p class="kh-item">Tuyên truyền</p>')
    assert page_title(markdown) == "Kế hoạch &amp; chỉ tiêu"
    ours = search_sections.entries(markdown, "ke-hoach/xa/", page_title(markdown))
    assert ours == materials_entries(rendered, "ke-hoach/xa/", "Kế hoạch &amp; chỉ tiêu")
    assert [e["location"] for e in ours] == ["ke-hoach/xa/", "ke-hoach/xa/#ke-hoach-xa", "ke-hoach/xa/#muc-dich"]


def test_the_sites_index_has_an_entry_for_every_section_of_every_page(site, corpus):
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    assert {f"ke-hoach/{p}/" for p in corpus.plans} <= pages and "thuat-ngu/" in pages and "huong-dan/loi/" in pages
    plan = [d for d in docs if d["location"].startswith("ke-hoach/kim-tan-2026/#")]
    assert len(plan) > 10 and all(d["title"] for d in plan)
    assert len({d["location"] for d in docs}) == len(docs)  # no page indexed twice
