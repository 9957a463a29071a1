"""The loader turns sources into typed objects, or reports every problem with file and line."""
import os
import shutil
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from plankb.problems import ValidationFailed
from plankb.sources.loader import load_corpus

FIXTURES = ROOT / "tests" / "fixtures"


def run_validate(root):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(root)],
                          capture_output=True, text=True)


def test_minimal_fixture_loads_into_typed_objects():
    corpus = load_corpus(FIXTURES / "minimal")
    plan = corpus.plans["xa-a-2026"]
    duty = plan.duties()[0]
    assert duty.assigned == ("tram-y-te-xa-a",)
    assert duty.path == "II.1"
    assert duty.report.deadline == ("trước 15/12",)
    assert plan.targets()[0].measures[0].value == 80


def test_every_problem_is_reported_once_with_file_and_line():
    result = run_validate(FIXTURES / "broken")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = (ROOT / "tests" / "golden" / "broken.txt").read_text(encoding="utf-8")
    assert result.stderr == expected


def test_the_real_sources_are_valid():
    result = run_validate(ROOT)
    assert result.returncode == 0, result.stderr
    assert "5 kế hoạch" in result.stdout


def test_unknown_indicator_and_contradicting_unit(tmp_path):
    root = tmp_path / "root"
    (root / "plans").mkdir(parents=True)
    for name in ("agencies.yml", "places.yml", "indicators.yml", "references.bib"):
        (root / "plans" / name).write_text((FIXTURES / "minimal" / "plans" / name).read_text(encoding="utf-8"), encoding="utf-8")
    plan = (FIXTURES / "minimal" / "plans" / "xa-a-2026.yml").read_text(encoding="utf-8")
    plan = plan.replace("unit: '%', year: 2026", "unit: 'xã', year: 2026")
    plan = plan.replace("text: Ít nhất 80% thôn", "text: Ít nhất 80% thôn, 90% hộ")
    extra = ("  - id: iii\n    title: Khác\n    children:\n"
             "      - {id: iii-p1, kind: target, text: 'Đạt 50% số hộ.', measures: [{indicator: khong-co, comparator: '=', value: 50, unit: '%'}]}\n"
             "      - {id: iii-p2, kind: target, text: 'Đạt 60% số hộ.'}\n")
    (root / "plans" / "xa-a-2026.yml").write_text(plan.replace("signature:", extra + "signature:", 1), encoding="utf-8")
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        codes = sorted(p.code for p in failed.problems)
    else:
        raise AssertionError("validation should fail")
    assert codes == ["E204", "E209", "E210"]


yaml_text = st.text(alphabet=st.sampled_from(list("ab:- \n'\"[]{}#&*!|>%@`ịđ0")), max_size=120)


@settings(max_examples=150, deadline=None)
@given(yaml_text)
def test_any_plan_file_ends_in_a_model_or_located_messages(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "plans").mkdir()
    for name in ("agencies.yml", "places.yml", "indicators.yml", "references.bib"):
        (root / "plans" / name).write_text((FIXTURES / "minimal" / "plans" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "plans" / "mo.yml").write_text(text, encoding="utf-8")
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        assert failed.problems
        assert all(p.file == "plans/mo.yml" for p in failed.problems)
        assert all(p.message for p in failed.problems)


def _outcome(root, in_parallel):
    try:
        corpus = load_corpus(root, in_parallel=in_parallel)
    except ValidationFailed as failed:
        return [str(p) for p in failed.problems]
    return {plan_id: (plan.title, [node.words for node in plan.nodes()]) for plan_id, plan in corpus.plans.items()}


def test_reading_plans_in_two_processes_gives_the_same_corpus_and_problems():
    from conftest import ROOT
    for root in (ROOT, FIXTURES / "broken"):
        assert _outcome(root, in_parallel=True) == _outcome(root, in_parallel=False)
    assert isinstance(_outcome(FIXTURES / "broken", True), list) and isinstance(_outcome(ROOT, True), dict)


def test_reading_in_parallel_parses_no_source_in_this_process(tmp_path, monkeypatch):
    """The corpus comes back pickled from a child: this process holds it alone, not the parser's leftovers."""
    from plankb.sources import loader
    parsed_in, real = tmp_path / "pids", loader._read

    def reading(*args):
        with parsed_in.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(loader, "_read", reading)
    corpus = load_corpus(FIXTURES / "minimal", in_parallel=True)
    assert corpus.plans and parsed_in.exists() and str(os.getpid()) not in parsed_in.read_text().split()


def test_group_members_must_be_registered_and_only_groups_have_members(tmp_path):
    """`members` names registered agencies (E203) and belongs to a group (E216), each problem at
    its line in plans/agencies.yml."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "minimal", root)
    agencies = root / "plans" / "agencies.yml"
    text = (FIXTURES / "minimal" / "plans" / "agencies.yml").read_text(encoding="utf-8")
    text = text.replace("    sector: ubnd\n", "    sector: ubnd\n    members: [tram-y-te-xa-a, khong-co]\n", 1)
    agencies.write_text(text, encoding="utf-8")
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        found = sorted((p.code, p.field, p.line) for p in failed.problems)
    else:
        raise AssertionError("validation should fail")
    line = text.splitlines().index("    members: [tram-y-te-xa-a, khong-co]") + 1
    assert found == [("E203", "members", line), ("E216", "members", line)]


def test_a_preview_load_sees_every_edited_source_as_a_fresh_load_does(tmp_path):
    """load_corpus(reuse_reads=True) keeps parsed files between a preview's rebuilds: an edit to a
    registry, the glossary or a plan is read again, and a file made invalid is reported."""
    root = shutil.copytree(FIXTURES / "minimal", tmp_path / "root")
    (root / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    load_corpus(root, reuse_reads=True)
    agencies = root / "plans" / "agencies.yml"
    name = load_corpus(root).agencies["tram-y-te-xa-a"].name
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(name, "Trạm Y tế đã sửa", 1), encoding="utf-8")
    (root / "glossary.yml").write_text(
        'terms:\n  - {id: mai-dam, term: "mại dâm", definition: "Đã sửa."}\n', encoding="utf-8")
    reused = load_corpus(root, reuse_reads=True)
    assert reused.agencies["tram-y-te-xa-a"].name == "Trạm Y tế đã sửa"
    assert reused.terms["mai-dam"].definition == "Đã sửa."
    assert (reused.agencies, reused.terms, reused.plans) == (lambda c: (c.agencies, c.terms, c.plans))(load_corpus(root))
    agencies.write_text("agencies: [\n", encoding="utf-8")
    try:
        load_corpus(root, reuse_reads=True)
    except ValidationFailed as failed:
        assert any(p.file == "plans/agencies.yml" for p in failed.problems)
    else:
        raise AssertionError("an agencies.yml broken after a good load must fail the reused load")


def test_a_preview_load_checks_an_unchanged_plan_again_only_once_its_registries_changed(tmp_path, monkeypatch):
    """A preview keeps each plan file's checks against the registries while the file and the ids
    it is checked against are the same; an agency gone from the registry is reported all the same."""
    from plankb.sources import loader

    root = shutil.copytree(FIXTURES / "minimal", tmp_path / "root")
    load_corpus(root, reuse_reads=True)
    checked: list[str] = []
    check_plan = loader._check_plan
    monkeypatch.setattr(loader, "_check_plan", lambda b, plan, *args: checked.append(plan.id) or check_plan(b, plan, *args))
    assert load_corpus(root, reuse_reads=True).warnings == load_corpus(root).warnings
    assert checked == ["xa-a-2026"]  # by the fresh load only
    agencies = root / "plans" / "agencies.yml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("id: tram-y-te-xa-a", "id: tram-y-te-xa-b", 1), encoding="utf-8")
    problems = []
    for reuse in (True, False):
        try:
            load_corpus(root, reuse_reads=reuse)
        except ValidationFailed as failed:
            problems.append(sorted((p.file, p.code, p.field, p.line) for p in failed.problems))
    assert len(problems) == 2 and problems[0] == problems[1]
    assert any(p[:3] == ("plans/xa-a-2026.yml", "E203", "agencies") for p in problems[0])


def test_a_preview_load_makes_the_agencies_again_only_once_a_file_they_are_made_from_changed(tmp_path, monkeypatch):
    """A preview keeps the agency records, and their problems, while agencies.yml and places.yml
    are unchanged (the same objects: what compares them from build to build finds them equal at
    once); an edit of places.yml makes them again."""
    from plankb.sources import registries

    root = shutil.copytree(FIXTURES / "minimal", tmp_path / "root")
    agencies_file, places_file = root / "plans" / "agencies.yml", root / "plans" / "places.yml"
    agencies_file.write_text(agencies_file.read_text(encoding="utf-8").replace("place: xa-a", "place: xa-khong-co", 1), encoding="utf-8")
    made: list[int] = []
    make = registries.agencies
    monkeypatch.setattr(registries, "agencies", lambda *args: made.append(1) or make(*args))

    def problems(reuse: bool) -> list[tuple]:
        try:
            load_corpus(root, reuse_reads=reuse)
        except ValidationFailed as failed:
            return sorted((p.file, p.code, p.field, p.line) for p in failed.problems)
        raise AssertionError("an agency in an unknown place must fail the load")

    fresh = problems(False)
    assert any(p[:3] == ("plans/agencies.yml", "E205", "place") for p in fresh)
    assert problems(True) == problems(True) == fresh
    assert len(made) == 2  # the fresh load's and the first preview load's
    places_file.write_text(places_file.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    assert problems(True) == fresh and len(made) == 3
    agencies_file.write_text(agencies_file.read_text(encoding="utf-8").replace("place: xa-khong-co", "place: xa-a", 1), encoding="utf-8")
    kept = load_corpus(root, reuse_reads=True)
    assert kept.agencies == load_corpus(root).agencies and len(made) == 5
    assert load_corpus(root, reuse_reads=True).agencies is kept.agencies and len(made) == 5
