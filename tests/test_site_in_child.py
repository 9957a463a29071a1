"""A build's site made in a forked child (plankb.site_in_child) hands the engine exactly what
make_site would, while the corpus is loaded only in the child."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from plankb import site_files
from plankb.background import BackgroundJobFailed, ChildProcess
from plankb.problems import ValidationFailed
from plankb.site_in_child import make_site_in_child

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken"


@pytest.fixture(scope="module")
def both():
    here = site_files.make_site(ROOT, in_parallel=False, as_of=2026)
    there = make_site_in_child(ROOT, as_of=2026)
    here.downloads.wait()
    here.indexes.wait()
    there.downloads.wait()
    there.indexes.wait()
    yield here, there
    here.close()
    there.close()


def test_the_engine_gets_the_same_generated_pages(both):
    here, there = both
    files = there.page_files
    assert files.made() == sorted(here.pages)
    assert all((files.folder / path).read_bytes() == text.encode("utf-8") for path, text in here.pages.items())


def test_a_page_read_while_the_child_writes_waits_for_all_of_it():
    here = site_files.make_site(ROOT / "tests" / "fixtures" / "minimal", in_parallel=False, as_of=2026)
    there = make_site_in_child(ROOT / "tests" / "fixtures" / "minimal", as_of=2026)
    try:
        pages = [path for path in here.pages if path.endswith(".md")]
        assert [there.page_text(path) for path in reversed(pages)] == [here.pages[path] for path in reversed(pages)]
    finally:
        here.close()
        there.close()


def test_the_same_downloads_and_search_indexes(both):
    here, there = both
    assert there.downloads.paths == here.downloads.paths
    for made_here, made_there in ((here.downloads, there.downloads), (here.indexes, there.indexes)):
        assert made_there.made() == made_here.made()
        assert all((made_there.folder / p).read_bytes() == (made_here.folder / p).read_bytes() for p in made_here.made())
    assert there.index_report().startswith("Chỉ mục tìm kiếm và tra cứu: ")


def test_hand_written_pages_get_the_same_citations_and_glossary_links(both):
    here, there = both
    cited = 0
    for page in sorted((ROOT / "docs").rglob("*.md")):
        src = page.relative_to(ROOT / "docs").as_posix()
        text = page.read_text(encoding="utf-8")
        cited += "[@" in text
        assert there.hand_written(src, text) == here.hand_written(src, text), src
        html = f"<p>{text[:2000]}</p>"
        assert there.link_terms(src, html) == here.link_terms(src, html), src
    assert cited  # the check covers citations


def test_warnings_reach_the_engine(both):
    here, there = both
    assert there.warnings == here.warnings


def test_the_corpus_is_loaded_in_the_child_only(monkeypatch, tmp_path):
    loaded_in = tmp_path / "pid"
    real = site_files.load_corpus

    def recording(*args, **kwargs):
        loaded_in.write_text(str(os.getpid()))
        return real(*args, **kwargs)

    monkeypatch.setattr(site_files, "load_corpus", recording)
    site = make_site_in_child(ROOT / "tests" / "fixtures" / "minimal", as_of=2026)
    site.close()
    assert int(loaded_in.read_text()) != os.getpid()
    assert not hasattr(site, "corpus")


def test_invalid_sources_raise_every_problem_as_make_site_does():
    with pytest.raises(ValidationFailed) as in_process:
        site_files.make_site(BROKEN, in_parallel=False)
    with pytest.raises(ValidationFailed) as in_child:
        make_site_in_child(BROKEN)
    assert in_child.value.problems == in_process.value.problems


def test_close_removes_the_files_it_was_handed():
    site = make_site_in_child(ROOT / "tests" / "fixtures" / "minimal", as_of=2026)
    folders = [site.page_files.folder, site.downloads.folder, site.indexes.folder]
    assert all(folder.is_dir() for folder in folders)
    site.close()
    assert not any(folder.exists() for folder in folders)


def test_a_child_process_sends_values_in_order_then_its_failure():
    def work(send):
        send("một")
        send("hai")
        raise ValueError("hỏng sau hai giá trị")

    child = ChildProcess(work)
    assert [child.receive(), child.receive()] == ["một", "hai"]
    with pytest.raises(BackgroundJobFailed, match="hỏng sau hai giá trị"):
        child.receive()
    assert child.done
