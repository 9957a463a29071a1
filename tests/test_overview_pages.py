"""Overview pages stay small however large the collection: past a size they summarise and link on."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from plankb import generate
from plankb.pages import agency_pages, calendar_pages, glossary_pages, index_pages, indicator_pages, overview, reference_pages, sector_pages
from plankb.search import finder
from plankb.sources.loader import load_corpus


@pytest.fixture(scope="module")
def context():
    return generate.build(load_corpus(ROOT), as_of=2026).context


def test_a_small_collection_lists_every_agency_under_its_place(context):
    page = index_pages.agencies_index(context)
    assert "Công an xã Kim Tân" in page and 'class="kh-az"' in page


def test_a_large_collection_lists_provinces_with_counts_instead(context):
    page = index_pages.agencies_index(context, inline_limit=10)
    assert 'class="kh-agency-list"' not in page and 'class="kh-az"' not in page
    assert "co-quan/cong-an-xa-kim-tan" not in page
    # Kim Tân's agencies are counted under Thanh Hóa, the province it lies in, at the commune level.
    commune_level = page[page.index("{#cap-xa}"):]
    row = re.search(r"<tr><td><a href=\"[^\"]*dia-ban/thanh-hoa/\"[^>]*>[^<]+</a></td><td>(\d+)</td><td>(\d+)</td>",
                    commune_level)
    kim_tan = [a for a in context.corpus.agencies.values() if a.place == "kim-tan" and a.level == "xa"]
    assert row and row.groups() == ("1", str(len(kim_tan)))
    assert len(page) < len(index_pages.agencies_index(context)) / 3


def _rows(page: str, anchor: str) -> str:
    """The part of a page from a heading's anchor to the next heading."""
    start = page.index(anchor)
    end = page.find("\n## ", start)
    return page[start:end if end != -1 else None]


def test_a_term_in_few_plans_lists_each_plan(context):
    page = glossary_pages.glossary_page(context, context.corpus.term_usage)
    assert 'class="kh-usage"' in page and "kh-usage-summary" not in page


def test_a_term_in_many_plans_is_counted_by_level_with_the_newest_named(context):
    page = glossary_pages.glossary_page(context, context.corpus.term_usage, inline_limit=3)
    entry = page[page.index('id="mai-dam"'):]
    entry = entry[:entry.index("</dl>")]
    assert "5 kế hoạch" in entry and "3 cấp tỉnh, 1 cấp huyện, 1 cấp xã" in entry
    assert 'class="kh-usage"' not in entry and "mục " not in entry  # no list of each plan's sections
    assert 'href="../ke-hoach/kim-tan-2026/"' in entry and 'href="../dia-ban/"' in entry
    assert len(page) < len(glossary_pages.glossary_page(context, context.corpus.term_usage)) * 0.9


def test_an_area_in_many_plans_counts_duties_without_quoting_them(context):
    full = indicator_pages.area_page(context, "kiem-tra-xu-ly")
    page = indicator_pages.area_page(context, "kiem-tra-xu-ly", inline_limit=2)
    duty = indicator_pages.area_duties(context, "kiem-tra-xu-ly")[0]
    assert duty.node.words[:60] in full and duty.node.words[:60] not in page
    by_level = _rows(page, "{#theo-cap}")
    assert re.search(r'cap/xa/">Xã</a></td><td>1</td>', by_level)
    assert 'href="../../dia-ban/ninh-thuan/"' in _rows(page, "{#theo-tinh}")
    assert 'href="../../nganh/cong-an/"' in _rows(page, "{#theo-nganh}")


def test_a_level_with_many_plans_counts_them_by_province(context):
    page = index_pages.level_page(context, "tinh", inline_limit=2)
    row = re.search(r'dia-ban/ninh-thuan/">[^<]+</a></td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', page)
    agencies = sum(1 for a in context.corpus.agencies.values() if a.place == "ninh-thuan" and a.level == "tinh")
    assert row and row.groups() == ("1", "1", str(agencies))
    assert "co-quan/cong-an-ninh-thuan/" not in page  # the province's page lists its agencies
    assert "{#nhiem-vu-theo-linh-vuc}" in page and "{#co-quan}" in page


def test_the_matrix_of_many_plans_has_a_row_per_indicator_and_no_column_per_plan(context):
    page = indicator_pages.matrix_page(context, inline_limit=2)
    assert "ke-hoach/" not in page  # no plan's column
    # Three plans set "xã tuyên truyền": 70%, 70%, 100%; all three reach the national ≥ 70%.
    assert re.search(r'xa-tuyen-truyen/">[^<]+</a></td><td[^>]*><span[^>]*>≥ 70%</span></td>'
                     r'<td[^>]*>3</td><td[^>]*>70%</td><td[^>]*>70%</td><td[^>]*>100%</td><td[^>]*>3</td>', page)


def test_an_indicator_set_by_many_plans_shows_their_distribution(context):
    indicator = context.corpus.indicators["co-so-duoc-kiem-tra"]
    page = indicator_pages.indicator_page(context, indicator, inline_limit=2)
    assert "<svg" not in page  # no bar per plan
    assert "{#phan-bo}" in page and "{#muc}" in page
    assert 'href="../../dia-ban/thanh-hoa/"' in _rows(page, "{#theo-tinh}")  # Kim Tân's plan, under its province
    assert "ke-hoach/kim-tan-2026/#" in _rows(page, "{#moi-nhat}")


def test_a_long_calendar_counts_deadlines_by_day(context):
    page = calendar_pages.calendar_page(context, inline_limit=2)
    assert re.search(r"<strong>15/12</strong></td><td[^>]*>3</td>", page)
    assert "co-quan/" not in page  # who reports: the .ics and each agency's page
    assert "du-lieu/lich-bao-cao.ics" in page


def test_a_long_calendar_counts_reports_by_how_often_they_are_due(context):
    page = calendar_pages.calendar_page(context, inline_limit=2)
    six_monthly = {(p.id, n.id) for p in context.corpus.plans.values() for n in p.reports()
                   if "6 tháng" in n.reporting().frequency}
    assert six_monthly and re.search(rf"<td>6 tháng</td><td[^>]*>{len(six_monthly)}</td>", _rows(page, "{#theo-ky}"))


def test_a_large_sector_counts_agencies_by_level_and_province(context):
    page = sector_pages.sector_page(context, "cong-an", inline_limit=2)
    assert "kh-columns" not in page
    police = [a for a in context.corpus.agencies.values() if a.sector == "cong-an" and a.level == "tinh"]
    assert re.search(rf'cap/tinh/">Tỉnh</a></td><td>{len(police)}</td>', page)
    assert 'href="../../dia-ban/ninh-thuan/"' in _rows(page, "{#theo-tinh}")


def test_a_large_plans_index_leads_with_the_newest_and_counts_the_rest(context):
    page = index_pages.plans_index(context, inline_limit=2)
    assert 'class="kh-tree"' not in page
    assert "ke-hoach/" not in _rows(page, "{#theo-tinh}") and 'dia-ban/dong-thap/' in _rows(page, "{#theo-tinh}")
    assert re.search(r'van-ban/#qd-1629-2021"[^>]*>[^<]+</a></td><td>2</td>', _rows(page, "{#cay-van-ban}"))


def test_a_document_relied_on_by_many_plans_counts_them(context):
    page = reference_pages.references_page(context, inline_limit=1, plans_listed=2)
    entry = page[page.index('id="qd-1629-2021"'):]
    entry = entry[:entry.index("</p>")]
    assert "2 kế hoạch (2 cấp tỉnh)" in entry and "2 thực hiện" in entry
    assert 'id="kim-tan-2026"' not in page and 'href="../ke-hoach/"' in page


def test_the_open_data_page_of_many_plans_says_where_each_plans_files_are(context):
    page = generate.data_page(context, plans_listed=2)
    assert "bib/kim-tan-2026.bib" not in page and "bib/kim-tan-2026.bib" in generate.data_page(context)


def test_many_places_list_provinces_with_counts(context):
    page = index_pages.places_index(context, inline_limit=2)
    assert re.search(r'href="thanh-hoa/">[^<]+</a></td><td>1</td><td>1</td>', page)  # Kim Tân, its plan
    assert 'href="kim-tan/"' not in page
    assert index_pages.places_page_count(context, inline_limit=2) == 0


def test_many_provinces_are_listed_on_pages_of_a_fixed_size(context):
    provinces = [p for p in context.corpus.places.values() if p.level == "tinh"]
    pages = index_pages.places_page_count(context, inline_limit=2, per_page=3)
    assert pages == -(-len(provinces) // 3)
    index = index_pages.places_index(context, inline_limit=2, per_page=3)
    assert all(f'href="trang-{n}/"' in index for n in range(1, pages + 1))
    listed = "".join(index_pages.places_page(context, n, per_page=3) for n in range(1, pages + 1))
    assert all(f'href="../{p.id}/"' in listed for p in provinces)
    second = index_pages.places_page(context, 2, per_page=3)
    assert 'href="../"' in second and 'href="../trang-1/"' in second


def test_the_nation_names_the_directory_instead_of_every_province(context):
    page = index_pages.place_page(context, "viet-nam", inner_limit=2)
    assert "dia-ban/thanh-hoa/" not in page and "../" in page and "danh sách địa bàn" in page


def test_in_a_large_collection_a_province_lists_the_plans_of_the_places_in_it(context):
    assert "kim-tan-2026" not in index_pages.place_page(context, "thanh-hoa")
    page = index_pages.place_page(context, "thanh-hoa", inline_limit=2)
    assert "{#ke-hoach-truc-thuoc}" in page and 'href="../../ke-hoach/kim-tan-2026/"' in page


def test_an_agency_named_by_many_duties_of_others_counts_them(context):
    agency = max(context.corpus.agencies.values(), key=lambda a: len(context.relations.mentions_by_agency.get(a.id, [])))
    full = agency_pages.render(context, agency)
    page = agency_pages.render(context, agency, mentions_limit=1)
    assert "<q>" in _rows(full, "{#duoc-nhac-den}") and "<q>" not in page
    assert "kh-overview" in _rows(page, "{#duoc-nhac-den}")


def test_a_province_table_longer_than_its_limit_shows_the_busiest_and_links_the_directory(context, monkeypatch):
    monkeypatch.setattr(overview, "PROVINCE_ROWS", 2)
    page = index_pages.plans_index(context, inline_limit=2)
    table = _rows(page, "{#theo-tinh}")
    assert table.count("dia-ban/") == 3 and 'href="../dia-ban/"' in table


def test_the_finder_of_many_plans_has_no_list_of_plans_but_keeps_the_filter_for_its_script(context):
    records = finder.records(context.corpus, context.relations)
    assert 'option value="kim-tan-2026"' in finder.page(context, records)
    page = finder.page(context, records, plans_listed=2)
    assert 'option value="kim-tan-2026"' not in page and '<select name="ke-hoach"' not in page
    assert '<input type="hidden" name="ke-hoach" id="kh-f-ke-hoach" value="">' in page  # tra-cuu.js reads every facet
    assert "gõ tên địa bàn và năm" in page


def test_an_agency_in_many_reports_counts_them_by_role_and_province(context):
    agency = max(context.corpus.agencies.values(), key=lambda a: len(context.relations.reports_by_agency.get(a.id, [])))
    page = agency_pages.render(context, agency, reports_limit=1)
    reports = _rows(page, "{#bao-cao}")
    assert "<table data-search-exclude" not in reports and "kh-overview" in reports
    assert re.search(r"\d+ (phải báo cáo|nhận báo cáo)", reports) and 'href="../../dia-ban/' in reports
    assert "<table data-search-exclude" in agency_pages.render(context, agency)


def test_the_five_seed_plans_are_below_every_limit(context):
    """The project's own site keeps its full lists: no page of it is a summary."""
    site = generate.build(context.corpus, as_of=2026)
    pages = {path: make() for path, make in site.now.items() if path.endswith(".md")}
    assert len(pages) > 100
    summaries = {path for path, text in pages.items()
                 if any(mark in text for mark in ("kh-overview", "kh-usage-summary", "{#theo-tinh}", "{#ke-hoach-truc-thuoc}"))}
    assert summaries == set()
    assert not any(path.startswith("dia-ban/trang-") for path in pages)
