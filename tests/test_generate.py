"""`python -m plankb generate OUT` writes a docs folder that MkDocs and Material build with no
hooks at all (what an engine that runs none, such as Zensical, would get): the strict build finds
no broken link, every generated page is the page our hook builds, and the search indexes (the
header search's, the finder's) are the same files."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import PLAN_IDS, ROOT
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
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")  # the theme's, not the core's
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
    for download in ("du-lieu/ke-hoach.json", "du-lieu/nhiem-vu.csv"):
        assert (plain / download).read_bytes() == (site / download).read_bytes(), download
    for folder in ("tim-kiem", "tra-cuu/chi-muc"):
        files = sorted(p.relative_to(site) for p in (site / folder).rglob("*.js"))
        assert len(files) > 10 and files == sorted(p.relative_to(plain) for p in (plain / folder).rglob("*.js"))
        assert all((plain / f).read_bytes() == (site / f).read_bytes() for f in files), folder


def test_generate_refuses_invalid_sources_with_the_validators_messages(tmp_path):
    env = dict(os.environ)
    made = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tmp_path / "out"), "--root", str(ROOT / "tests" / "fixtures" / "broken")],
                          capture_output=True, text=True, env=env)
    assert made.returncode == 1 and "Traceback" not in made.stderr and "lỗi E203" in made.stderr
    assert not (tmp_path / "out").exists()
