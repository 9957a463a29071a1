"""Citations: the bibliography downloads parse with two parsers; pages link what they rely on."""
import shutil

import bibtexparser
import pybtex.database
import pytest

from conftest import PLAN_IDS, ROOT, build_site, write_fixture_config
from plankb.text import citations


def parse_both(path):
    library = bibtexparser.parse_file(str(path))
    assert library.failed_blocks == []
    pybtex_keys = set(pybtex.database.parse_file(str(path), bib_format="bibtex").entries)
    assert pybtex_keys == {e.key for e in library.entries}
    return library


def test_site_bibliography_holds_every_document_and_plan(site, corpus):
    library = parse_both(site / "du-lieu" / "tai-lieu.bib")
    keys = {e.key for e in library.entries}
    assert keys == set(corpus.references) | set(PLAN_IDS)
    basis = {k for p in corpus.plans.values() for b in p.legal_basis for k in b.cites}
    assert basis <= keys
    entry = next(e for e in library.entries if e.key == "ninh-thuan-2021-2025")
    assert entry.fields_dict["number"].value == "5971/KH-UBND"
    unknown = next(e for e in library.entries if e.key == "hong-ngu-2022")
    assert "number" not in unknown.fields_dict and "date" not in unknown.fields_dict


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_each_plan_bibliography_parses(site, corpus, plan_id):
    library = parse_both(site / "du-lieu" / "bib" / f"{plan_id}.bib")
    plan = corpus.plans[plan_id]
    assert {e.key for e in library.entries} == {plan_id, *plan.implements, *(k for b in plan.legal_basis for k in b.cites)}


def test_quang_tri_links_its_legal_documents_and_van_ban_lists_users(site):
    html = (site / "ke-hoach" / "quang-tri-2022-2025" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../van-ban/#qd-1629-2021"' in html and 'href="../../van-ban/#nd-178-2004"' in html
    van_ban = (site / "van-ban" / "index.html").read_text(encoding="utf-8")
    entry = van_ban[van_ban.index('id="qd-1629-2021"'):]
    entry = entry[: entry.index("</p>")]
    assert "Ninh Thuận 2021–2025" in entry and "Quảng Trị 2022–2025" in entry


def test_cite_box_on_plan_agency_indicator_and_glossary_pages(site):
    for path in ("ke-hoach/hong-ngu-2022", "co-quan/cong-an-xa-kim-tan", "chi-tieu/xa-tuyen-truyen", "thuat-ngu"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert 'id="trich-dan"' in html and "data-search-exclude" in html, path
    plan = (site / "ke-hoach" / "hong-ngu-2022" / "index.html").read_text(encoding="utf-8")
    # Without a number the citation does not say so in brackets; the title follows "về" in lower case.
    assert "Kế hoạch của Ủy ban nhân dân huyện Hồng Ngự về phòng, chống tệ nạn mại dâm" in plan
    assert "(không rõ số)" not in plan and "về Phòng, chống" not in plan
    # APA: the year the sources pin down (Hồng Ngự 2022 implements a plan of 2022), not "(không rõ năm)".
    assert "Ủy ban nhân dân huyện Hồng Ngự. (2022). Kế hoạch: " in plan
    assert "note = {Kế hoạch cấp huyện, thời kỳ 2022;" in plan  # "cấp huyện", not the code "huyen"


def test_citation_keys_in_text():
    assert citations.keys_in("xem [@a; @b-c] và [@d]") == ["a", "b-c", "d"]
    assert citations.unknown_keys("dòng 1\n[@x; @y]", lambda k: k == "x") == [(2, "y")]


def test_unknown_citation_key_in_a_page_fails_the_build(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Trang\n\nDòng hai.\n\nTheo [@khong-co].\n", encoding="utf-8")
    result = build_site(tmp_path / "out", write_fixture_config(root))
    assert result.returncode != 0
    assert "docs/index.md:5: lỗi E207: khóa trích dẫn «khong-co»" in result.stderr
    assert "Traceback" not in result.stderr
