"""The downloads are a contract (README, "Open data contract"): for the minimal fixture each one
equals its golden file byte for byte. After an intended change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_downloads.py` and review the diff."""
from __future__ import annotations

import dataclasses
import json
import os

import pytest

from conftest import ROOT
from plankb import generate, relations
from plankb.downloads import export
from plankb.sources.loader import load_corpus

GOLDEN = ROOT / "tests" / "golden" / "minimal"
DOWNLOADS = ["du-lieu/ke-hoach.json", "du-lieu/chi-tieu.csv", "du-lieu/nhiem-vu.csv", "du-lieu/tai-lieu.bib",
             "du-lieu/lich-bao-cao.ics", "du-lieu/lich/tram-y-te-xa-a.ics"]


@pytest.fixture(scope="module")
def made():
    build = generate.build(load_corpus(ROOT / "tests" / "fixtures" / "minimal"))
    return {**build.now, **build.later}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_download_matches_its_golden_file(made, path):
    content = made[path]()
    content = content if isinstance(content, str) else "".join(content)  # ke-hoach.json comes in parts
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content.encode("utf-8"))
    assert content == golden.read_bytes().decode("utf-8")


def test_the_open_data_file_comes_plan_by_plan_as_one_json_dump_would_write_it():
    """ke-hoach.json is written in parts (never held whole at 1,000 plans): one part per plan,
    and together the text json.dumps(…, indent=1) writes — with plans and with none."""
    corpus = load_corpus(ROOT / "tests" / "fixtures" / "minimal")
    rel = relations.build(corpus)
    for plans in (corpus.plans, {}):
        some = dataclasses.replace(corpus, plans=plans)
        parts = list(export.plans_json_parts(some, rel))
        text = "".join(parts)
        assert len(parts) == len(plans) + 2
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
        assert len(json.loads(text)["plans"]) == len(plans)
