"""The background job runs in another process, and its failure reaches the parent."""
from __future__ import annotations

import os

import pytest

from plankb.background import BackgroundJob, BackgroundJobFailed


def test_job_runs_in_another_process_and_its_files_are_there_after_wait(tmp_path):
    target = tmp_path / "out.txt"
    job = BackgroundJob(lambda: target.write_text(str(os.getpid()), encoding="utf-8"))
    job.wait()
    assert int(target.read_text(encoding="utf-8")) not in (os.getpid(), 0)


def test_failure_is_raised_in_the_parent_with_the_childs_traceback():
    def fails() -> None:
        raise ValueError("hỏng ở tiến trình nền")

    job = BackgroundJob(fails)
    with pytest.raises(BackgroundJobFailed, match="ValueError: hỏng ở tiến trình nền"):
        job.wait()


def test_cancel_stops_a_running_job(tmp_path):
    import time

    target = tmp_path / "never.txt"
    job = BackgroundJob(lambda: (time.sleep(30), target.write_text("x")))
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5 and not target.exists()
