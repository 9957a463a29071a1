"""Shared fixtures: the repository root, the validated corpus and one strict build of the site."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plankb.sources.loader import load_corpus

ROOT = Path(__file__).resolve().parent.parent


ARTIFACTS = ROOT / "test-artifacts"
PLAN_IDS = ["hong-ngu-2022", "ninh-thuan-2021-2025", "quang-nam-2025", "kim-tan-2026", "quang-tri-2022-2025"]


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(ROOT)


def build_site(dest: Path, config: Path = ROOT / "mkdocs.yml", quiet: bool = True) -> subprocess.CompletedProcess:
    """A strict build. Quiet, MkDocs drops warnings before strict mode counts them: a test of a
    warning builds with quiet=False."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else []), "-f", str(config), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


# The site's tooltips (not Material's content.tooltips, which renders titles as HTML): fixtures
# show titles with the same code as the site.
TOOLTIP_ASSETS = {"extra_css": "assets/stylesheets/tooltip.css", "extra_javascript": "assets/javascripts/tooltip.js"}
# The site's own search (no engine plugin): folding, engine, header box, highlighter of results.
SEARCH_ASSETS = ["assets/javascripts/vi-fold.js", "assets/javascripts/tim-kiem-loi.js", "assets/javascripts/tim-kiem.js",
                 "assets/javascripts/vi-highlight.js"]


def write_fixture_config(root: Path) -> Path:
    """A minimal mkdocs.yml for a fixture source folder, using the project's hook and assets."""
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text("# Trang thử\n", encoding="utf-8")
    for asset in [*TOOLTIP_ASSETS.values(), *SEARCH_ASSETS]:
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        (docs / asset).write_bytes((ROOT / "docs" / asset).read_bytes())
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Thử\n"
        "theme: {name: material, language: vi, font: false}\n"
        + f"extra_css: [{TOOLTIP_ASSETS['extra_css']}]\n"
        + f"extra_javascript: [{', '.join([TOOLTIP_ASSETS['extra_javascript'], *SEARCH_ASSETS])}]\n"
        + f"hooks: [{ROOT / 'hooks' / 'mkdocs_hooks.py'}]\n"
        "markdown_extensions: [attr_list, admonition, tables, toc]\n"
        "plugins: []\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# The fast tier (`make test-fast`): every test but those that build the whole site, drive a
# browser, serve or publish. Slow ones are marked here, by what they need, not one by one.
SLOW_FIXTURES = {"site", "hostile_site", "browser", "page", "base_url"}
SLOW_MODULES = {"test_browser", "test_search_browser", "test_layout", "test_quality", "test_serve", "test_deploy", "test_safety",
                "test_engines", "test_big_plan", "test_background", "test_overview_browser"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the whole site, drives a browser, serves or publishes")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)



# --- The browser tests' Chromium (tests/browser.py) ---------------------------------------------

@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    """A tab in its own context (desktop size, Vietnamese locale): every request to another host
    is aborted and recorded (`tab.guard`), and the test fails on one, or on any script error."""
    from browser import Guard

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    guard = Guard()
    guard.attach(context)
    tab = context.new_page()
    tab.guard = guard
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    assert guard.external == [], guard.external
    assert errors == []
    context.close()
