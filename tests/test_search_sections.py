"""Material's search plugin indexes a page from sections parsed in the finishing child: the entries
must be the ones the plugin makes when it parses the page itself."""
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex

import mkdocs_hooks

HTML = """<p>Trước tiêu đề đầu tiên.</p>
<h1 id="ke-hoach">Kế hoạch <a class="headerlink" href="#ke-hoach">¶</a></h1>
<p>Mở đầu <strong>đậm</strong>, <code>mã</code> và   nhiều
dòng.</p>
<h2 id="muc-dich">I. <em>Mục đích</em></h2>
<ul><li>Một</li><li>Hai<br>ba</li></ul>
<h2 id="an" data-search-exclude>Phần ẩn</h2><p>không tìm thấy</p>
<h3 id="trong">Tiêu đề trống <span></span></h3><table><tr><td>ô</td></tr></table>
"""


def page(meta: dict) -> SimpleNamespace:
    return SimpleNamespace(meta=meta, title="Trang thử", toc=[], url="ke-hoach/thu/",
                           file=SimpleNamespace(src_uri="thu.md"), content=HTML)


def entries_from_child_sections(meta: dict) -> list[dict]:
    index = SearchIndex()
    mkdocs_hooks._Finished.sections["thu.md"] = mkdocs_hooks._search_sections(HTML)
    mkdocs_hooks._add_entry_from_sections(index, page(meta))
    assert "thu.md" not in mkdocs_hooks._Finished.sections  # taken once
    return index.entries


def test_entries_from_sections_parsed_in_the_child_are_the_plugins_own():
    expected = SearchIndex()
    expected.add_entry_from_context(page({"title": "Trang thử"}))
    assert len(expected.entries) == 4  # the preface, three headings; the excluded one left out
    assert entries_from_child_sections({"title": "Trang thử"}) == expected.entries


def test_a_page_excluded_from_search_gets_no_entry():
    assert entries_from_child_sections({"search": {"exclude": True}}) == []
