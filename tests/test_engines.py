"""The site does not depend on the engine: ProperDocs (the maintained fork of MkDocs 1.6, run
with `make build ENGINE=properdocs`) builds the same pages as MkDocs with the same hook and the
same Material, and stops its strict build on the hook's warnings as MkDocs does."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, write_fixture_config
from test_glossary import corpus_with_glossary, glossary

PROPERDOCS = Path(sys.executable).with_name("properdocs")

# Reproducible builds, as `make` does: dates in the output (the gzip header of sitemap.xml.gz) come
# from the last commit. Set at import, before the session `site` fixture (the MkDocs build) is
# built, so that both builds read the same value; under `make test` it is already set.
if "SOURCE_DATE_EPOCH" not in os.environ:
    _epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    os.environ["SOURCE_DATE_EPOCH"] = _epoch or "1767225600"


def properdocs_build(dest: Path, config: Path = ROOT / "mkdocs.yml", quiet: bool = True) -> subprocess.CompletedProcess:
    """What conftest.build_site does, with the `properdocs` command (`make build ENGINE=properdocs`)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(PROPERDOCS), "build", "--strict", *(["-q"] if quiet else []), "-f", str(config), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


# The one legitimate difference: the theme's <meta name="generator"> names the engine
# ("mkdocs-1.6.1, …" against "mkdocs-ProperDocs 1.6.7, …"; Material writes
# `mkdocs-{{ mkdocs_version }}` and ProperDocs sets mkdocs_version to "ProperDocs <version>").
# It is in the <head> of every page Material templates, once; nothing else may differ.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^",]+), ')


def normalised(path: Path) -> tuple[bytes, str | None]:
    data = path.read_bytes()
    if path.suffix != ".html":
        return data, None
    engines = GENERATOR.findall(data)
    assert len(engines) <= 1, path
    return GENERATOR.sub(b'<meta name="generator" content="mkdocs-ENGINE, ', data), engines[0].decode() if engines else None


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("properdocs-site")
    result = properdocs_build(dest)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "WARNING" not in result.stderr, result.stderr
    return dest


def test_properdocs_builds_the_same_site(site, properdocs_site):
    names = files_of(site)
    assert files_of(properdocs_site) == names
    differing, engines = [], {}
    for name in sorted(names):
        ours, ours_engine = normalised(site / name)
        theirs, their_engine = normalised(properdocs_site / name)
        if ours != theirs:
            differing.append(name)
        if ours_engine:
            engines[(ours_engine, their_engine)] = engines.get((ours_engine, their_engine), 0) + 1
    # Every file, whatever its type (HTML, search and open-data JSON, CSV, ICS, BibTeX, YAML,
    # sitemap, assets): byte-identical once the generator tag is set aside.
    assert differing == []
    assert len(engines) == 1, engines
    (mkdocs_engine, properdocs_engine), pages = next(iter(engines.items()))
    assert re.fullmatch(r"1\.6\.\d+", mkdocs_engine) and re.fullmatch(r"ProperDocs 1\.6\.\d+", properdocs_engine)
    assert pages == sum(name.endswith(".html") for name in names)


def test_properdocs_stops_the_strict_build_on_the_hooks_warnings(tmp_path):
    """The hook logs on `mkdocs.hooks.plankb`: ProperDocs counts that legacy logger in strict mode."""
    root = corpus_with_glossary(tmp_path, glossary({"id": "a", "term": "Trạm Y tế"}, {"id": "b", "term": "Đội 814"}))
    result = properdocs_build(tmp_path / "out", write_fixture_config(root), quiet=False)
    assert "thuật ngữ «Đội 814» không xuất hiện trong kế hoạch nào" in result.stderr
    assert result.returncode != 0 and "Traceback" not in result.stderr
