"""Background jobs run in another process; their results and failures reach the parent."""
from __future__ import annotations

import os
import time

import pytest

from plankb.background import BackgroundJob, BackgroundJobFailed, StreamedMap, make_all


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


def test_streamed_map_computes_in_another_process_as_items_come_and_keeps_the_order():
    streamed = StreamedMap(lambda item: (item * 2, os.getpid()))
    for n in range(50):
        streamed.put(f"k{n}", n)
    results = streamed.results()
    assert list(results) == [f"k{n}" for n in range(50)]
    assert [value for value, _ in results.values()] == [n * 2 for n in range(50)]
    assert os.getpid() not in {pid for _, pid in results.values()}


def test_streamed_map_without_parallelism_computes_in_this_process_when_put():
    computed = []
    streamed = StreamedMap(lambda item: computed.append(item) or os.getpid(), in_parallel=False)
    streamed.put("a", 1)
    assert computed == [1]
    assert streamed.results() == {"a": os.getpid()}


def test_streamed_map_raises_the_childs_failure_after_the_parent_has_put_everything():
    def fails_on_three(item: tuple[int, str]) -> int:
        if item[0] == 3:
            raise ValueError("mục thứ tư hỏng")
        return item[0]

    streamed = StreamedMap(fails_on_three)
    for n in range(1000):  # 1 MB: far more than a pipe holds once the child has stopped reading
        streamed.put(n, (n, "x" * 1000))
    with pytest.raises(BackgroundJobFailed, match="ValueError: mục thứ tư hỏng"):
        streamed.results()


def test_streamed_map_cancel_stops_the_child():
    streamed = StreamedMap(lambda item: time.sleep(30))
    streamed.put("a", 1)
    started = time.monotonic()
    streamed.cancel()
    assert time.monotonic() - started < 5
