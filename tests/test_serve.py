"""`make serve` on a copy of the sources: rebuilds on every kind of change, keeps the last good
site when the sources break, reloads the domain core, and does not rebuild in a loop."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from workcopy import MAKE_ARGS, copy_sources, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path, port: int) -> None:
        self.root, self.url = root, f"http://127.0.0.1:{port}/"
        self.log = root / "serve.log"
        self.temp = root / "tmp"  # the preview's temporary folders, to see none is left
        self.temp.mkdir()
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"ADDR=127.0.0.1:{port}", *MAKE_ARGS],
            cwd=root, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
            env={**env(), "TMPDIR": str(self.temp)},
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, what, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if what(self.output()):
                return
            assert self.process.poll() is None, "make serve stopped:\n" + self.output()
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout}s; output:\n{self.output()}")

    def wait_for_rebuild(self, before: int, timeout: float = 90) -> None:
        self.wait_for(lambda out: out.count("Reloading browsers") > before, timeout)

    def reloads(self) -> int:
        return self.output().count("Reloading browsers")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


@pytest.fixture
def server(tmp_path):
    running = Server(copy_sources(tmp_path / "repo"), free_port())
    try:
        running.wait_for(lambda out: "Serving on" in out, timeout=180)
        yield running
    finally:
        running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_keeps_last_good_site_and_rebuilds_on_every_change(server):
    plan = server.root / "plans" / "kim-tan-2026.yml"
    good = plan.read_text(encoding="utf-8")
    assert "Kim Tân" in server.get("ke-hoach/kim-tan-2026/")

    # A YAML syntax error: the terminal names file, line, code and guide; the site stays up.
    reloads = server.reloads()
    edit(plan, "\ntitle: ", '\ntitle: "')
    server.wait_for_rebuild(reloads)
    out = server.output()
    assert "ERROR" in out and "plans/kim-tan-2026.yml:" in out and "lỗi E002" in out and "huong-dan/loi/#e002" in out
    assert "Traceback" not in out
    assert "Kim Tân" in server.get("ke-hoach/kim-tan-2026/")

    # While the sources are broken, hand-written pages still rebuild on top of the last good pages.
    reloads = server.reloads()
    edit(server.root / "docs" / "index.md", "# Kế hoạch phòng, chống mại dâm", "# Kế hoạch phòng, chống mại dâm — bản xem thử")
    server.wait_for_rebuild(reloads)
    assert "bản xem thử" in server.get("")
    assert "Kim Tân" in server.get("ke-hoach/kim-tan-2026/")

    # Fixed sources are picked up again.
    reloads = server.reloads()
    plan.write_text(good.replace("\ntitle: ", "\ntitle: Đã sửa — ", 1), encoding="utf-8")
    server.wait_for_rebuild(reloads)
    assert "Đã sửa — " in server.get("ke-hoach/kim-tan-2026/")

    # A change to the glossary, the bibliography and the domain core each trigger a rebuild.
    for path, old, new in ((server.root / "glossary.yml", "\n", "\n# sửa thử\n"),
                           (server.root / "plans" / "references.bib", "\n", "\n% sửa thử\n"),
                           (server.root / "src" / "plankb" / "text" / "markup.py", "không rõ</span>", "không rõ (đã sửa mã)</span>")):
        reloads = server.reloads()
        edit(path, old, new)
        server.wait_for_rebuild(reloads)
    assert "không rõ (đã sửa mã)" in server.get("ke-hoach/hong-ngu-2022/")

    # No rebuild loop: once quiet, nothing more is built.
    changes = server.output().count("Detected file changes")
    time.sleep(3)
    assert server.output().count("Detected file changes") == changes


def test_a_stopped_preview_leaves_no_temporary_folder(tmp_path):
    """Stopped with Ctrl-C, `make serve` removes its last site's downloads and indexes (250 MB at
    1,000 plans) and its page cache, not only the folders of the sites before it."""
    running = Server(copy_sources(tmp_path / "repo"), free_port())
    try:
        running.wait_for(lambda out: "Serving on" in out, timeout=180)
        running.wait_for(lambda out: "Chỉ mục tìm kiếm và tra cứu" in out, timeout=180)
        assert any(p.name.startswith("plankb-") for p in running.temp.iterdir())
    finally:
        running.stop()
    deadline = time.monotonic() + 20  # the sites before the last are deleted by a process of their own
    while any(running.temp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(p.name for p in running.temp.iterdir()) == []
