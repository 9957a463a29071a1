"""Glossary validation: shared spellings, unknown related terms or sources, unused terms."""
import re
import shutil

import pytest

from conftest import ROOT, build_site, write_fixture_config
from plankb.problems import ValidationFailed
from plankb.sources.loader import load_corpus
from plankb.text.term_linker import TermLinker

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def corpus_with_glossary(tmp_path, text):
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    (root / "glossary.yml").write_text(text, encoding="utf-8")
    return root


TERM = """  - id: {id}
    term: {term}
    aliases: [{aliases}]
    definition: Định nghĩa{cite}.
    related: [{related}]
    sources: [{sources}]
"""


def glossary(*terms):
    return "terms:\n" + "".join(TERM.format(**{"aliases": "", "related": "", "sources": "", "cite": "", **t}) for t in terms)


def codes(root):
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    return sorted((p.code, p.line) for p in failed.value.problems)


def test_two_terms_sharing_a_spelling(tmp_path):
    root = corpus_with_glossary(tmp_path, glossary({"id": "a", "term": "Trạm Y tế"}, {"id": "b", "term": "Y tế xã", "aliases": "Trạm Y tế"}))
    assert codes(root) == [("E301", 8)]


def test_unknown_related_term_source_and_citation(tmp_path):
    root = corpus_with_glossary(tmp_path, glossary({"id": "a", "term": "Trạm Y tế", "related": "khong-co", "sources": "khong-co", "cite": " [@cung-khong-co]"}))
    assert [c for c, _ in codes(root)] == ["E207", "E207", "E302"]


def test_unused_term_is_a_warning(tmp_path):
    root = corpus_with_glossary(tmp_path, glossary({"id": "a", "term": "Trạm Y tế"}, {"id": "b", "term": "Đội 814"}))
    warnings = load_corpus(root).warnings
    assert [(w.file, w.line, w.field, w.code, w.warning) for w in warnings] == [("glossary.yml", 8, "b", "W301", True)]


def test_unused_term_is_reported_by_the_build_and_fails_it_when_strict(tmp_path):
    root = corpus_with_glossary(tmp_path, glossary({"id": "a", "term": "Trạm Y tế"}, {"id": "b", "term": "Đội 814"}))
    result = build_site(tmp_path / "out", write_fixture_config(root), quiet=False)
    assert "thuật ngữ «Đội 814» không xuất hiện trong kế hoạch nào" in result.stderr
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_definitions_are_written_once_as_text_for_the_tooltips(tmp_path):
    """du-lieu/thuat-ngu.js: each definition as text (citations dropped, runs of space as one),
    by term id; braces, quotes and markup stay characters of a JSON string."""
    import json

    from plankb.text.term_linker import definitions_script
    text = glossary({"id": "a", "term": "Trạm Y tế"}).replace(
        "Định nghĩa.", "'Định nghĩa {0} \"x\" </script>   <b> [@kh-1-2026-tinh-b].'")
    terms = load_corpus(corpus_with_glossary(tmp_path, text)).terms
    script = definitions_script(terms)
    assert script.startswith("window.khThuatNgu = ") and script.endswith(";\n")
    assert json.loads(script.removeprefix("window.khThuatNgu = ").removesuffix(";\n")) == {
        "a": 'Định nghĩa {0} "x" </script> <b>.'}
    linked = TermLinker(terms).link("<p>Trạm Y tế xã A</p>", "../thuat-ngu/")
    assert linked == '<p><a class="kh-term" href="../thuat-ngu/#a">Trạm Y tế</a> xã A</p>'


def test_used_in_lists_readable_parts_of_each_plan_once(site):
    """"Dùng trong" names parts as readers do ("mục I.2", "phần mở đầu"), each once a plan, never
    an internal id ("mo-dau-1")."""
    html = (site / "thuat-ngu" / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<ul class="kh-usage">(.*?)</ul>', html)
    assert len(lines) > 30
    for usage in lines:
        for plan_line in re.findall(r"<li>(.*?)</li>", usage):
            parts = re.findall(r'#[^"]*">([^<]*)</a>', plan_line)
            assert parts and len(parts) == len(set(parts)), plan_line
            assert all(re.fullmatch(r"mục [IVXLC0-9.a-zđ]+|phần mở đầu|phần kết|nơi nhận|chữ ký", p) for p in parts), parts
