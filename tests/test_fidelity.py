"""Every paragraph of every source text appears verbatim on its built plan page."""
import pytest

from conftest import PLAN_IDS, ROOT
from textcheck import missing_paragraphs, source_paragraphs


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_plan_page_holds_every_source_paragraph(site, plan_id):
    source = (ROOT / "plans" / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
    page = (site / "ke-hoach" / plan_id / "index.html").read_text(encoding="utf-8")
    assert len(source_paragraphs(source)) > 50
    assert missing_paragraphs(source, page) == []


def test_check_notices_a_dropped_paragraph(site):
    source = (ROOT / "plans" / "sources" / "quang-nam-2025.txt").read_text(encoding="utf-8")
    page = (site / "ke-hoach" / "quang-nam-2025" / "index.html").read_text(encoding="utf-8")
    dropped = page.replace("Trên 100%", "100%")
    assert any("Trên 100%" in p for p in missing_paragraphs(source, dropped))
