"""The overview pages of a national collection, in Chromium: a 200-plan synthetic site (copies of
the seeds, scripts/make_corpus.py) built once with MkDocs; its summaries show counts instead of
every plan, link down to where each province's list lives, and the pages they link to exist."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from make_corpus import make_corpus

PLANS = 200
PAGE_LIMIT = 300_000  # bytes of HTML: the goal for a national collection (issue #20)
SUMMARIES = ["thuat-ngu/", "linh-vuc/kiem-tra-xu-ly/", "cap/tinh/", "chi-tieu/", "chi-tieu/co-so-duoc-kiem-tra/", "lich-bao-cao/",
             "nganh/cong-an/", "ke-hoach/", "van-ban/", "du-lieu/", "dia-ban/", "co-quan/"]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    corpus = make_corpus(tmp_path_factory.mktemp("corpus"), PLANS)
    dest = tmp_path_factory.mktemp("site-200")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(corpus / "mkdocs.yml"), "-d", str(dest)],
                            cwd=corpus, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.fixture(scope="module")
def base_url(big_site):
    from browser import serve

    with serve(big_site) as url:
        yield url


def _h1(page) -> str:
    return page.locator("h1").inner_text().removesuffix("#").strip()


def _open(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url


def test_no_page_of_the_200_plan_site_is_larger_than_the_limit(big_site):
    sizes = {str(p.relative_to(big_site)): p.stat().st_size for p in big_site.rglob("*.html")}
    assert len(sizes) > 4 * PLANS
    assert {path: size for path, size in sizes.items() if size > PAGE_LIMIT} == {}
    for summary in SUMMARIES:  # each summary is a fraction of the limit
        assert sizes[summary + "index.html"] < PAGE_LIMIT * 2 / 3, summary


def test_every_link_of_the_summaries_leads_to_a_page_that_exists(page, base_url):
    seen: set[str] = set()
    for summary in SUMMARIES:
        _open(page, base_url + summary)
        for href in page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)"):
            url = urljoin(base_url + summary, href).split("#", 1)[0]
            if urlparse(url).hostname == "127.0.0.1" and url not in seen:
                seen.add(url)
                assert page.request.get(url).ok, (summary, url)
    assert len(seen) > 300


def test_the_glossary_counts_a_term_s_plans_and_points_to_the_places(page, base_url):
    _open(page, base_url + "thuat-ngu/")
    entry = page.locator("#hiv-aids")
    used = entry.locator(".kh-usage-summary").inner_text()
    assert re.match(r"\d+ kế hoạch, [\d.]+ lần \(", used), used
    assert entry.locator(".kh-usage").count() == 0  # no list of every plan
    entry.get_by_role("link", name="Địa bàn").click()
    page.wait_for_load_state()
    assert _h1(page) == "Địa bàn"


def test_a_level_page_leads_to_a_province_and_its_plans(page, base_url, artifacts):
    _open(page, base_url + "cap/tinh/")
    assert page.locator(".kh-overview").inner_text().startswith("120 kế hoạch")
    page.screenshot(path=str(artifacts / "tong-hop-cap-tinh-200.png"))
    row = page.locator("#theo-tinh + .kh-scroll tr", has=page.get_by_role("link", name=re.compile("Ninh Thuận"))).first
    assert row.locator("td").nth(2).inner_text() == "1"  # one plan at the province level
    name = row.get_by_role("link").inner_text()
    row.get_by_role("link").click()
    page.wait_for_load_state()
    assert _h1(page) == name[:1].upper() + name[1:]
    plans = page.locator("#ke-hoach + .kh-scroll tbody tr")
    assert plans.count() == 1
    plans.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert re.search(r"/ke-hoach/ninh-thuan-2021-2025(-b\d+)?/$", page.url)


def test_the_plans_index_leads_to_the_directory_where_a_province_lists_the_plans_in_it(page, base_url):
    _open(page, base_url + "ke-hoach/")
    assert page.locator("#moi-nhat + .kh-scroll tbody tr").count() == 20
    assert page.locator("#theo-tinh + .kh-scroll tbody tr").count() == 100  # the busiest; the others: the directory
    page.locator("#theo-tinh ~ p").get_by_role("link", name="danh sách địa bàn").click()
    page.wait_for_load_state()
    assert _h1(page) == "Địa bàn"
    page.get_by_role("link", name="tỉnh Thanh Hóa (bản 3)", exact=True).click()
    page.wait_for_load_state()
    inside = page.locator("#ke-hoach-truc-thuoc + .kh-scroll")
    assert inside.locator("a[href$='ke-hoach/kim-tan-2026-b3/']").is_visible()  # the plan of Kim Tân, a commune in it


def test_the_matrix_shows_each_indicator_s_distribution_and_leads_to_it(page, base_url, artifacts):
    _open(page, base_url + "chi-tieu/")
    page.screenshot(path=str(artifacts / "tong-hop-chi-tieu-200.png"))
    assert page.locator("article a[href*='ke-hoach/']").count() == 0  # no column per plan
    row = page.locator("tr", has=page.get_by_role("link", name="Xã, phường, thị trấn tổ chức ít nhất một hình thức tuyên truyền"))
    cells = row.locator("td").all_inner_texts()
    low, middle, high = (float(cell.rstrip("%").replace(",", ".")) for cell in cells[3:6])
    assert cells[1] == "≥ 70%" and int(cells[2].replace(".", "")) > 0 and low <= middle <= high
    row.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.locator("#phan-bo").is_visible() and page.locator("svg.kh-chart, figure.kh-chart").count() == 0
    page.locator("#theo-tinh + .kh-scroll a").first.click()
    page.wait_for_load_state()
    assert "/dia-ban/" in page.url


def test_the_calendar_counts_deadlines_by_day_and_offers_every_one_as_a_download(page, base_url):
    _open(page, base_url + "lich-bao-cao/")
    day = page.locator("#theo-ngay + .kh-scroll tr", has=page.locator("strong", has_text="15/12"))
    assert int(day.locator("td").nth(1).inner_text()) >= PLANS // 5
    ics = page.get_by_role("link", name="Tải lịch (.ics) cho mọi hạn báo cáo")
    response = page.request.get(urljoin(page.url, ics.get_attribute("href")))
    assert response.ok and response.text().count("BEGIN:VEVENT") > PLANS
