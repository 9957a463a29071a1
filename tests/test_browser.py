"""What a person sees and clicks, in headless Chromium against the built site over HTTP."""
import datetime
import re
import subprocess

import icalendar
import pytest

from browser import Guard, serve
from conftest import PLAN_IDS, ROOT
from textcheck import norm, source_paragraphs, term_definitions

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


def test_plan_page_shows_card_and_numbered_text(page, base_url, artifacts):
    page.goto(base_url + "ke-hoach/hong-ngu-2022/")
    card = page.locator("#thong-tin")
    assert card.is_visible()
    assert "không rõ" in card.inner_text()
    assert page.locator("h2#iv").inner_text().startswith("IV. TỔ CHỨC THỰC HIỆN")
    assert page.locator("#iv-1-p1").is_visible()
    page.screenshot(path=str(artifacts / "ke-hoach-hong-ngu-2022.png"), full_page=False)


def test_phone_width_is_readable(page, base_url, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "ke-hoach/kim-tan-2026/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=str(artifacts / "ke-hoach-kim-tan-2026-dien-thoai.png"))


# Our tooltip (docs/assets/javascripts/tooltip.js), not Material's content.tooltips.
TOOLTIP = ".kh-tooltip[role=tooltip]"
TERM = 'a.kh-term[href$="#bcd-138"]'


def _shows_alone(page, term, definition):
    """The tooltip shows the whole definition as text and describes the term; the link has no
    title, so the browser's own tooltip does not repeat it."""
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.text_content() == definition
    assert term.get_attribute("title") is None and term.get_attribute("data-title") is None
    assert term.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    box, width = tooltip.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    return tooltip


def _restored(page, term):
    page.locator(TOOLTIP).wait_for(state="hidden", timeout=3000)
    assert term.get_attribute("title") is None and term.get_attribute("aria-describedby") is None


def test_hovering_a_term_shows_its_definition(page, base_url, site):
    page.goto(base_url + "ke-hoach/hong-ngu-2022/")
    term = page.locator(TERM).first
    definition = term_definitions(site)["bcd-138"]
    assert "Ban Chỉ đạo" in definition
    with page.expect_request("**/du-lieu/thuat-ngu.js"):  # on the first hover, not before
        term.scroll_into_view_if_needed()
        term.hover()
    _shows_alone(page, term, definition)
    assert page.locator(".md-tooltip2, .md-tooltip").count() == 0
    page.mouse.move(0, 0)
    _restored(page, term)


def test_a_term_reached_by_keyboard_shows_its_definition_until_escape(page, base_url, site):
    page.goto(base_url + "ke-hoach/hong-ngu-2022/")
    term = page.locator(TERM).first
    definition = term_definitions(site)["bcd-138"]
    term.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert term.evaluate("e => document.activeElement === e")
    _shows_alone(page, term, definition)
    page.keyboard.press("Escape")
    _restored(page, term)
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    _shows_alone(page, term, definition)
    page.keyboard.press("Tab")  # blur
    assert page.locator(TOOLTIP).text_content() != definition


def test_tooltips_are_not_printed(page, base_url):
    page.goto(base_url + "ke-hoach/hong-ngu-2022/")
    term = page.locator(TERM).first
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5000)
    page.emulate_media(media="print")
    assert not tooltip.is_visible()


def test_walk_from_home_to_a_duty(page, base_url, artifacts):
    page.goto(base_url)
    page.locator("article").get_by_role("link", name="Xã", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Cấp xã")
    page.locator(".kh-place-list").get_by_role("link", name="xã Kim Tân").click()
    page.locator(".kh-agency-list").get_by_role("link", name="Công an xã Kim Tân").click()
    assert page.locator("h1").inner_text().startswith("Công an xã Kim Tân")
    page.locator(".kh-duty-row a", has_text="mục").first.click()
    page.wait_for_load_state()
    assert "/ke-hoach/kim-tan-2026/#" in page.url
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").is_visible()
    page.screenshot(path=str(artifacts / "tu-trang-chu-den-nhiem-vu.png"))


def test_new_staff_at_cong_an_xa_kim_tan_find_every_duty_and_deadline_with_a_calendar(page, base_url, artifacts):
    """The walk of issue 18: from the home page to the agency's page, its duties, the deadline the
    plan gives its group ("các phòng, đơn vị liên quan"), and a calendar that holds it."""
    page.goto(base_url)
    page.locator("article").get_by_role("link", name="Xã", exact=True).click()
    page.locator(".kh-place-list").get_by_role("link", name="xã Kim Tân").click()
    page.locator(".kh-agency-list").get_by_role("link", name="Công an xã Kim Tân").click()
    summary = page.locator(".kh-summary").inner_text()
    assert summary.startswith("8 nhiệm vụ trong 1 kế hoạch")
    assert "phải báo cáo: trước ngày 15/12 (giao chung cho Các phòng, ban, đơn vị liên quan của xã Kim Tân)" in summary
    assert page.locator(".kh-duty-row").count() == 8
    reports = page.locator("#bao-cao + .kh-scroll table")
    assert "giao chung cho" in reports.inner_text() and "trước ngày 15/12" in reports.inner_text()
    page.screenshot(path=str(artifacts / "cong-an-xa-kim-tan.png"), full_page=True)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Tải lịch báo cáo (.ics)").click()
    calendar = icalendar.Calendar.from_ical(downloading.value.path().read_bytes())
    starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    assert datetime.date(2026, 12, 15) in starts


def test_matrix_and_indicator_pages(page, base_url, artifacts):
    page.goto(base_url + "chi-tieu/")
    assert page.locator("table.kh-matrix-table").first.is_visible()
    page.screenshot(path=str(artifacts / "chi-tieu-ma-tran.png"), full_page=True)
    page.goto(base_url + "chi-tieu/lao-dong-kcn-tuyen-truyen/")
    chart = page.locator("svg[role=img]")
    assert chart.is_visible()
    assert "Ninh Thuận" in page.locator("svg[role=img] desc").text_content()
    page.screenshot(path=str(artifacts / "chi-tieu-lao-dong-kcn.png"), full_page=True)


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    guard = Guard()
    guard.attach(context)
    tab = context.new_page()
    yield tab
    assert guard.external == []
    context.close()


def test_bibtex_copy_button_puts_the_entry_on_the_clipboard(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "ke-hoach/ninh-thuan-2021-2025/")
    page.locator("#trich-dan summary").click()
    page.locator("button[data-copy='trich-dan-bibtex']").click()
    page.locator(".kh-toast--on").wait_for(timeout=3000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{ninh-thuan-2021-2025,")
    assert "number = {5971/KH-UBND}" in copied
    admin = page.locator("#trich-dan-hanh-chinh").inner_text()
    assert admin.startswith("Kế hoạch số 5971/KH-UBND ngày 01/11/2021 của Ủy ban nhân dân tỉnh Ninh Thuận về")
    assert base_url + "ke-hoach/ninh-thuan-2021-2025/" in admin and "…" not in admin


def test_anchor_copies_a_link_to_that_item(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "ke-hoach/quang-tri-2022-2025/")
    item = page.locator("[id='v-1-a']")
    item.hover()
    item.locator("a.kh-anchor").click()
    page.locator(".kh-toast--on").wait_for(timeout=3000)
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "ke-hoach/quang-tri-2022-2025/#v-1-a"
    # The message names the item from the anchor's title, which the hover tooltip holds meanwhile.
    assert page.locator(".kh-toast").inner_text() == "Đã sao chép liên kết: mục V.1.a"


def test_a_duty_is_cited_from_its_anchor_by_mouse_keyboard_and_touch(clipboard_page, base_url, artifacts):
    """A trainer cites one duty: its "#" opens the item's citation in the administrative style,
    APA and BibTeX, with the absolute URL of the item; the copy button copies it."""
    page = clipboard_page
    page.goto(base_url + "ke-hoach/kim-tan-2026/")
    url = base_url + "ke-hoach/kim-tan-2026/#iv-4-p8"
    page.locator("[id='iv-4-p8'] a.kh-anchor").click()
    panel = page.locator("#trich-dan-muc-iv-4-p8")
    admin = panel.locator("#trich-dan-muc-iv-4-p8-hanh-chinh").inner_text()
    assert admin.startswith("gạch đầu dòng thứ 8, mục IV.4, Kế hoạch của Ủy ban nhân dân xã Kim Tân về phòng, chống mại dâm")
    assert admin.endswith(" tại " + url)
    assert panel.locator("#trich-dan-muc-iv-4-p8-apa").inner_text().startswith("Ủy ban nhân dân xã Kim Tân. (2026). Kế hoạch: ")
    bib = panel.locator("#trich-dan-muc-iv-4-p8-bibtex").inner_text()
    assert bib.startswith("@misc{kim-tan-2026-iv-4-p8,") and "gạch đầu dòng thứ 8, mục IV.4;" in bib and "url = {" + url + "}" in bib
    panel.locator("button[data-copy='trich-dan-muc-iv-4-p8-hanh-chinh']").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('gạch đầu dòng thứ 8'))")
    page.screenshot(path=str(artifacts / "trich-dan-mot-nhiem-vu.png"))
    # Escape closes it and gives the focus back to the "#"; Enter on the focused "#" opens it again.
    panel.locator("button.kh-item-cite-close").focus()
    page.keyboard.press("Escape")
    assert panel.count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#iv-4-p8"
    page.keyboard.press("Enter")
    assert page.locator("#trich-dan-muc-iv-4-p8").is_visible()


def test_anchors_are_visible_and_big_enough_on_a_touch_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "ke-hoach/kim-tan-2026/")
    anchor = page.locator("[id='iv-4-p8'] a.kh-anchor")
    box = anchor.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    assert page.evaluate("getComputedStyle(document.querySelector(\"[id='iv-4-p8'] a.kh-anchor\")).opacity") == "1"
    assert anchor.get_attribute("title") == "Sao chép liên kết và trích dẫn gạch đầu dòng thứ 8, mục IV.4"
    context.close()


@pytest.mark.parametrize("path,expected", [("ke-hoach/quang-tri-2022-2025/", "TỔ CHỨC THỰC HIỆN"),
                                           ("co-quan/phong-ldtbxh-hong-ngu/", "Phòng Lao động - Thương binh và Xã hội")])
def test_printed_page_is_a_clean_handout(page, base_url, artifacts, path, expected):
    from pypdf import PdfReader
    page.goto(base_url + path)
    pdf = artifacts / (path.strip("/").replace("/", "-") + ".pdf")
    page.pdf(path=str(pdf), format="A4", print_background=False)
    reader = PdfReader(str(pdf))
    # PDF text extraction breaks Vietnamese syllables around combining marks: compare without spaces.
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) >= (2 if path.startswith("ke-hoach") else 1)
    assert squash(expected) in text
    if path.startswith("ke-hoach"):  # a plan's handout says where it comes from, and when it was printed
        source = squash("Nguồn: Kế hoạch của Ủy ban nhân dân tỉnh Quảng Trị về thực hiện Chương trình phòng, chống mại dâm")
        assert source in text and squash(f"In từ {base_url}{path} ngày {datetime.date.today():%d/%m/%Y}") in text
    for chrome in ("Tìm kiếm", "Bỏ qua", "Trích dẫn trang này", "Made with", "Mục lục"):
        assert squash(chrome) not in text, chrome


def squash(text):
    import re
    import unicodedata
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


# The number of an item printed in its margin ("IV.4", "II.1.b"): text extraction interleaves it
# with the item's lines; it is not the plan's words.
MARGIN_LABEL = r"(?:[IVX]+(?:\.[0-9a-zđ]+)*|\d+(?:\.[0-9a-zđ]+)+)"


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_source_paragraph_is_on_paper(page, base_url, artifacts, plan_id):
    """What a trainer prints holds the plan's words exactly: nothing hidden, nothing added inside
    a sentence, no number range or syllable run together at a line end (read with pdftotext)."""
    page.goto(base_url + f"ke-hoach/{plan_id}/")
    pdf = artifacts / f"{plan_id}-in.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(rf"(?m)[ \t]+{MARGIN_LABEL}[ \t]*$", "", text)
    text = norm(re.sub(rf"(?m)^[ \t]*{MARGIN_LABEL}[ \t]*$", "", text))
    source = (ROOT / "plans" / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
    assert [p for p in source_paragraphs(source) if norm(p) not in text] == []


@pytest.mark.parametrize("today,expected", [("2026-11-20", ["15/12/2026"]), ("2026-01-10", [])])
def test_home_page_shows_the_deadlines_of_the_next_60_days(page, base_url, today, expected):
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(today + "T09:00:00"))
    page.goto(base_url)
    box = page.locator("#sap-den-han")
    status = box.locator(".kh-upcoming-status")
    status.filter(has_text="60 ngày tới").wait_for()
    dates = box.locator(".kh-upcoming-list li strong").all_inner_texts()
    assert dates == expected
    if expected:
        item = box.locator(".kh-upcoming-list li").first
        assert "Kim Tân 2026, đoạn thứ 1, phần kết" in item.inner_text() and "(trước ngày 15/12)" in item.inner_text()
        with page.expect_navigation():
            item.locator("a").click()
        assert page.url.endswith("ke-hoach/kim-tan-2026/#ket-1")
    else:
        assert status.inner_text() == "Không có hạn báo cáo nào trong 60 ngày tới."
