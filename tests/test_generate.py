"""`python -m plankb generate OUT` writes a docs folder that MkDocs and Material build with no
hooks at all (what an engine that runs none, such as Zensical, would get): every plan page is
there with every source paragraph, and the strict build finds no broken link."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import PLAN_IDS, ROOT
from textcheck import missing_paragraphs


def test_the_generated_tree_builds_without_hooks(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tmp_path / "docs"), "--root", str(ROOT)],
                          capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config)  # no hook: the tree must stand alone
    config = re.sub(r"(?m)^watch:\n(  - .*\n|\n)+", "", config)
    (tmp_path / "mkdocs.yml").write_text(config + f"\ndocs_dir: {tmp_path / 'docs'}\n", encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(tmp_path / "mkdocs.yml"),
                            "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for plan_id in PLAN_IDS:
        source = (ROOT / "plans" / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
        page = (tmp_path / "site" / "ke-hoach" / plan_id / "index.html").read_text(encoding="utf-8")
        assert missing_paragraphs(source, page) == []
    assert (tmp_path / "site" / "du-lieu" / "ke-hoach.json").is_file()


def test_generate_refuses_invalid_sources_with_the_validators_messages(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    made = subprocess.run([sys.executable, "-m", "plankb", "generate", str(tmp_path / "out"), "--root", str(ROOT / "tests" / "fixtures" / "broken")],
                          capture_output=True, text=True, env=env)
    assert made.returncode == 1 and "Traceback" not in made.stderr and "lỗi E203" in made.stderr
    assert not (tmp_path / "out").exists()
