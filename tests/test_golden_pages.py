"""Each kind of generated page is a contract too: for the minimal fixture, every page the core
hands an engine (Markdown, glossary terms linked) and the search indexes (their files' payloads)
equal their golden files.
After an intended change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_pages.py` and review the diff."""
from __future__ import annotations

import json
import os

import pytest

from conftest import ROOT
from plankb.search import finder, index_files, site_index
from plankb.site_files import make_site

GOLDEN = ROOT / "tests" / "golden" / "minimal" / "pages"


@pytest.fixture(scope="module")
def site():
    made = make_site(ROOT / "tests" / "fixtures" / "minimal", in_parallel=False, keep_for_rebuilds=True, as_of=2026)
    yield made
    made.close()


def golden(path: str, content: str) -> str:
    file = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content.encode("utf-8"))
    return file.read_bytes().decode("utf-8")


def test_every_generated_page_has_a_golden_file_and_no_golden_file_is_stale(site):
    pages = {path for path in site.pages if path.endswith(".md")}
    if not os.environ.get("UPDATE_GOLDEN"):
        assert {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} == pages
    assert {"ke-hoach/xa-a-2026/index.md", "co-quan/tram-y-te-xa-a/index.md", "thuat-ngu/index.md"} <= pages


def test_each_generated_page_matches_its_golden_file(site):
    for path, content in site.pages.items():
        if path.endswith(".md"):
            assert content == golden(path, content), path


@pytest.mark.parametrize("folder", [site_index.FOLDER, finder.FOLDER])
def test_the_search_indexes_match_their_golden_files(site, folder):
    files = {path: index_files.script_payload(text)[1] for path, text in sorted(site.indexes.texts().items())
             if path.startswith(folder)}
    assert f"{folder}chi-muc.js" in files
    dumped = "".join(f"{path}\t{json.dumps(payload, ensure_ascii=False)}\n" for path, payload in files.items())
    assert dumped == golden(folder.replace("/", "-").strip("-") + ".tsv", dumped)
