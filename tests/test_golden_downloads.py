"""The downloads are a contract (README, "Open data contract"): for the minimal fixture each one
equals its golden file byte for byte. After an intended change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_downloads.py` and review the diff."""
from __future__ import annotations

import os

import pytest

from conftest import ROOT
from plankb import generate
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
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content.encode("utf-8"))
    assert content == golden.read_bytes().decode("utf-8")
