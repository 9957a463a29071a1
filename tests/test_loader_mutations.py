"""Mutation-based robustness: the valid fixture plan, damaged in random ways (keys deleted,
values of the wrong type, items and ids duplicated, lines duplicated or dropped), always ends
in a valid model or in located validation messages, never in a traceback."""
from __future__ import annotations

import copy
import re

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from plankb.problems import ValidationFailed
from plankb.sources.loader import load_corpus

MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "plans"
PLAN_TEXT = (MINIMAL / "xa-a-2026.yml").read_text(encoding="utf-8")
PLAN = yaml.safe_load(PLAN_TEXT)
REGISTRIES = ("agencies.yml", "places.yml", "indicators.yml", "references.bib")

odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["", "2026-13-45", "xa-a-2026", "i-p1", "ii-1-p1", "tram-y-te-xa-a", "%", ">=", "Ít 80%"]),
    st.lists(st.sampled_from(["i", "khong-co", 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "title", "x"]), st.sampled_from(["a", 1, None]), max_size=2),
)


def paths(node, prefix=()):
    """Every (container path, key) in the tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix, key
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield prefix, index
            yield from paths(value, (*prefix, index))


def at(tree, path):
    for step in path:
        tree = tree[step]
    return tree


@st.composite
def mutated_plans(draw):
    tree = copy.deepcopy(PLAN)
    for _ in range(draw(st.integers(1, 4))):
        candidates = list(paths(tree))
        if not candidates:
            break
        path, key = draw(st.sampled_from(candidates))
        parent = at(tree, path)
        op = draw(st.sampled_from(["delete", "retype", "duplicate", "rename", "steal-id", "add-key"]))
        if op == "delete":
            del parent[key]
        elif op == "retype":
            parent[key] = draw(odd_values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))  # same item twice: duplicate ids
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["titel", "agency", "children ", "Text", "măt"]))] = parent.pop(key)
        elif op == "steal-id" and isinstance(parent, dict):
            parent["id"] = draw(st.sampled_from(["i", "i-p1", "ii", "thong-tin", "mo-dau", "Không Hợp Lệ"]))
        elif op == "add-key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["note", "kind", "measures", "report", "children", "x"]))] = draw(odd_values)
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 2))):  # line-level damage: duplicated keys, lost lines
        index = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            lines.insert(index, lines[index])
        else:
            del lines[index]
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutated_plans())
@example(PLAN_TEXT.replace("reporter: [tram-y-te-xa-a]", "reporter: true"))  # once a TypeError in the loader
@example(PLAN_TEXT.replace("- id: ii-1-p1", "- id: ii-1-p1\n            id: i-p1"))  # duplicate key and id
def test_mutated_plan_ends_in_a_model_or_located_messages(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("mutant")
    (root / "plans").mkdir()
    for name in REGISTRIES:
        (root / "plans" / name).write_text((MINIMAL / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "plans" / "xa-a-2026.yml").write_text(text, encoding="utf-8")
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        assert failed.problems
        for problem in failed.problems:
            assert problem.file == "plans/xa-a-2026.yml", problem
            assert problem.line >= 1, problem
            assert re.fullmatch(r"[EW]\d{3}", problem.code) and problem.code != "E000", problem
            assert problem.message, problem
    else:
        assert set(corpus.plans) <= {"xa-a-2026"}


def test_mapping_or_list_as_a_key_is_a_located_syntax_error(tmp_path):
    from plankb.sources.located_yaml import load
    for text in ("{}:", "[a]: 1\n", "id: x\n? [a]\n: 1\n"):
        path = tmp_path / "x.yml"
        path.write_text(text, encoding="utf-8")
        data, problems = load(path, "x.yml")
        assert data is None and [(p.code, p.line > 0) for p in problems] == [("E002", True)], text
