"""The dirty preview (`make serve`: `mkdocs serve --dirty`) renders again only what an edit
changed, and its site is then the site a full build makes of the edited sources, byte for byte:
after an edit to a plan, the glossary, a registry, the bibliography, a hand-written page, the
theme's templates (every page is rendered again), and one that adds a page (the nav and every
link may change: everything is rendered again)."""
from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from workcopy import copy_sources, env

pytestmark = pytest.mark.slow

NEW_AGENCY = ("agencies:\n  - id: so-thu-nghiem-dong-thap\n    name: Sở Thử nghiệm tỉnh Đồng Tháp\n"
              "    aliases: [Sở Thử nghiệm]\n    level: tinh\n    place: dong-thap\n    sector: y-te\n")
EDITS = {  # in this order, each on top of the ones before
    "plan": ("plans/kim-tan-2026.yml", "\ntitle: ", "\ntitle: Đã sửa — "),
    "glossary": ("glossary.yml", "Tên gọi quen thuộc của Đội", "Tên gọi thường dùng của Đội"),
    "registry": ("plans/agencies.yml", "name: Sở Lao động - Thương binh và Xã hội tỉnh Đồng Tháp\n",
                 "name: Sở Lao động - Thương binh và Xã hội tỉnh Đồng Tháp (đã sửa)\n"),
    "bibliography": ("plans/references.bib", "title = {Pháp lệnh Phòng, chống mại dâm}", "title = {Pháp lệnh Phòng, chống mại dâm (đã sửa)}"),
    "hand-written page": ("docs/index.md", "Kho tra cứu toàn văn", "Kho tra cứu đầy đủ toàn văn"),
    "template": ("overrides/main.html", ' ngày <span class="kh-cite-date">', ' vào ngày <span class="kh-cite-date">'),
    "new page": ("plans/agencies.yml", "agencies:\n", NEW_AGENCY),
}
STEPS = list(EDITS)


def build_env() -> dict[str, str]:
    return env(SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"), PYTHONPATH=str(ROOT / "src"))


def run_preview(work: Path, steps: list[str], *options: str) -> Path:
    """tests/dirty_preview.py on fresh sources with the edits of `steps`: its OUT folder, with
    its log in log.txt."""
    work.mkdir(parents=True, exist_ok=True)
    edits = work / "edits.json"
    edits.write_text(json.dumps([EDITS[step] for step in steps]), encoding="utf-8")
    root = copy_sources(work / "repo")
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "dirty_preview.py"), str(root), str(work / "out"), str(edits),
                             *options], cwd=root, env=build_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    (work / "out" / "log.txt").write_text(result.stderr, encoding="utf-8")
    return work / "out"


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    """The preview's site folder after each edit: OUT/0 (first build), OUT/1, …"""
    return run_preview(tmp_path_factory.mktemp("preview"), STEPS)


def full_build(dest: Path, steps: int) -> Path:
    """`mkdocs build` of fresh sources with the first `steps` edits applied."""
    root = copy_sources(dest / "repo")
    for path, old, new in (EDITS[step] for step in STEPS[:steps]):
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(dest / "site")],
                            cwd=root, env=build_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]
    return dest / "site"


def differences(left: Path, right: Path) -> list[str]:
    """Files only in one tree or with other bytes."""
    found = []
    compared = filecmp.dircmp(left, right)
    stack = [(compared, "")]
    while stack:
        here, prefix = stack.pop()
        found += [f"only in preview: {prefix}{n}" for n in here.left_only] + [f"only in full build: {prefix}{n}" for n in here.right_only]
        _, mismatch, errors = filecmp.cmpfiles(here.left, here.right, here.common_files, shallow=False)
        found += [f"differs: {prefix}{n}" for n in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in here.subdirs.items()]
    return sorted(found)


@pytest.mark.parametrize("step", STEPS)
def test_preview_after_edit_equals_full_build(preview, tmp_path, step):
    k = STEPS.index(step) + 1
    assert differences(preview / str(k), full_build(tmp_path, k)) == []


def rendered(site: Path, page: str) -> int:
    return (site / page).stat().st_mtime_ns


def test_edit_to_a_plan_renders_its_pages_again_and_not_the_others(preview):
    before, after = preview / "0", preview / "1"
    assert rendered(after, "ke-hoach/kim-tan-2026/index.html") != rendered(before, "ke-hoach/kim-tan-2026/index.html")
    assert rendered(after, "ke-hoach/hong-ngu-2022/index.html") == rendered(before, "ke-hoach/hong-ngu-2022/index.html")
    assert rendered(after, "huong-dan/loi/index.html") == rendered(before, "huong-dan/loi/index.html")
    assert rendered(after, "sitemap.xml") == rendered(before, "sitemap.xml")  # the same addresses, the same day
    assert rendered(after, "404.html") == rendered(before, "404.html")  # the same nav and theme


def test_definition_edit_renders_no_page_that_links_the_term_again(preview):
    """A term link carries no definition: the new one is in du-lieu/thuat-ngu.js, and a page that
    links the term (a guide, a plan) is not rendered again."""
    before, after = preview / "1", preview / "2"
    assert "Tên gọi thường dùng của Đội" in (after / "du-lieu/thuat-ngu.js").read_text(encoding="utf-8")
    assert "Tên gọi thường dùng của Đội" in (after / "thuat-ngu/index.html").read_text(encoding="utf-8")
    for page in ("huong-dan/can-bo-moi/index.html", "ke-hoach/quang-tri-2022-2025/index.html"):  # they link the Đội 178
        assert 'href="../../thuat-ngu/#doi-178"' in (after / page).read_text(encoding="utf-8"), page
        assert rendered(after, page) == rendered(before, page), page


def test_new_page_renders_every_page_again(preview):
    before, after = preview / str(len(STEPS) - 1), preview / str(len(STEPS))
    assert (after / "co-quan/so-thu-nghiem-dong-thap/index.html").exists()
    assert rendered(after, "ke-hoach/hong-ngu-2022/index.html") != rendered(before, "ke-hoach/hong-ngu-2022/index.html")
    assert rendered(after, "sitemap.xml") != rendered(before, "sitemap.xml")


def test_preview_does_not_warn_of_stale_navigation(preview):
    # MkDocs warns at every dirty build that navigation may be stale; here nothing is.
    log = (preview / "log.txt").read_text(encoding="utf-8")
    assert "A 'dirty' build is being performed" not in log


def test_an_edit_made_at_once_stops_the_last_builds_indexes_and_ends_as_a_full_build(tmp_path):
    """A maintainer who edits again while the last build's downloads and search indexes are
    still being made (a minute at 1,000 plans) does not wait for them: they stop, and the
    site, once the last build's are made, is the full build's."""
    out = run_preview(tmp_path / "preview", STEPS[:2], "--at-once")
    log = (out / "log.txt").read_text(encoding="utf-8")
    assert log.count("Đã dừng tạo tệp tải về và chỉ mục tìm kiếm của bản trước") == 2, log[-4000:]
    assert differences(out / "2", full_build(tmp_path / "full", 2)) == []
