"""Hostile sources: every text field of tests/fixtures/hostile carries <script>, event handlers,
javascript: links, Markdown and attribute-list syntax. The built site shows it all as text."""
from __future__ import annotations

import datetime
import re
import unicodedata
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from browser import Guard, chromium, serve
from conftest import ROOT, TOOLTIP_ASSETS, build_site, write_fixture_config
from test_site import broken_links
from textcheck import norm, term_definitions, visible_text

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    dest = tmp_path_factory.mktemp("hostile-site")
    result = build_site(dest, HOSTILE / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return dest


class _ActiveMarkup(HTMLParser):
    """Markup that would act: event handlers and javascript: URLs carrying the fixture's marker,
    embedded frames, and script or style elements whose content came from the fixture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__pwned" in value:
                self.found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        while tag in self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        if self.open and self.open[-1] in ("script", "style") and ("__pwned" in data or "display:none" in data.replace(" ", "")):
            self.found.append(f"<{self.open[-1]}>{data[:40]}")


def pages(site):
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_no_markup_from_the_sources_takes_effect(hostile_site):
    found = {}
    for path in pages(hostile_site):
        parser = _ActiveMarkup()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            found[path.relative_to(hostile_site).as_posix()] = parser.found
    assert len(pages(hostile_site)) > 15
    assert found == {}


def test_hostile_text_is_shown_verbatim(hostile_site):
    plan = visible_text((hostile_site / "ke-hoach" / "xa-a-2026" / "index.html").read_text(encoding="utf-8"))
    for shown in ("<script>window.__pwned = 'preamble'</script>",
                  "[bấm](javascript:window.__pwned='target-link')",
                  '<a href="javascript:window.__pwned=\'a\'">liên kết</a>',
                  "&lt;script&gt; &amp; <!-- chú thích chưa đóng",
                  "{{ config }} [@khong-co-khoa] | a | b |",
                  "{: onclick=\"window.__pwned = 'heading-attr'\" } # ##",
                  "# Không phải tiêu đề ``` <script>window.__pwned = 'fence'</script> ```",
                  "Sau một dòng trống [bấm](javascript:window.__pwned='blank-line') # Tiêu đề giả"):
        assert norm(shown) in plan, shown
    html = (hostile_site / "ke-hoach" / "xa-a-2026" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert article.count("<h1") == 1 and article.count("<h2") == 2  # no heading made from plan text
    agency = visible_text((hostile_site / "co-quan" / "tram-y-te-xa-a" / "index.html").read_text(encoding="utf-8"))
    assert norm("Trạm Y tế xã A {: onclick=\"window.__pwned = 'attr'\" }") in agency


# The payloads of tests/fixtures/hostile that reach a title attribute (agency names, definitions,
# references, indicators, item numbers): each must be shown by a tooltip, as text.
TOOLTIP_MARKERS = {"tooltip-agency", "tooltip-agency-2", "tooltip-term", "tooltip-term-2", "tooltip-bib",
                   "tooltip-term-svg", "tooltip-indicator", "tooltip-national", "tooltip-anchor"}
_MARKER = re.compile(r"__pwned\s*=\s*'([^']+)'")
# Every link and titled element of the article, numbered (a shown tooltip moves its title away,
# so a locator by [title] would shift), with its title, whether Tab reaches it, and the term a
# term link points to (its tooltip shows the term's definition from du-lieu/thuat-ngu.js).
_NUMBER_TARGETS = """() => [...document.querySelectorAll("article a[href], article [title]")].map((e, i) => {
  e.dataset.probe = i;
  const term = e.matches("a.kh-term") && !e.hasAttribute("title") ? decodeURIComponent(e.hash.slice(1)) : null;
  return [e.getAttribute("title"), e.tabIndex >= 0, term]; })"""
# The one visible tooltip shows exactly the title's text, and no element of its own.
_SHOWS = """(expected) => {
  const shown = [...document.querySelectorAll("[role=tooltip]")].filter(t => t.getClientRects().length);
  return shown.length === 1 && shown[0].textContent === expected && shown[0].childElementCount === 0; }"""

# What ran since the last look (cleared, so that each problem names the element that ran it).
_TAKE_PWNED = "() => { const ran = window.__pwned; delete window.__pwned; return ran; }"


@contextmanager
def _opened(site: Path, scheme: str):
    if scheme == "file":
        yield site.as_uri() + "/"
    else:
        with serve(site) as url:
            yield url


def _tooltip_shows(tab, expected: str) -> bool:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        tab.wait_for_function(_SHOWS, arg=expected, timeout=1500)
        return True
    except PlaywrightTimeout:
        return False


def _focus_by_keyboard(tab, target) -> bool:
    """Tab onto the element from the one before it, as a keyboard user arrives."""
    target.focus()
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Tab")
    return target.evaluate("e => document.activeElement === e")


def _hover_and_focus_everything(tab, page: str, problems: list, shown: set, definitions: dict[str, str]) -> None:
    """Hover every link and titled element; Tab onto each titled one and each term link. Each
    title or definition must show in a tooltip as text, and nothing may run."""
    for number, (title, focusable, term) in enumerate(tab.evaluate(_NUMBER_TARGETS)):
        title = title or definitions.get(term or "")
        target = tab.locator(f'[data-probe="{number}"]')
        if not target.is_visible():
            continue
        for way in ["hover", "keyboard"] if title and focusable else ["hover"]:
            tab.mouse.move(0, 0)
            if way == "hover":
                target.hover(timeout=2000)
            elif not _focus_by_keyboard(tab, target):
                problems.append((page, title[:50], "Tab does not reach it"))
                continue
            if title and not _tooltip_shows(tab, title):
                problems.append((page, title[:50], f"no tooltip with its text on {way}"))
            elif title:
                shown.update(_MARKER.findall(title))
            pwned = tab.evaluate(_TAKE_PWNED)
            if pwned is not None:
                problems.append((page, (title or "")[:50], f"{way} ran {pwned}"))
            tab.keyboard.press("Escape")


def _open_every_item_citation(tab, page: str, problems: list) -> int:
    """Click each plan item's "#": its citation is made of source text (the item's words, the plan's
    title and issuer) and must show it as text."""
    for anchor in tab.locator("a.kh-anchor[data-item]").all():
        anchor.click()
        pwned = tab.evaluate(_TAKE_PWNED)
        if pwned is not None:
            problems.append((page, anchor.get_attribute("href"), f"citation ran {pwned}"))
        panel = tab.locator(".kh-item-cite")
        if panel.count() != 1 or "<" not in panel.inner_text():
            problems.append((page, anchor.get_attribute("href"), "no citation with the markup as text"))
        tab.locator(".kh-item-cite-close").click()
    return tab.locator("a.kh-anchor[data-item]").count()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_nothing_runs_in_the_browser(hostile_site, scheme):
    """Every page (plans, agencies, calendar, glossary, references), over HTTP and from file://
    like the offline copy: hover every link, hover and Tab onto every titled element."""
    pytest.importorskip("playwright.sync_api")
    problems, shown, dialogs, cited, upcoming = [], set(), [], 0, []
    definitions = term_definitions(hostile_site)
    assert {"tooltip-term", "tooltip-term-2"} <= set(_MARKER.findall(" ".join(definitions.values())))
    with _opened(hostile_site, scheme) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        guard = Guard()
        guard.attach(context)
        tab = context.new_page()
        # A day from which the hostile plan's deadline (15/12/2026) is among the home page's next 60 days.
        tab.clock.set_fixed_time(datetime.datetime(2026, 11, 20, 9))
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages(hostile_site):
            page = path.relative_to(hostile_site).as_posix()
            tab.goto(url + page)
            tab.wait_for_load_state("load")
            _hover_and_focus_everything(tab, page, problems, shown, definitions)
            cited += _open_every_item_citation(tab, page, problems)
            if page == "index.html":
                upcoming += tab.locator(".kh-upcoming-list li").all_inner_texts()
            tab.wait_for_timeout(50)  # a late error event of an injected image
            state = tab.evaluate("[window.__pwned, getComputedStyle(document.body).display]")
            if state[0] is not None or state[1] == "none":
                problems.append((page, "", f"page state {state}"))
    assert problems == [] and dialogs == [] and guard.external == []
    assert TOOLTIP_MARKERS <= shown, TOOLTIP_MARKERS - shown
    assert cited > 5  # every item of the hostile plan was cited
    assert upcoming and all("<script>" in text for text in upcoming)  # the deadline's words, as text


def test_links_and_anchors_resolve_in_the_hostile_site(hostile_site):
    assert broken_links(hostile_site) == []


# Material's content.tooltips copies a title into its tooltip as HTML: an agency name or a
# definition would run on hover. Every configuration shows titles with our tooltip.js instead.
@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs-offline.yml", "tests/fixtures/hostile/mkdocs.yml", "fixture"])
def test_titles_get_our_tooltips_not_materials(config, tmp_path):
    path = write_fixture_config(tmp_path) if config == "fixture" else ROOT / config
    with path.open("rb") as source:
        loaded = yaml_load(source)
    assert "content.tooltips" not in loaded["theme"].get("features", [])
    docs = path.parent / loaded.get("docs_dir", "docs")
    for listed, asset in TOOLTIP_ASSETS.items():
        assert asset in loaded.get(listed, []), f"{config}: {listed}"
        assert (docs / asset).read_bytes() == (ROOT / "docs" / asset).read_bytes(), f"{config}: {asset}"


def test_decomposed_text_is_shown_composed_with_links_on_the_right_words(hostile_site):
    html = (hostile_site / "ke-hoach" / "xa-a-2026" / "index.html").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", html)
    paragraph = html[html.index('id="ii-1-p2"'):]
    paragraph = paragraph[:paragraph.index("</p>")]
    assert re.findall(r"<a [^>]*>([^<]*)</a>", paragraph)[:3] == ["Trạm Y tế", "UBND xã", "tuyên truyền"]
    assert norm("Trạm Y tế và UBND xã phối hợp tuyên truyền <img src=x onerror=\"window.__pwned = 'nfd'\"> (chữ tổ hợp NFD).") in visible_text(html)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_search_results_show_source_markup_as_text(hostile_site, scheme):
    """The header search and the duty finder put what the index holds (source text) in the page as
    text: typing, moving through the results and hovering them runs nothing."""
    pytest.importorskip("playwright.sync_api")
    with _opened(hostile_site, scheme) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        guard = Guard()
        guard.attach(context)
        tab = context.new_page()
        tab.goto(url + "index.html")
        shown = []
        for query in ("window", "tuyen truyen", "ủy ban xã"):
            tab.fill("#kh-search-input", query)
            tab.wait_for_function("q => document.getElementById('kh-search-results').dataset.query === q", arg=query)
            options = tab.locator("#kh-search-results [role=option]")
            for n in range(options.count()):
                tab.keyboard.press("ArrowDown")
                options.nth(n).hover()
            shown.append(tab.inner_text("#kh-search-results"))
            assert tab.locator("#kh-search-results :is(img, script, iframe, b, style)").count() == 0
            assert tab.evaluate(_TAKE_PWNED) is None, query
        assert "<script>" in shown[0] or "<img" in shown[0]
        tab.goto(url + "tra-cuu/index.html?tu-khoa=tuyen+truyen")
        tab.wait_for_function("document.getElementById('kh-finder-results').dataset.state")  # every record shown
        assert "<" in tab.inner_text("#kh-finder-results")
        assert tab.locator("#kh-finder-results :is(img, script, iframe, b, style)").count() == 0
        assert tab.evaluate(_TAKE_PWNED) is None and guard.external == []
