"""Validation is complete: `make validate` prints every problem `make build --strict` refuses,
worded the same, on every broken fixture (the build adds nothing found while rendering)."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, build_site, write_fixture_config
from test_loader import run_validate

FIXTURES = ROOT / "tests" / "fixtures"
# A printed problem, after MkDocs' log prefix ("WARNING -  ") when the build logs it.
PROBLEM = re.compile(r"^(?:[A-Z]+ +-  )?(\S+?:(?:\d+:)? (?:\[[^\]]*\] )?(?:lỗi|cảnh báo) [EW]\d{3}: .*)$", re.MULTILINE)


def minimal_with(tmp_path, files: dict[str, str]):
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "minimal", root)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


CASES = {
    "broken-fixture": None,
    "unused-term": {"glossary.yml": "terms:\n  - {id: a, term: Trạm Y tế, definition: Nơi khám.}\n  - {id: b, term: Đội 814, definition: Đội.}\n"},
    "page-citation": {"docs/index.md": "# Trang\n\nTheo [@khong-co] và [@kh-1-2026-tinh-b].\n"},
    "hostile-text": {"plans/xa-b-2027.yml": "", "glossary.yml": "terms:\n  - {id: a, term: Trạm Y tế, definition: \"Nơi\\x1b khám.\"}\n"},
}


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_what_the_build_refuses(tmp_path, case):
    if CASES[case] is None:
        root = tmp_path / "root"
        shutil.copytree(FIXTURES / "broken", root)
    else:
        root = minimal_with(tmp_path, CASES[case])
    validated = run_validate(root)
    built = build_site(tmp_path / "site", write_fixture_config(root), quiet=False)
    assert built.returncode != 0 and "Traceback" not in built.stderr + validated.stderr
    from_build = set(PROBLEM.findall(built.stderr))
    assert from_build and from_build == set(PROBLEM.findall(validated.stderr))
