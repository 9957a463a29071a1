"""Untrusted YAML: hostile or damaged files end, in seconds and bounded memory, in located
Vietnamese messages (every problem in one run), never in a traceback, a hang or a silent loss."""
from __future__ import annotations

import copy
import re
import resource
import shutil
import subprocess
import sys
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_site, write_fixture_config
from plankb.links import Linker
from plankb.pages import plan_page
from plankb.pages.render_common import Context
from plankb.problems import ValidationFailed
from plankb.sources import located_yaml, yamlio
from plankb.sources.loader import load_corpus

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
PLAN_TEXT = (MINIMAL / "plans" / "xa-a-2026.yml").read_text(encoding="utf-8")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for the whole validator process


def source_root(tmp_path, files: dict[str, str] | None = None):
    """The minimal fixture with some files replaced ({"plans/x.yml": text})."""
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def problems_of(root):
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    return failed.value.problems


def validate_bounded(root, seconds: float = 30) -> subprocess.CompletedProcess:
    """scripts/validate.py with a memory ceiling and a time limit: a blow-up fails the test."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(root)],
                          capture_output=True, text=True, timeout=seconds, preexec_fn=limit)


def laughs(name: str, levels: int = 9) -> str:
    """Anchors, each a list of nine aliases of the one before: 9**levels items once expanded."""
    lines = [f"  - &{name}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  - &{name}{i} [" + ", ".join([f"*{name}{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_expansion_under_a_list_field_is_refused_in_bounded_memory(tmp_path):
    plan = PLAN_TEXT.replace("recipients: [Như trên;]", "recipients:\n" + laughs("a"))
    result = validate_bounded(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "plans/xa-a-2026.yml:" in result.stderr and "E005" in result.stderr and "«*a7»" in result.stderr


def test_alias_reused_as_tree_nodes_is_refused_in_bounded_memory(tmp_path):
    nodes = ["  - &n0 {id: n0, text: lol}"]
    nodes += [f"  - &n{i} {{id: n{i}, title: lol, children: [" + ", ".join([f"*n{i - 1}"] * 9) + "]}" for i in range(1, 9)]
    plan = PLAN_TEXT.replace("body:\n", "body:\n" + "\n".join(nodes) + "\n", 1)
    result = validate_bounded(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("lỗi E005") == 8


def test_deep_nesting_is_a_located_problem(tmp_path):
    deep = "children: [{id: n, title: t, " * 240 + "text: x" + "}]" * 240
    plan = PLAN_TEXT.replace("  - id: i\n", f"  - {{id: sau, title: t, {deep}}}\n  - id: i\n", 1)
    [problem] = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert (problem.code, problem.file, problem.line) == ("E006", "plans/xa-a-2026.yml", 17)


def test_nesting_deep_enough_to_crash_the_c_parser_is_a_located_problem(tmp_path):
    # libyaml's composer recurses in C: 100,000 levels ended in a segmentation fault.
    plan = PLAN_TEXT.replace("recipients: [Như trên;]", "recipients: " + "[" * 100_000 + "]" * 100_000)
    result = validate_bounded(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "plans/xa-a-2026.yml:43: lỗi E006" in result.stderr and "ngoặc" in result.stderr


def test_a_year_of_thousands_of_digits_is_a_short_located_type_problem(tmp_path):
    plan = PLAN_TEXT.replace("period: {from: 2026, to: 2026}", "period: {from: " + "9" * 5000 + ", to: 2026}")
    [problem] = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert (problem.code, problem.line, problem.field) == ("E102", 9, "period.from")
    assert len(problem.message) < 200


def test_lone_surrogate_and_control_characters_are_refused_all_in_one_run(tmp_path):
    plan = (PLAN_TEXT.replace("title: CHỈ TIÊU", 'title: "CHỈ TIÊU \\ud800"')
            .replace("text: Ít nhất 80% thôn được tuyên truyền.", 'text: "Ít nhất 80%\\0 thôn\\e được\\a tuyên truyền."'))
    glossary = "terms:\n  - {id: a, term: Trạm Y tế, definition: \"Nơi\\x1b khám bệnh.\"}\n"
    found = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan, "glossary.yml": glossary}))
    assert sorted((p.file, p.line, p.field, p.code) for p in found) == [
        ("glossary.yml", 2, "definition", "E004"),
        ("plans/xa-a-2026.yml", 19, "title", "E004"),
        *[("plans/xa-a-2026.yml", 24, "text", "E004")] * 3,
    ]
    assert "U+0000" in str(sorted(found)[2]) and "U+D800" in str(sorted(found)[1])


def test_a_control_character_written_raw_is_located(tmp_path):
    plan = PLAN_TEXT.replace("text: Ít nhất 80% thôn", "text: Ít nhất 80%\x07 thôn")
    [problem] = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert (problem.code, problem.line, problem.field) == ("E004", 24, "text")


def test_unclosed_quote_is_reported_where_it_opened(tmp_path):
    plan = PLAN_TEXT.replace("text: Ít nhất 80% thôn", "text: 'Ít nhất 80% thôn")  # closed by the quote of '>=' below
    [problem] = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert (problem.code, problem.line) == ("E002", 24)
    assert "chưa được đóng" in problem.message


def test_impossible_dates_are_refused(tmp_path):
    plan = PLAN_TEXT.replace("issued: null", "issued: 2026-02-30")
    places = (MINIMAL / "plans" / "places.yml").read_text(encoding="utf-8") + (
        "  - {id: xa-c, name: xã C, level: xa, parent: tinh-b, changes: [{date: 2025-13-01, text: Nhập vào xã A}]}\n")
    found = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan, "plans/places.yml": places}))
    assert sorted((p.file, p.line, p.field, p.code) for p in found if p.code == "E104") == [
        ("plans/places.yml", 4, "places[2].changes[0].date", "E104"),
        ("plans/xa-a-2026.yml", 5, "issued", "E104"),
    ]
    assert any("'2026-02-30' không có trên lịch" in p.message for p in found)


@pytest.mark.parametrize("text", ["", "# chỉ có chú thích\n", "~\n", "- id: xa-a-2026\n"])
def test_an_empty_or_non_mapping_plan_file_is_an_error(tmp_path, text):
    root = source_root(tmp_path)
    (root / "plans" / "xa-b-2027.yml").write_text(text, encoding="utf-8")
    [problem] = problems_of(root)
    assert (problem.file, problem.code) == ("plans/xa-b-2027.yml", "E007")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_decomposed_sources_are_read_as_composed_text(tmp_path):
    agencies = (MINIMAL / "plans" / "agencies.yml").read_text(encoding="utf-8")
    root = source_root(tmp_path, {"plans/xa-a-2026.yml": nfd(PLAN_TEXT), "plans/agencies.yml": nfd(agencies)})
    corpus = load_corpus(root)  # the enum of "frequency: hàng năm" in NFD no longer fails
    plan = corpus.plans["xa-a-2026"]
    words = [node.words for node in plan.nodes()] + [plan.title, corpus.agencies["tram-y-te-xa-a"].aliases[0]]
    assert all(unicodedata.is_normalized("NFC", w) for w in words)
    assert plan.duties()[0].report.frequency == ("hàng năm",)


def test_a_decomposed_alias_is_still_a_duplicate_spelling(tmp_path):
    glossary = ("terms:\n  - {id: a, term: Trạm Y tế, definition: Nơi khám.}\n"
                f"  - {{id: b, term: Y tế xã, aliases: [{nfd('Trạm Y tế')}], definition: Nơi khám.}}\n")
    assert [(p.code, p.line) for p in problems_of(source_root(tmp_path, {"glossary.yml": glossary}))] == [("E301", 3)]


def test_decomposed_escape_inside_quotes_is_composed_too(tmp_path):
    plan = PLAN_TEXT.replace("title: CHỈ TIÊU", 'title: "CHI\\u0309 TIÊU"')
    corpus = load_corpus(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert corpus.plans["xa-a-2026"].body[0].title == "CHỈ TIÊU"


def test_look_alike_letters_and_invisible_characters_are_located_warnings(tmp_path):
    plan = (PLAN_TEXT.replace("title: CHỈ TIÊU", "title: CHỈ TIÊU \u00d0ẠT")
            .replace("text: Ít nhất 80% thôn", "text: Ít nhất 80% th\u200bôn"))
    corpus = load_corpus(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert [(w.line, w.field, w.code) for w in sorted(corpus.warnings)] == [(19, "title", "W001"), (24, "text", "W001")]
    assert "U+00D0" in corpus.warnings[0].message or "U+00D0" in corpus.warnings[1].message


def test_links_in_decomposed_sources_wrap_the_right_words(tmp_path):
    agencies = (MINIMAL / "plans" / "agencies.yml").read_text(encoding="utf-8")
    corpus = load_corpus(source_root(tmp_path, {"plans/xa-a-2026.yml": nfd(PLAN_TEXT), "plans/agencies.yml": nfd(agencies)}))
    page = plan_page.render(Context(corpus, Linker(directory_urls=False)), corpus.plans["xa-a-2026"])
    linked = re.findall(r'<a class="kh-agency"[^>]*>([^<]*)</a>', page)
    assert linked and set(linked) == {"UBND xã"}


# Random text as it arrives from PDFs and Word: decomposed marks, controls, surrogates,
# look-alikes and invisible characters, besides ordinary Vietnamese.
hostile_text = st.text(alphabet=st.one_of(
    st.sampled_from(list("aăâđeêioôơuưy ĐÐð\u0301\u0300\u0309\u0303\u0323\u200b\ufeff\u00ad{}<>&\"'\n\t")),
    st.characters(categories=["Cc", "Cs", "Mn", "Zs", "Cf"]),
    st.characters(),
), max_size=30)


def string_paths(tree, prefix=()):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from string_paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from string_paths(value, (*prefix, index))
    elif isinstance(tree, str):
        yield prefix


def with_text(tree, path, text):
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = text


def assert_model_or_located(root, files: set[str]):
    """A model whose every text is NFC and free of controls, or located messages about `files`."""
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        for problem in failed.problems:
            assert problem.file in files and problem.line >= 1 and problem.code != "E000", problem
        return
    texts = [text for plan in corpus.plans.values() for text in [plan.title, *(node.words for node in plan.nodes())]]
    texts += [text for term in corpus.terms.values() for text in (term.term, term.definition, *term.aliases, term.english or "")]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text) and not CONTROL.search(text), text


PLAN = yaml.safe_load(PLAN_TEXT)
PLAN_STRINGS = [p for p in string_paths(PLAN) if p[-1] not in ("id", "issuer", "place", "level", "indicator", "unit")]


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PLAN_STRINGS), hostile_text), min_size=1, max_size=4))
def test_random_unicode_in_any_plan_text_field_ends_in_a_model_or_located_messages(tmp_path_factory, changes):
    plan = copy.deepcopy(PLAN)
    for path, text in changes:
        with_text(plan, path, text)
    # ASCII output: controls and surrogates are written as \x.. and \u.... escapes, as in a hostile file.
    root = source_root(tmp_path_factory.mktemp("text"), {"plans/xa-a-2026.yml": yaml.safe_dump(plan, allow_unicode=False)})
    assert_model_or_located(root, {"plans/xa-a-2026.yml"})


terms = st.lists(st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "tram-y-te", "X y"]), "term": hostile_text, "definition": hostile_text},
    optional={"aliases": st.lists(hostile_text, max_size=3), "english": hostile_text, "note": hostile_text,
              "related": st.lists(st.sampled_from(["a", "b", "khong-co"]), max_size=2),
              "case_sensitive": st.booleans()},
), max_size=4)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms, st.booleans())
def test_any_glossary_ends_in_a_model_or_located_messages(tmp_path_factory, entries, readable):
    text = yaml.safe_dump({"terms": entries}, allow_unicode=readable) if readable else yaml.safe_dump({"terms": entries})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate cannot be written readable: the ASCII form carries it
        text = yaml.safe_dump({"terms": entries})
    root = source_root(tmp_path_factory.mktemp("glossary"), {"glossary.yml": text})
    assert_model_or_located(root, {"glossary.yml"})


def test_our_yaml_writer_repeats_shared_values_instead_of_aliasing_them(tmp_path):
    shared = ["ubnd-xa-a"]
    path = tmp_path / "x.yml"
    path.write_text(yamlio.dump({"a": shared, "b": shared}), encoding="utf-8")
    data, problems = located_yaml.load(path, "x.yml")
    assert problems == [] and data == {"a": shared, "b": shared}


def test_the_build_refuses_hostile_sources_with_the_same_located_messages(tmp_path):
    plan = PLAN_TEXT.replace("recipients: [Như trên;]", "recipients:\n" + laughs("a", 3))
    root = source_root(tmp_path, {"plans/xa-a-2026.yml": plan, "plans/xa-b-2027.yml": ""})
    result = build_site(tmp_path / "site", write_fixture_config(root), quiet=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for expected in ("plans/xa-a-2026.yml:45: lỗi E005", "plans/xa-b-2027.yml:1: lỗi E007"):
        assert expected in result.stderr, result.stderr


def test_a_deadline_no_calendar_has_is_refused(tmp_path):
    plan = PLAN_TEXT.replace("deadline: [trước 15/12]", "deadline: [trước 30/02, 31/04/2026, 29/02, 29/02/2028]")
    found = problems_of(source_root(tmp_path, {"plans/xa-a-2026.yml": plan}))
    assert [(p.line, p.field, p.code) for p in found] == [(36, "report.deadline", "E215")] * 2
    assert "«30/02»" in found[0].message + found[1].message


def test_decomposed_glossary_terms_sort_in_vietnamese_order(tmp_path):
    from plankb.text.vietnamese import sort_key
    names = ["Ủy ban", "Ban chỉ đạo", "Đội", "Ấp", "Dân"]
    glossary = "terms:\n" + "".join(f"  - {{id: t{i}, term: {nfd(n)}, definition: Định nghĩa.}}\n" for i, n in enumerate(names))
    terms = load_corpus(source_root(tmp_path, {"glossary.yml": glossary})).terms.values()
    assert [t.term for t in sorted(terms, key=lambda t: sort_key(t.term))] == ["Ấp", "Ban chỉ đạo", "Dân", "Đội", "Ủy ban"]
