"""Overview pages stay small however large the collection: past a size they summarise and link on."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from plankb import generate
from plankb.pages import index_pages
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
