"""The maintainer guide explains every code the validator can print, and every printed problem
links to its own explanation."""
import re

from conftest import ROOT
from test_loader import FIXTURES, run_validate

GUIDE = ROOT / "docs" / "huong-dan" / "loi.md"


def emitted_codes() -> set[str]:
    codes = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "hooks").rglob("*.py")]:
        codes |= set(re.findall(r'"([EW]\d{3})"', path.read_text(encoding="utf-8")))
    return codes - {"E000"}  # the dataclass default, never emitted


def test_every_code_has_its_own_entry_and_no_entry_is_stale():
    anchors = set(re.findall(r"\{#([ew]\d{3})\}", GUIDE.read_text(encoding="utf-8")))
    assert {c.lower() for c in emitted_codes()} == anchors


def test_entries_are_anchors_in_the_built_guide(site):
    html = (site / "huong-dan" / "loi" / "index.html").read_text(encoding="utf-8")
    missing = [code for code in sorted(emitted_codes()) if f'id="{code.lower()}"' not in html]
    assert missing == []


def test_each_printed_problem_links_to_its_entry():
    result = run_validate(FIXTURES / "broken")
    lines = result.stderr.strip().splitlines()
    problems = [line for line in lines if re.search(r" (lỗi|cảnh báo) [EW]\d{3}: ", line)]
    assert len(problems) == len(lines) - 1 >= 3
    for line in problems:
        code = re.search(r" ([EW]\d{3}): ", line).group(1)
        assert line.endswith(f"(xem huong-dan/loi/#{code.lower()})"), line


def test_guide_is_in_the_navigation(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for page in ("cap-nhat-du-lieu", "truong-du-lieu", "loi", "hieu-nang"):
        assert f'huong-dan/{page}/' in html
