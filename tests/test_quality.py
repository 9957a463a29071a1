"""Quality gates on the built site: valid HTML (Nu HTML Checker), accessibility (axe-core in
Chromium) and deterministic builds. `make test` installs the tools (tests/tools/package.json)."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys

import pytest

from browser import Guard, chromium, serve
from conftest import ROOT

TOOLS = ROOT / "tests" / "tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"

# Errors in the Material theme's own chrome, not in our pages; each is accepted only on the
# theme element named here (the offending source line must contain the marker).
THEME_ERRORS = [
    # <input class="md-toggle" type="checkbox" autocomplete="off">: keeps drawers closed on back/forward
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # <label class="md-nav__title" for="__toc"> on pages whose toc toggle is not rendered
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.", 'for="__toc"'),
    # <label class="md-nav__link" tabindex=""> for nav sections without an index page
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
]


def need(path):
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make test` (it installs the quality-gate tools)")
    return path


def nu_errors(site) -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing: run `make test` (it installs default-jre-headless)")
    result = subprocess.run([java, "-Xss4m", "-jar", str(need(VNU)), "--errors-only", "--format", "json", "--skip-non-html",
                             "--exit-zero-always", str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    errors = []
    for message in messages:
        path = site / message["url"].removeprefix("file:").removeprefix(str(site)).lstrip("/") if "url" in message else None
        line = ""
        if path and path.exists() and message.get("lastLine"):
            line = path.read_text(encoding="utf-8").splitlines()[message["lastLine"] - 1]
        if any(text in message["message"] and marker in line for text, marker in THEME_ERRORS):
            continue
        where = path.relative_to(site).as_posix() if path else "?"
        errors.append(f"{where}:{message.get('lastLine')}: {message['message']} | {message.get('extract', '').strip()[:120]}")
    return errors


def test_every_page_is_valid_html(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    assert nu_errors(site) == []


def test_the_validator_catches_broken_markup(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><title>x</title></head><body><p><div id="a"></div><span id="a"></p></body></html>',
        encoding="utf-8")
    errors = nu_errors(tmp_path)
    assert any("Duplicate ID" in e for e in errors) and len(errors) >= 2


AXE_PAGES = ["", "ke-hoach/hong-ngu-2022/", "co-quan/phong-ldtbxh-hong-ngu/", "chi-tieu/lao-dong-kcn-tuyen-truyen/", "thuat-ngu/",
             "lich-bao-cao/", "chi-tieu/", "404.html"]
# On a phone's screen the wide tables are cards, the matrix scrolls under its first column, the
# glossary's letters stick under the header (tests/test_layout.py).
PHONE_PAGES = ["lich-bao-cao/", "chi-tieu/", "thuat-ngu/", "co-quan/phong-ldtbxh-hong-ngu/", "404.html"]


@pytest.fixture(scope="module")
def axe_page(site):
    pytest.importorskip("playwright.sync_api")
    script = need(AXE)
    with serve(site) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        guard = Guard()
        guard.attach(context)
        tab = context.new_page()

        def check(path: str, query: str | None = None, phone: bool = False) -> list[str]:
            tab.set_viewport_size({"width": 390, "height": 844} if phone else {"width": 1280, "height": 900})
            tab.goto(url + path)
            tab.wait_for_load_state("load")
            if query:  # the header search with its results open
                tab.fill("#kh-search-input", query)
                tab.wait_for_function("q => document.getElementById('kh-search-results').dataset.query === q", arg=query)
            tab.add_script_tag(path=str(script))
            results = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
            return [f"{v['impact']} {v['id']}: {v['help']} — {v['nodes'][0]['html'][:100]} (+{len(v['nodes']) - 1})"
                    for v in results["violations"] if v["impact"] in ("serious", "critical")]

        yield check
        assert guard.external == []
        browser.close()


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violation(axe_page, path):
    assert axe_page(path) == []


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_serious_accessibility_violation_on_a_phone(axe_page, path):
    assert axe_page(path, phone=True) == []


@pytest.mark.parametrize("path", ["", "ke-hoach/kim-tan-2026/"])
def test_no_serious_accessibility_violation_with_search_results_open(axe_page, path):
    assert axe_page(path, "cong an xa") == []


def test_finder_with_results_has_no_serious_accessibility_violation(axe_page):
    assert axe_page("tra-cuu/?tu-khoa=cong+an&cap=xa") == []


def test_axe_catches_a_violation(axe_page, site, tmp_path):
    broken = site / "axe-thu"  # removed below; the session site is otherwise left as built
    broken.mkdir()
    try:
        (broken / "index.html").write_text('<!doctype html><html><head><title>x</title></head><body>'
                                           '<img src="x.png"><a href="#"></a><p style="color:#ccc">mờ</p></body></html>',
                                           encoding="utf-8")
        found = axe_page("axe-thu/")
    finally:
        shutil.rmtree(broken)
    assert any("image-alt" in v for v in found) and any("color-contrast" in v for v in found)


def build(dest, seed: str, epoch: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": epoch}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def differing(a, b) -> list[str]:
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")
    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


# Files that depend on the build date when SOURCE_DATE_EPOCH is not set (the Makefile sets it to
# the last commit's time): the sitemap's <lastmod> (only with a site_url) and the gzip header of
# sitemap.xml.gz. Nothing else may differ between two builds of the same sources.
DATED = ["sitemap.xml", "sitemap.xml.gz"]


def test_builds_are_deterministic(tmp_path):
    build(tmp_path / "a", "1", "1767225600")   # another hash seed: set and dict order must not leak
    build(tmp_path / "b", "2", "1767225600")
    assert differing(tmp_path / "a", tmp_path / "b") == []
    build(tmp_path / "c", "1", "1782777600")   # half a year later (2026-06-30): only the dates
    assert set(differing(tmp_path / "a", tmp_path / "c")) <= set(DATED)
    build(tmp_path / "d", "1", "1798761600")   # a year later (2027): Kim Tân 2026's period is over
    kim_tan = (tmp_path / "d" / "ke-hoach" / "kim-tan-2026" / "index.html").read_text(encoding="utf-8")
    assert 'class="kh-ended-note"' in kim_tan and "kh-ended-note" not in (
        tmp_path / "a" / "ke-hoach" / "kim-tan-2026" / "index.html").read_text(encoding="utf-8")
