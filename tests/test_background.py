"""Background jobs run in another process; their results and failures reach the parent."""
from __future__ import annotations

import os
import time

import pytest

from plankb import background
from plankb.background import BackgroundJob, BackgroundJobFailed, Cancelled, StopFlag, map_in_two


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


def test_ready_says_whether_the_result_would_be_waited_for():
    job = BackgroundJob(lambda: time.sleep(30))
    assert not job.ready()
    job.cancel()
    done = BackgroundJob(lambda: "xong")
    deadline = time.monotonic() + 10
    while not done.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert done.ready() and done.result() == "xong" and done.ready()


def test_map_in_two_shares_the_work_between_two_processes_and_keeps_the_order():
    items = list(range(5))
    mapped = map_in_two(lambda n: (n, os.getpid()), items)
    assert [n for n, _ in mapped] == items
    assert len({pid for _, pid in mapped}) == 2
    assert {pid for _, pid in map_in_two(lambda n: (n, os.getpid()), items, in_parallel=False)} == {os.getpid()}


def test_map_in_two_takes_the_childs_results_as_they_come(monkeypatch):
    """The child's results are taken between the parent's own, not all at the end: the child
    need not hold its whole half (the pages' search documents at 1,000 plans)."""
    log: list[str] = []
    receive = background.ChildProcess.receive
    monkeypatch.setattr(background.ChildProcess, "receive", lambda self: log.append("received") or receive(self))
    parent = os.getpid()

    def square(n: int) -> int:
        if os.getpid() == parent:  # the parent is slow, the child quick
            time.sleep(0.2)
            log.append(f"ours {n}")
        return n * n

    assert map_in_two(square, list(range(6))) == [0, 1, 4, 9, 16, 25]
    assert log.count("received") == 3 and log.index("received") < log.index("ours 2")


def test_a_failure_in_the_childs_half_is_raised_in_the_parent():
    def fails_in_child(n: int) -> int:
        if n == 3:
            raise ValueError("hỏng ở tiến trình con")
        return n

    with pytest.raises(BackgroundJobFailed, match="hỏng ở tiến trình con"):
        map_in_two(fails_in_child, list(range(6)))


def test_a_failure_in_the_parents_half_is_raised():
    def make(n: int) -> int:
        if n == 2:
            raise KeyError("mục thứ ba")
        return n

    with pytest.raises(KeyError):
        map_in_two(make, list(range(4)))




def test_a_stop_flag_also_stops_once_its_test_is_true_asked_no_more_often_than_told():
    saved, asked = [False], []
    flag = StopFlag()
    flag.also_when(lambda: asked.append(1) or saved[0], every=60)
    flag.check()
    flag.check()  # within the minute: not asked again
    assert len(asked) == 1
    flag._next = 0.0  # the minute is over
    saved[0] = True
    with pytest.raises(Cancelled):
        flag.check()
    with pytest.raises(Cancelled):  # set now: stays stopped without asking
        flag.check()
    assert len(asked) == 2
