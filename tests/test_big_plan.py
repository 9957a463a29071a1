"""One big plan: the build's work grows linearly with the plan's size, the HTML is the same as
Python-Markdown's own raw HTML pass gives, and a long build says how far it is."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from make_corpus import BIG_PLAN, add_big_plan, make_corpus
from plankb import generate, links, progress
from plankb.pages import plan_page, raw_blocks
from plankb.pages.render_common import Context
from plankb.sources import loader
from plankb.text.vietnamese import markdown_slugify

ROOT = Path(__file__).resolve().parent.parent


BIG_PAGE = links.plan_page(BIG_PLAN)

# Builds a corpus in this process with `mkdocs build`, counting two kinds of work on the big
# plan's page that the old code did in time quadratic in the page's size:
# - raw_html: characters Python-Markdown's raw HTML parser copies at the end of each raw HTML
#   block (HTMLExtractor.handle_endtag copies the rest of the text it was fed);
# - toc: table of contents items Material's search index walks to find each section's heading.
COUNTING_BUILD = """
import json, sys
import markdown.htmlparser as htmlparser
from material.plugins.search.plugin import SearchIndex
from mkdocs.__main__ import cli
from mkdocs.structure.pages import Page

big, out = sys.argv[1], sys.argv[2]
work = {"raw_html": 0, "toc": 0}
current = [None]

def counted(name, wrap):
    original = getattr(wrap[0], name)
    def counting(self, *args, **kwargs):
        return wrap[1](original, self, *args, **kwargs)
    setattr(wrap[0], name, counting)

def render(original, page, *args, **kwargs):
    current[0] = page.file.src_uri
    return original(page, *args, **kwargs)

def handle_endtag(original, parser, tag):
    was_raw, rest = parser.inraw, len(parser.rawdata) - (parser.line_offset + parser.offset)
    original(parser, tag)
    if current[0] == big and was_raw and not parser.inraw:  # a block ended: the rest was copied
        work["raw_html"] += rest

def create_entry(original, index, section, toc, url, page):
    current[0] = page.file.src_uri
    return original(index, section, toc, url, page)

def find_toc(original, index, toc, id):
    if current[0] == big:
        work["toc"] += len(toc)
    return original(index, toc, id)

counted("render", (Page, render))
counted("handle_endtag", (htmlparser.HTMLExtractor, handle_endtag))
counted("create_entry_for_section", (SearchIndex, create_entry))
counted("_find_toc_by_id", (SearchIndex, find_toc))
try:
    cli(["build", "--strict", "-q", "-d", "site"])
finally:
    with open(out, "w") as f:
        json.dump(work, f)
"""


def _counted_build(tmp_path: Path, paragraphs: int) -> dict[str, int]:
    corpus = make_corpus(tmp_path / f"corpus-{paragraphs}", 5)
    add_big_plan(corpus, paragraphs)
    out = tmp_path / f"work-{paragraphs}.json"
    result = subprocess.run([sys.executable, "-c", COUNTING_BUILD, BIG_PAGE, str(out)], cwd=corpus,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text())


def test_big_plan_build_work_grows_linearly_with_its_paragraphs(tmp_path):
    """Four times the paragraphs, about four times the work (the old code: about sixteen)."""
    small, big = _counted_build(tmp_path, 300), _counted_build(tmp_path, 1200)
    assert 0 < small["raw_html"] and big["raw_html"] < 6 * small["raw_html"], (small, big)
    # Material's search walks no table of contents at all: the core made the page's entries
    # (plankb.search.search_sections, one pass over the page).
    assert small["toc"] == big["toc"] == 0


# --- raw_blocks: the same HTML as Python-Markdown's own pass ----------------------------------

def _project_markdown(extra: tuple = ()) -> tuple[list, dict]:
    """The project's Markdown extensions, without raw_blocks (the usual pass), and their configs."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = dict(config.mdx_configs)
    configs["toc"] = {**configs.get("toc", {}), "slugify": markdown_slugify}
    return [*(e for e in config.markdown_extensions if e != "plankb.pages.raw_blocks"), *extra], configs


def _converted(text: str, extensions: list, configs: dict) -> tuple[str, list]:
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return md.convert(text), getattr(md, "toc_tokens", [])


def _tail_copied(monkeypatch, convert) -> int:
    """Characters Python-Markdown's raw HTML parser copies at the ends of raw blocks in `convert()`."""
    from markdown.htmlparser import HTMLExtractor

    copied = [0]
    original = HTMLExtractor.handle_endtag

    def handle_endtag(parser, tag):
        was_raw, rest = parser.inraw, len(parser.rawdata) - (parser.line_offset + parser.offset)
        original(parser, tag)
        if was_raw and not parser.inraw:
            copied[0] += rest

    monkeypatch.setattr(HTMLExtractor, "handle_endtag", handle_endtag)
    convert()
    monkeypatch.undo()
    return copied[0]


@pytest.fixture(scope="module")
def generated_pages(corpus) -> dict[str, str]:
    build = generate.build(corpus)
    pages = {path: make() for path, make in build.now.items() if path.endswith(".md")}
    pages.update((f"docs/{p.relative_to(ROOT / 'docs')}", p.read_text(encoding="utf-8")) for p in (ROOT / "docs").rglob("*.md"))
    return {path: text.split("\n---\n", 1)[1] if text.startswith("---\n") else text for path, text in pages.items()}


def test_every_page_of_the_site_converts_to_the_same_html(generated_pages):
    extensions, configs = _project_markdown()
    for path, text in generated_pages.items():
        assert _converted(text, [*extensions, raw_blocks.RawBlocks()], configs) == _converted(text, extensions, configs), path


def test_plan_pages_are_read_without_copying_the_page(corpus, generated_pages, monkeypatch):
    """Every plan page has the shape raw_blocks reads line by line (a renderer that breaks it would
    bring the quadratic time back for big plans)."""
    extensions, configs = _project_markdown()
    for plan_id in corpus.plans:
        text = generated_pages[links.plan_page(plan_id)]
        usual = _tail_copied(monkeypatch, lambda text=text: _converted(text, extensions, configs))
        ours = _tail_copied(monkeypatch, lambda text=text: _converted(text, [*extensions, raw_blocks.RawBlocks()], configs))
        assert usual > 10 * len(text), plan_id  # the rest of the page, at each of its blocks
        assert ours < len(text) / 100, plan_id  # two newlines per block


# Pages whose shape is not the generated pages' one (the usual pass reads them whole), and
# generated-looking ones with markup that could trip a line read alone.
ODD_PAGES = [
    "<p>a</p>\n<p>b</p>\n",
    "<div>\n\n<p>inside a block that spans blank lines</p>\n\n</div>\n\n<p>x</p>\n",
    "<p>a</p><p>b</p>\n\n<p>c</p>\n",
    "<p>unclosed\n\ntext\n\n<p>x</p>\n",
    "text with <b>inline</b> markup\n\n<p>x</p>\n",
    "<!-- a comment -->\n\n<p>x</p>\n",
    "<!-- a comment\n\nover lines -->\n\n<p>x</p>\n",
    "<p>last line without a newline</p>",
    "<p>x</p>\n\n<p>last</p>\n",
    "    <p>indented: code</p>\n\n<p>x</p>\n",
    "```\n<p>fenced code</p>\n```\n\n<p>x</p>\n",
    "<span>not a block-level tag</span>\n\n<p>x</p>\n",
    "<script>if (a < b && c > d) {}</script>\n\n<p>x</p>\n",
    "<p>a &amp; b &#10; c &copy; &nope</p>\n\n## H &#60; x {#h}\n\n<ul class=\"kh-list\"><li>x</li></ul>\n\n",
    "<hr>\n\n<p>x</p>\n\n<br>\n\n<img src=\"a.png\">\n",
    "<p class=\"a>b\" title='c\"d'>x</p>\n\n<p>y</p>\n",
    "<p>x</p>   \n\n<p>trailing spaces</p>\n",
    "<div markdown=\"1\">*emphasis*</div>\n\n<p>x</p>\n",
    "<div><p>nested</p><ul><li><a href=\"#a\">a</a></li></ul></div>\n\n# T\n\n<p>x</p>\n\n",
    "<p>x</p>\n\n- a list\n- <a href=\"#x\">link</a>\n",
    "<?php echo 1; ?>\n\n<p>x</p>\n",
    "<p>x</p>\n\n<![CDATA[ raw ]]>\n\n",
    "<p>\x02wzxhzdk:0\x03</p>\n\n<p>x</p>\n",
    "<P>upper case</P>\n\n<p>x</p>\n",
    "<p>x</p >\n\n<p>y</ p>\n\n",
]


@pytest.mark.parametrize("extra", [(), ("md_in_html", "fenced_code")], ids=["site", "md_in_html+fenced_code"])
def test_odd_pages_convert_to_the_same_html(extra):
    extensions, configs = _project_markdown(extra)
    for text in ODD_PAGES:
        assert _converted(text, [*extensions, raw_blocks.RawBlocks()], configs) == _converted(text, extensions, configs), text


def test_a_big_plan_page_converts_to_the_same_html(tmp_path):
    corpus_dir = make_corpus(tmp_path / "corpus", 5)
    add_big_plan(corpus_dir, 400)
    corpus = loader.load_corpus(corpus_dir)
    text = plan_page.render(Context(corpus, links.Linker(True)), corpus.plans[BIG_PLAN]).split("\n---\n", 1)[1]
    extensions, configs = _project_markdown()
    assert _converted(text, [*extensions, raw_blocks.RawBlocks()], configs) == _converted(text, extensions, configs)


# --- progress ----------------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_quick_build_says_nothing():
    said, clock = [], Clock()
    shown = progress.Progress(said.append, every=5, clock=clock)
    shown.phase("Đang chuyển Markdown sang HTML", 200)
    for _ in range(200):
        clock.now += 0.02
        shown.step()
    shown.big_page("ke-hoach/x/index.md", progress.BIG_PAGE_CHARS - 1, "đang chuyển sang HTML")
    shown.waiting("tiến trình nền")
    assert said == []


def test_a_long_build_says_how_far_it_is_every_few_seconds():
    said, clock = [], Clock()
    shown = progress.Progress(said.append, every=5, clock=clock)
    shown.phase("Đang chuyển Markdown sang HTML", 12000)
    for _ in range(12000):
        clock.now += 0.001
        shown.step()
    assert said == ["Đang chuyển Markdown sang HTML: 5.000/12.000 trang", "Đang chuyển Markdown sang HTML: 10.000/12.000 trang"]
    shown.phase("Đang ghi trang HTML", 12000)
    clock.now += 5
    shown.step()
    shown.waiting("tiến trình nền tạo các tệp tải về")
    assert said[2:] == ["Đang ghi trang HTML: 1/12.000 trang", "Đang chờ tiến trình nền tạo các tệp tải về…"]


def test_a_big_page_is_announced_before_it_is_rendered():
    said = []
    progress.Progress(said.append, clock=Clock()).big_page("ke-hoach/x/index.md", 26_533_758, "đang chuyển sang HTML")
    assert said == ["Trang lớn ke-hoach/x/index.md (26,5 triệu ký tự): đang chuyển sang HTML…"]
