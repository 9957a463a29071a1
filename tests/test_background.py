"""Background jobs run in another process; their results and failures reach the parent."""
from __future__ import annotations

import os
import time

import pytest

from plankb.background import BackgroundJob, BackgroundJobFailed, make_all


def test_job_runs_in_another_process_and_returns_its_value():
    assert BackgroundJob(os.getpid).result() not in (os.getpid(), 0)


def test_failure_is_raised_in_the_parent_with_the_childs_traceback():
    def fails() -> str:
        raise ValueError("hỏng ở tiến trình nền")

    with pytest.raises(BackgroundJobFailed, match="ValueError: hỏng ở tiến trình nền"):
        BackgroundJob(fails).result()


def test_cancel_stops_a_running_job():
    job = BackgroundJob(lambda: time.sleep(30))
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5


def test_make_all_shares_the_work_between_two_processes_and_keeps_the_order():
    makers = {f"p{n}": (lambda n=n: f"{n}:{os.getpid()}") for n in range(5)}
    made = make_all(makers)
    assert list(made) == list(makers)
    assert [value.split(":")[0] for value in made.values()] == ["0", "1", "2", "3", "4"]
    assert len({value.split(":")[1] for value in made.values()}) == 2
    assert {value.split(":")[1] for value in make_all(makers, in_parallel=False).values()} == {str(os.getpid())}


def test_a_failure_in_the_parents_half_is_raised():
    def make(n: int) -> int:
        if n == 2:
            raise KeyError("mục thứ ba")
        return n

    with pytest.raises(KeyError):
        make_all({str(n): (lambda n=n: make(n)) for n in range(4)})
