"""`make deploy` publishes the built site to the gh-pages branch of a real (local, bare) remote,
and deploying the same sources again publishes exactly the same tree."""
from __future__ import annotations

import subprocess

from conftest import PLAN_IDS
from workcopy import MAKE_ARGS, copy_sources, env, git


def deploy(repo) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "deploy", *MAKE_ARGS], cwd=repo, env=env(),
                          capture_output=True, text=True, timeout=600)


def test_make_deploy_pushes_the_site_to_gh_pages_and_is_idempotent(tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo = copy_sources(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "nguồn")
    git(repo, "remote", "add", "origin", str(remote))

    first = deploy(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {".nojekyll", "404.html", "index.html", "du-lieu/ke-hoach.json"} <= files
    assert {f"ke-hoach/{plan_id}/index.html" for plan_id in PLAN_IDS} <= files
    assert "huong-dan/loi/index.html" in files
    page = git(remote, "show", f"gh-pages:ke-hoach/{PLAN_IDS[0]}/index.html")
    assert 'id="thong-tin"' in page
    tree = git(remote, "rev-parse", "gh-pages^{tree}")

    second = deploy(repo)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git(remote, "rev-parse", "gh-pages^{tree}") == tree  # nothing new to publish
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"  # --no-history: one commit, no pile-up
