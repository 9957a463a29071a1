"""Hostile sources: every text field of tests/fixtures/hostile carries <script>, event handlers,
javascript: links, Markdown and attribute-list syntax. The built site shows it all as text."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from browser import Guard, chromium, serve
from conftest import ROOT, build_site
from test_site import broken_links
from textcheck import norm, visible_text

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


def test_nothing_runs_in_the_browser(hostile_site):
    pytest.importorskip("playwright.sync_api")
    ran = {}
    with serve(hostile_site) as url, chromium() as browser:
        context = browser.new_context()
        guard = Guard()
        guard.attach(context)
        tab = context.new_page()
        dialogs = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages(hostile_site):
            tab.goto(url + path.relative_to(hostile_site).as_posix())
            tab.wait_for_load_state("load")
            for link in tab.locator("article a[href]").all()[:40]:
                link.hover(timeout=2000) if link.is_visible() else None
            state = tab.evaluate("[window.__pwned, getComputedStyle(document.body).display]")
            if state[0] is not None or state[1] == "none":
                ran[path.name] = state
        browser.close()
    assert ran == {} and dialogs == []


def test_links_and_anchors_resolve_in_the_hostile_site(hostile_site):
    # The duty finder loads the project's own docs/assets (tra-cuu.*, vendor/lunr), which a fixture does not have.
    assert [b for b in broken_links(hostile_site) if "/assets/" not in b] == []
