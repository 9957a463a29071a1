"""`python -m plankb generate OUT` writes a docs folder that MkDocs and Material build with no
hooks at all (what an engine that runs none, such as Zensical, would get): the strict build finds
no broken link, every generated page is the page our hook builds, and Material's own search
plugin, parsing those pages, makes the entries the core made for them."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import PLAN_IDS, ROOT
from plankb.search import searchtext
from test_search_sections import materials_entries
from textcheck import missing_paragraphs

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)


def article(page: Path) -> str:
    """The page's content (white space the template leaves after it aside)."""
    found = ARTICLE.search(page.read_text(encoding="utf-8")).group(0)
    return found.removeprefix('<article class="md-content__inner md-typeset">').removesuffix("</article>").strip()


def test_the_generated_tree_builds_without_hooks_into_the_same_pages(tmp_path, site):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tmp_path / "docs"), "--root", str(ROOT)],
                          capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config)  # no hook: the tree must stand alone
    config = re.sub(r"(?m)^watch:\n(  - .*\n|\n)+", "", config)
    (tmp_path / "mkdocs.yml").write_text(config + f"\ndocs_dir: {tmp_path / 'docs'}\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(tmp_path / "mkdocs.yml"),
                            "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    plain = tmp_path / "site"
    for plan_id in PLAN_IDS:
        source = (ROOT / "plans" / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
        assert missing_paragraphs(source, (plain / "ke-hoach" / plan_id / "index.html").read_text(encoding="utf-8")) == []
    hand_written = {p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    generated = [p for p in site.rglob("index.html")
                 if p.parent.relative_to(site).as_posix() not in {h.removesuffix("/index").removesuffix("index") for h in hand_written}
                 and p.parent != site and "search" not in p.parts]
    assert len(generated) > 200
    for page in generated:
        assert article(plain / page.relative_to(site)) == article(page), page
    for download in ("du-lieu/ke-hoach.json", "du-lieu/nhiem-vu.csv", "tra-cuu/chi-muc.js"):
        assert (plain / download).read_bytes() == (site / download).read_bytes(), download
    # Material's own plugin, parsing each plain-built page as our search sees it, makes the entries
    # the core made from the page's Markdown.
    ours: dict[str, list] = {}
    for entry in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]:
        ours.setdefault(entry["location"].split("#")[0], []).append(entry)
    for page in generated:
        url = page.parent.relative_to(site).as_posix() + "/"
        content = article(plain / page.relative_to(site))
        title = re.search(r"<title>(.*) - Kế hoạch phòng, chống mại dâm</title>", page.read_text(encoding="utf-8")).group(1)
        assert materials_entries(searchtext.index_view(content), url, title) == ours[url], url


def test_generate_refuses_invalid_sources_with_the_validators_messages(tmp_path):
    env = dict(os.environ)
    made = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tmp_path / "out"), "--root", str(ROOT / "tests" / "fixtures" / "broken")],
                          capture_output=True, text=True, env=env)
    assert made.returncode == 1 and "Traceback" not in made.stderr and "lỗi E203" in made.stderr
    assert not (tmp_path / "out").exists()
