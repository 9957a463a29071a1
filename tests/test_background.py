"""Background jobs run in another process; their results and failures reach the parent."""
from __future__ import annotations

import os
import signal
import time

import pytest

from plankb.background import BackgroundJob, BackgroundJobFailed, MadeInOrder, StreamedMap, map_in_two


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


def test_made_in_order_makes_values_in_a_child_and_gives_any_of_them_when_asked():
    made = MadeInOrder({f"p{n}": (lambda n=n: (n, os.getpid())) for n in range(5)})
    assert made.pop("p3")[0] == 3  # p0…p2 arrive first and are kept
    first = made.pop("p0")
    assert [first[0]] + [made.pop(f"p{n}")[0] for n in (1, 2, 4)] == [0, 1, 2, 4]
    assert first[1] != os.getpid()


def test_made_in_order_forgets_a_value_once_given():
    made = MadeInOrder({"a": lambda: "A", "b": lambda: "B"})
    assert made.pop("a") == "A"
    with pytest.raises(KeyError):
        made.pop("a")


def test_made_in_order_without_parallelism_makes_everything_here_at_once():
    calls = []
    made = MadeInOrder({"a": lambda: calls.append("a") or os.getpid()}, in_parallel=False)
    assert calls == ["a"] and made.pop("a") == os.getpid()


def test_made_in_order_raises_the_childs_failure_when_a_value_it_did_not_make_is_asked():
    def fails() -> str:
        raise KeyError("trang thứ hai hỏng")

    made = MadeInOrder({"a": lambda: "A", "b": fails, "c": lambda: "C"})
    assert made.pop("a") == "A"
    with pytest.raises(BackgroundJobFailed, match="KeyError: 'trang thứ hai hỏng'"):
        made.pop("c")


def test_map_in_two_shares_the_work_between_two_processes_and_keeps_the_order():
    items = list(range(5))
    mapped = map_in_two(lambda n: (n, os.getpid()), items)
    assert [n for n, _ in mapped] == items
    assert len({pid for _, pid in mapped}) == 2
    assert {pid for _, pid in map_in_two(lambda n: (n, os.getpid()), items, in_parallel=False)} == {os.getpid()}


def test_a_failure_in_the_parents_half_is_raised():
    def make(n: int) -> int:
        if n == 2:
            raise KeyError("mục thứ ba")
        return n

    with pytest.raises(KeyError):
        map_in_two(make, list(range(4)))


def test_streamed_map_computes_in_another_process_and_gives_each_value_by_key():
    streamed = StreamedMap(lambda item: (item * 2, os.getpid()))
    for n in range(50):
        streamed.put(f"k{n}", n)
    order = [7, *[n for n in range(50) if n != 7]]  # k7 first: k0…k6 arrive before it and wait
    values = [streamed.pop(f"k{n}") for n in order]
    assert [value for value, _ in values] == [n * 2 for n in order]
    assert os.getpid() not in {pid for _, pid in values}
    with pytest.raises(KeyError):
        streamed.pop("k7")  # given once


def test_streamed_map_takes_items_without_making_the_parent_wait_for_their_values():
    streamed = StreamedMap(lambda item: time.sleep(0.5) or len(item))
    started = time.monotonic()
    for n in range(20):  # 2 MB, twice what the pipe holds: computing as they came would take 5 s
        streamed.put(n, "x" * 100_000)
    assert time.monotonic() - started < 2
    assert streamed.pop(0) == 100_000
    streamed.cancel()


def test_streamed_map_without_parallelism_computes_in_this_process_when_put():
    computed = []
    streamed = StreamedMap(lambda item: computed.append(item) or os.getpid(), in_parallel=False)
    streamed.put("a", 1)
    assert computed == [1]
    assert streamed.pop("a") == os.getpid()


def test_streamed_map_raises_the_childs_failure_after_the_parent_has_put_everything():
    def fails_on_three(item: tuple[int, str]) -> int:
        if item[0] == 3:
            raise ValueError("mục thứ tư hỏng")
        return item[0]

    streamed = StreamedMap(fails_on_three)
    for n in range(1000):  # 1 MB: far more than a pipe holds once the child has stopped reading
        streamed.put(n, (n, "x" * 1000))
    with pytest.raises(BackgroundJobFailed, match="ValueError: mục thứ tư hỏng"):
        for n in range(4):  # the failure surfaces at the latest when its item's value is asked
            assert streamed.pop(n) == n


def test_streamed_map_child_finishes_when_the_parent_stops_sending_without_the_end_mark():
    streamed = StreamedMap(lambda item: item * 2)
    streamed.put("a", 1)
    streamed._pipe.close()  # as if the parent had died: the child must not wait for more
    streamed._pipe = None

    def hung(signum, frame):
        streamed.cancel()
        raise AssertionError("the child still waits for items")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        assert streamed.pop("a") == 2
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_streamed_map_cancel_stops_the_child():
    streamed = StreamedMap(lambda item: time.sleep(30))
    streamed.put("a", 1)
    started = time.monotonic()
    streamed.cancel()
    assert time.monotonic() - started < 5
