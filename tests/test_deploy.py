"""`make deploy` publishes the built site to the gh-pages branch of a real (local, bare) remote,
with the offline copy in it, linked from the trainer guide with its size and date; deploying the
same sources again publishes exactly the same tree."""
from __future__ import annotations

import datetime
import io
import posixpath
import re
import subprocess
import tarfile
import zipfile

import pytest

from conftest import PLAN_IDS
from plankb.offline_copy import FOLDER, SITE_PATH, VIETNAM, size_vi
from workcopy import MAKE_ARGS, copy_sources, env, git

GUIDE = "huong-dan/giang-vien/index.html"
# The link the trainer guide gives the offline copy: its href, exact size, text.
OFFLINE_LINK = re.compile(r'<p id="ban-ngoai-tuyen"><a href="([^"]+)" download data-bytes="(\d+)">([^<]*)</a>')


def deploy(repo) -> subprocess.CompletedProcess:
    # The dates come from the work copy's own last commit, as `make` derives them there.
    environment = {k: v for k, v in env().items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(["make", "--no-print-directory", "deploy", *MAKE_ARGS], cwd=repo, env=environment,
                          capture_output=True, text=True, timeout=900)


def blob(remote, path: str) -> bytes:
    return subprocess.run(["git", "show", f"gh-pages:{path}"], cwd=remote, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(remote, repo) after one `make deploy` of a fresh work copy."""
    tmp_path = tmp_path_factory.mktemp("deploy")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo = copy_sources(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "nguồn")
    git(repo, "remote", "add", "origin", str(remote))
    first = deploy(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    return remote, repo


def test_make_deploy_pushes_the_site_to_gh_pages(published):
    remote, _ = published
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {".nojekyll", "404.html", "index.html", "du-lieu/ke-hoach.json"} <= files
    assert {f"ke-hoach/{plan_id}/index.html" for plan_id in PLAN_IDS} <= files
    assert "huong-dan/loi/index.html" in files
    page = git(remote, "show", f"gh-pages:ke-hoach/{PLAN_IDS[0]}/index.html")
    assert 'id="thong-tin"' in page


def test_the_published_site_holds_the_offline_copy_linked_from_the_trainer_guide(published):
    """The guide's link resolves to the zip on gh-pages, says its size (and holds it exactly) and
    the date of the sources (the last commit: SOURCE_DATE_EPOCH); the zip is the offline site,
    which says it is the copy and holds no zip of itself."""
    remote, repo = published
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert SITE_PATH in files
    href, size, text = OFFLINE_LINK.search(git(remote, "show", f"gh-pages:{GUIDE}")).groups()
    assert posixpath.normpath(posixpath.join(posixpath.dirname(GUIDE), href)) == SITE_PATH
    data = blob(remote, SITE_PATH)
    assert int(size) == len(data) == int(git(remote, "cat-file", "-s", f"gh-pages:{SITE_PATH}"))
    epoch = int(git(repo, "log", "-1", "--format=%ct"))
    day = datetime.datetime.fromtimestamp(epoch, VIETNAM).strftime("%d/%m/%Y")
    assert text == f"Tải bản sao ngoại tuyến ({FOLDER}.zip, {size_vi(len(data))}, cập nhật ngày {day})"
    assert re.fullmatch(r"\d+(,\d)? MB|\d+ kB", size_vi(len(data)))
    assert data == (repo / "dist" / f"{FOLDER}.zip").read_bytes()  # what `make deploy` built first

    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert all(name.startswith(f"{FOLDER}/") for name in names)
    assert {f"{FOLDER}/index.html", f"{FOLDER}/huong-dan/giang-vien.html"} <= set(names)
    assert {f"{FOLDER}/ke-hoach/{plan_id}/index.html" for plan_id in PLAN_IDS} <= set(names)
    assert not [name for name in names if name.endswith(".zip")]  # not a copy of itself
    guide = archive.read(f"{FOLDER}/huong-dan/giang-vien.html").decode("utf-8")
    assert "Bạn đang xem chính bản sao ngoại tuyến</strong> (cập nhật ngày " + day in guide
    assert SITE_PATH not in guide and "data-bytes" not in guide
    assert 'href="../du-lieu/index.html"' in guide  # the copy's links open files from a folder
    assert len({info.date_time for info in archive.infolist()}) == 1  # one date: the sources'


def test_deploying_again_publishes_the_same_tree(published):
    remote, repo = published
    tree = git(remote, "rev-parse", "gh-pages^{tree}")
    second = deploy(repo)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git(remote, "rev-parse", "gh-pages^{tree}") == tree  # nothing new to publish: the zip is the same bytes
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"  # --no-history: one commit, no pile-up


# --- What a trainer sees ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published_folder(published, tmp_path_factory):
    """The gh-pages tree as files, as GitHub Pages serves it."""
    remote, _ = published
    folder = tmp_path_factory.mktemp("gh-pages")
    tree = subprocess.run(["git", "archive", "gh-pages"], cwd=remote, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
        archive.extractall(folder, filter="data")
    return folder


def test_a_trainer_downloads_the_offline_copy_from_the_guide_and_opens_it_from_a_folder(page, published_folder, tmp_path, artifacts):
    from browser import serve

    with serve(published_folder) as url:
        page.goto(url + "huong-dan/giang-vien/")
        link = page.locator("#ban-ngoai-tuyen a")
        assert link.is_visible() and "MB" in link.inner_text()
        page.screenshot(path=str(artifacts / "giang-vien-ban-ngoai-tuyen.png"))
        with page.expect_download() as downloading:
            link.click()
        saved = tmp_path / "tai-ve.zip"
        downloading.value.save_as(saved)
    assert saved.stat().st_size == int(link.get_attribute("data-bytes")) == (published_folder / SITE_PATH).stat().st_size

    with zipfile.ZipFile(saved) as archive:
        archive.extractall(tmp_path / "unzipped")
    copy = tmp_path / "unzipped" / FOLDER
    page.goto((copy / "huong-dan" / "giang-vien.html").as_uri())
    said = page.locator("#ban-ngoai-tuyen")
    assert said.inner_text().startswith("Bạn đang xem chính bản sao ngoại tuyến")
    assert page.locator("#ban-ngoai-tuyen a[download]").count() == 0
    page.locator("article").get_by_role("link", name="Dữ liệu mở").click()
    page.wait_for_load_state()
    assert page.url == (copy / "du-lieu" / "index.html").as_uri()
