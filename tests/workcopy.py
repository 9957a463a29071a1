"""A throw-away copy of the project's sources (what `make` needs to build, serve and deploy)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

SOURCES = ["Makefile", "mkdocs.yml", "mkdocs-offline.yml", "mkdocs-deploy.yml", "docs", "overrides", "plans", "glossary.yml",
           "hooks", "src", "scripts", "pyproject.toml", "requirements.txt", "requirements-test.txt", ".gitignore"]
VENV = ROOT / ".venv"
# Use the project's venv and never reinstall it from inside a test.
MAKE_ARGS = [f"VENV={VENV}", "-o", f"{VENV}/.installed"]


def copy_sources(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", **extra}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                            env=env(GIT_AUTHOR_NAME="Thử", GIT_AUTHOR_EMAIL="thu@example.invalid",
                                    GIT_COMMITTER_NAME="Thử", GIT_COMMITTER_EMAIL="thu@example.invalid"))
    return result.stdout.strip()
