"""Every kind of page, measured in headless Chromium on a desktop (1280×800) and a phone (390×844)
and printed on A4 (issue 19): no syllable broken across lines in a table, nothing wider than the
phone's screen, the matrix's first column in view while its plans scroll, the glossary's letters
in reach, the chart readable; on paper no navigation, search or button, the title, source and
address on the first page, no table row cut by a page break, every word of the page in the
printout. The 404 page, in Vietnamese, over HTTP and from the offline copy's folder. Screenshots
and PDFs go to test-artifacts/."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import build_offline
from browser import Guard, serve
from layout import BROKEN_SYLLABLES, SHOWN_TEXT, TOO_WIDE, pdf_pages, syllables, table_rows

playwright = pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# One page of each kind the site has.
PAGE_KINDS = {
    "trang-chu": "",
    "ke-hoach": "ke-hoach/",
    "mot-ke-hoach": "ke-hoach/kim-tan-2026/",
    "co-quan": "co-quan/",
    "mot-co-quan": "co-quan/phong-ldtbxh-hong-ngu/",
    "lich-bao-cao": "lich-bao-cao/",
    "ma-tran-chi-tieu": "chi-tieu/",
    "mot-chi-tieu": "chi-tieu/co-so-duoc-kiem-tra/",
    "linh-vuc": "linh-vuc/",
    "mot-linh-vuc": "linh-vuc/kiem-tra-xu-ly/",
    "cap": "cap/",
    "mot-cap": "cap/huyen/",
    "dia-ban": "dia-ban/",
    "mot-dia-ban": "dia-ban/hong-ngu/",
    "nganh": "nganh/",
    "mot-nganh": "nganh/cong-an/",
    "van-ban": "van-ban/",
    "thuat-ngu": "thuat-ngu/",
    "tra-cuu": "tra-cuu/",
    "du-lieu": "du-lieu/",
    "gioi-thieu": "gioi-thieu/",
    "huong-dan": "huong-dan/truong-du-lieu/",
}
# The tables issue 19 found broken ("Tỉn h", "UBN D huyệ n", "Phòn g VHX H"), and the others.
TABLE_PAGES = ["ke-hoach/", "lich-bao-cao/", "co-quan/phong-ldtbxh-hong-ngu/", "co-quan/cong-an-xa-kim-tan/", "chi-tieu/",
               "chi-tieu/lao-dong-kcn-tuyen-truyen/", "cap/huyen/", "dia-ban/hong-ngu/", "du-lieu/", "huong-dan/truong-du-lieu/"]


@pytest.fixture(scope="module")
def base_url(site):
    """The site over HTTP; a missing address gets its 404.html, as on a web host."""
    with serve(site, not_found="404.html") as url:
        yield url


@pytest.fixture
def tab(browser):
    """A tab of the given size (a phone: touch, mobile viewport); the test fails on a request to
    another host or a script error, as with the `page` fixture."""
    made = []

    def open_tab(viewport: dict):
        phone = viewport["width"] < 500
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, locale="vi-VN")
        guard = Guard()
        guard.attach(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        made.append((context, guard, errors))
        return page

    yield open_tab
    for context, guard, errors in made:
        assert guard.external == [] and errors == []
        context.close()


def shot(artifacts: Path, name: str) -> str:
    return str(artifacts / "bo-cuc" / f"{name}.png")


@pytest.fixture(scope="module", autouse=True)
def _folder(artifacts):
    (artifacts / "bo-cuc").mkdir(exist_ok=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["may-tinh", "dien-thoai"])
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_no_syllable_is_broken_in_a_table(tab, base_url, artifacts, path, viewport):
    """Each syllable of every table cell is drawn on one line: its line boxes (one rectangle per
    line, Range.getClientRects) all have the same top."""
    page = tab(viewport)
    page.goto(base_url + path)
    found = page.evaluate(BROKEN_SYLLABLES, "article table")
    assert found["syllables"] > 20
    page.screenshot(path=shot(artifacts, f"bang-{path.strip('/').replace('/', '-')}-{viewport['width']}"), full_page=True)
    assert found["broken"] == []


@pytest.mark.parametrize("path", list(PAGE_KINDS.values()), ids=list(PAGE_KINDS))
def test_nothing_is_wider_than_a_phone(tab, base_url, artifacts, path):
    page = tab(PHONE)
    page.goto(base_url + path)
    measured = page.evaluate(TOO_WIDE)
    page.screenshot(path=shot(artifacts, f"dien-thoai-{path.strip('/').replace('/', '-') or 'trang-chu'}"))
    assert measured["wide"] == [] and measured["scrollWidth"] <= measured["width"]


def test_a_wide_table_is_a_list_of_cards_on_a_phone(tab, base_url, artifacts):
    """The calendar on a phone: each deadline a card, each cell under its column's name; a long
    list of agencies folded behind its count."""
    page = tab(PHONE)
    page.goto(base_url + "lich-bao-cao/")
    row = page.locator("#theo-ngay ~ .kh-scroll tbody tr").first
    box = row.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] < 700
    labels = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels[:3] == ['"Hạn"', '"Như văn bản"', '"Ai báo cáo"']
    folded = page.locator("#theo-ngay ~ .kh-scroll details.kh-more").first
    assert re.fullmatch(r"\d+ cơ quan, đơn vị", folded.locator("summary").inner_text())
    assert folded.get_attribute("open") is None
    page.screenshot(path=shot(artifacts, "lich-bao-cao-dien-thoai"), full_page=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["may-tinh", "dien-thoai"])
def test_matrix_keeps_its_first_column_in_view_while_the_plans_scroll(tab, base_url, artifacts, viewport):
    page = tab(viewport)
    page.goto(base_url + "chi-tieu/")
    matrix = page.locator(".kh-matrix").first
    matrix.scroll_into_view_if_needed()
    before = page.evaluate("""() => {
      const box = document.querySelector('.kh-matrix'), row = box.querySelector('tbody tr');
      return {scrollable: box.scrollWidth - box.clientWidth, box: box.getBoundingClientRect().toJSON(),
              first: row.cells[0].getBoundingClientRect().toJSON(), last: row.cells[row.cells.length - 1].getBoundingClientRect().toJSON()};
    }""")
    if viewport is DESKTOP and before["scrollable"] <= 0:
        return  # the whole matrix fits: nothing scrolls
    assert before["scrollable"] > 100
    # The indicator names take less than half of a phone's screen, leaving room for the plans.
    assert before["first"]["width"] < viewport["width"] / 2
    matrix.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    after = page.evaluate("""() => {
      const box = document.querySelector('.kh-matrix'), row = box.querySelector('tbody tr');
      const first = row.cells[0].getBoundingClientRect();
      const hit = document.elementFromPoint(first.left + 5, first.top + 5);
      return {first: first.toJSON(), last: row.cells[row.cells.length - 1].getBoundingClientRect().toJSON(),
              seen: row.cells[0].contains(hit)};
    }""")
    assert after["last"]["left"] < before["last"]["left"] - 100  # the plans did scroll
    assert abs(after["first"]["left"] - before["box"]["left"]) <= 1 and after["seen"]
    page.screenshot(path=shot(artifacts, f"ma-tran-cuon-ngang-{viewport['width']}"))


def test_chart_is_readable_on_a_phone(tab, base_url, artifacts):
    """The chart's words are drawn at 11 px or more on a phone's screen (its drawing scaled to the
    width it has), and it fits."""
    page = tab(PHONE)
    page.goto(base_url + "chi-tieu/lao-dong-kcn-tuyen-truyen/")
    chart = page.locator(".kh-chart svg")
    chart.scroll_into_view_if_needed()
    sizes = chart.evaluate("""svg => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    }""")
    assert sizes and min(sizes) >= 11, sizes
    assert chart.bounding_box()["x"] + chart.bounding_box()["width"] <= PHONE["width"]
    page.screenshot(path=shot(artifacts, "bieu-do-dien-thoai"), full_page=True)


def test_glossary_letters_stay_in_reach_and_long_lists_are_folded(tab, base_url, artifacts):
    page = tab(PHONE)
    page.goto(base_url + "thuat-ngu/")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.7)")
    letters = page.locator("nav.kh-letters")
    box = letters.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 140  # under the header, wherever the page is
    page.screenshot(path=shot(artifacts, "thuat-ngu-giua-trang-dien-thoai"))
    # A letter opened from there is not hidden behind the letters.
    target = letters.locator("a").nth(2)
    anchor = target.get_attribute("href")
    target.click()
    page.wait_for_function("h => location.hash === h", arg=anchor)
    heading = page.locator(f"h2{anchor}").bounding_box()
    assert heading["y"] >= letters.bounding_box()["y"] + letters.bounding_box()["height"] - 1
    # "Dùng trong" of more than two plans waits behind its count, closed.
    usage = page.locator("ul.kh-usage").evaluate_all(
        "lists => lists.map(l => [l.children.length, !!l.closest('details:not([open])')])")
    assert any(folded for _, folded in usage)
    assert all(folded == (count > 2) for count, folded in usage)


# --- Paper -----------------------------------------------------------------------------------

# Text of the site's chrome, none of which may be on paper: skip link, table of contents,
# footer, search box, citation box and copy buttons, back-to-top button.
CHROME = ["Bỏ qua", "Mục lục", "Nội dung các kế hoạch thuộc cơ quan ban hành", "Tìm kiếm", "Trích dẫn trang này",
          "Sao chép", "Lên đầu trang", "Chữ cái"]


def squash(text: str) -> str:
    import unicodedata
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("path", list(PAGE_KINDS.values()), ids=list(PAGE_KINDS))
def test_every_page_kind_prints_cleanly_on_a4(tab, base_url, artifacts, path):
    page = tab(DESKTOP)
    page.goto(base_url + path)
    page.emulate_media(media="print")
    title = page.locator("article h1").first.inner_text()
    printed = page.evaluate(SHOWN_TEXT, "article")  # what the page shows on paper
    name = path.strip("/").replace("/", "-") or "trang-chu"
    pdf = artifacts / "bo-cuc" / f"in-{name}.pdf"
    page.pdf(path=str(pdf), format="A4", tagged=True)
    pages = pdf_pages(pdf)
    first, everything = squash(pages[0]), squash("".join(pages))
    # The first page says what the page is, where it comes from and the address it was printed from.
    assert squash(title) in first
    assert "Nguồn:" in first and squash(f"In từ {base_url}{path}") in first
    for chrome in CHROME:
        assert squash(chrome) not in everything, chrome
    # Every syllable the page shows on paper is in the printout, whole (nothing clipped by the
    # page's edge, no syllable cut at a line's end).
    missing = syllables(printed) - syllables("\n".join(pages))
    assert not missing, sorted(missing)[:20]
    # No table row is cut by a page break (header rows repeat on every page: not counted).
    cut = [sorted(on) for kind, on in table_rows(pdf) if kind == "/TD" and len(on) > 1]
    assert cut == []


# --- The 404 page ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """`make offline`'s zip, unpacked: the folder a workshop participant opens."""
    work = tmp_path_factory.mktemp("offline-404")
    archive = build_offline.build(work / "offline.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(work)
    return work / build_offline.FOLDER


def _a_vietnamese_404_with_search_and_sections(page, artifacts, name: str, words: str) -> list[str]:
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.title().startswith("Không tìm thấy trang")
    assert page.locator("article h1").inner_text() == "Không tìm thấy trang"
    # The theme's styles and scripts loaded (links from the right root): the header is Material's.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator("#kh-search-input").count() == 1
    sections = page.locator(".kh-404-sections a")
    assert sections.all_inner_texts()[:5] == ["Trang chủ", "Kế hoạch", "Cơ quan", "Lịch báo cáo", "Chỉ tiêu"]
    # The search box starts from the address's words and shows the header search's results.
    box = page.locator("#kh-404-q")
    assert box.input_value() == words
    box.fill("cong an xa kim tan")
    box.press("Enter")
    page.wait_for_function("document.getElementById('kh-search-results').dataset.query === 'cong an xa kim tan'")
    assert page.locator("#kh-search-results a").count() > 0
    page.screenshot(path=shot(artifacts, name))
    return sections.evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["may-tinh", "dien-thoai"])
def test_a_missing_address_gets_a_vietnamese_404_page(tab, base_url, artifacts, viewport):
    page = tab(viewport)
    response = page.goto(base_url + "ke-hoach/hong-ngu-2021/muc-khong-co/")
    assert response.status == 404
    hrefs = _a_vietnamese_404_with_search_and_sections(page, artifacts, f"404-http-{viewport['width']}", "muc khong co")
    for href in hrefs:  # every section it offers is there
        assert page.request.get(href).status == 200, href


def test_the_offline_copys_404_page_works_from_its_folder(tab, offline_site, artifacts):
    page = tab(DESKTOP)
    page.goto((offline_site / "404.html").as_uri())
    hrefs = _a_vietnamese_404_with_search_and_sections(page, artifacts, "404-file", "")
    for href in hrefs:
        assert href.startswith(offline_site.as_uri()) and Path(href.removeprefix("file://")).is_file(), href


# --- Values as written -------------------------------------------------------------------------

def test_a_value_shows_as_written_and_its_tooltip_quotes_its_sentence(tab, base_url):
    page = tab(DESKTOP)
    page.goto(base_url + "chi-tieu/")
    value = page.locator('.kh-matrix-table a[href$="ke-hoach/quang-nam-2025/#ii-5"]')
    assert value.inner_text() == "Trên 100%"
    value.hover()
    tooltip = page.locator(".kh-tooltip[role=tooltip]")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.text_content() == ("“Trên 100% các cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn mại dâm được tổ chức kiểm tra.”"
                                      " — mục II.5")
