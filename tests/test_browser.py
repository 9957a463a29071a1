"""What a person sees and clicks, in headless Chromium against the built site over HTTP."""
import pytest

from browser import CHROMIUM_ARGS, Guard, chromium_path, serve

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    guard = Guard()
    guard.attach(context)
    tab = context.new_page()
    tab.guard = guard
    yield tab
    assert guard.external == [], guard.external
    context.close()


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


def test_hovering_a_term_shows_its_definition(page, base_url):
    page.goto(base_url + "ke-hoach/hong-ngu-2022/")
    term = page.locator('a.kh-term[href$="#bcd-138"]').first
    definition = term.get_attribute("title") or term.get_attribute("data-title") or ""
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=definition[:30])
    tooltip.first.wait_for(state="visible", timeout=5000)
    assert "Ban Chỉ đạo" in tooltip.first.inner_text()


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


def test_matrix_and_indicator_pages(page, base_url, artifacts):
    page.goto(base_url + "chi-tieu/")
    assert page.locator("table.kh-matrix-table").first.is_visible()
    page.screenshot(path=str(artifacts / "chi-tieu-ma-tran.png"), full_page=True)
    page.goto(base_url + "chi-tieu/lao-dong-kcn-tuyen-truyen/")
    chart = page.locator("svg[role=img]")
    assert chart.is_visible()
    assert "Ninh Thuận" in page.locator("svg[role=img] desc").text_content()
    page.screenshot(path=str(artifacts / "chi-tieu-lao-dong-kcn.png"), full_page=True)
