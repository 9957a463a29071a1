"""Temporary folders are named after their process; those of a process that is gone are removed."""
import os
import subprocess
import sys
import tempfile

import pytest

from plankb import temp_folders

pytestmark = pytest.mark.skipif(os.name != "posix", reason="processes are asked after with os.kill(pid, 0)")


@pytest.fixture
def tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_new_folder_carries_its_process_and_removes_those_of_processes_gone(tmp):
    gone = tmp / f"plankb-xem-truoc-{_gone_pid()}-ab12cd_3"
    (gone / "ke-hoach").mkdir(parents=True)
    (gone / "ke-hoach" / "a.md").write_text("# A\n", encoding="utf-8")
    running = [tmp / f"plankb-tai-ve-{os.getppid()}-x1", tmp / f"plankb-chi-muc-{os.getpid()}-x2"]
    others = [tmp / "plankb-tai-ve-262wnpb8", tmp / "khac-123-x"]  # before pids were in names; not ours
    for folder in running + others:
        folder.mkdir()
    made = temp_folders.new_folder("xem-truoc")
    assert made.name.startswith(f"plankb-xem-truoc-{os.getpid()}-") and made.is_dir()
    assert not gone.exists()
    assert all(folder.is_dir() for folder in running + others)
