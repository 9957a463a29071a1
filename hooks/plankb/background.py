"""Work in forked child processes while the parent goes on.

MkDocs renders pages on one core; the machine has more. A child inherits the loaded corpus
through fork (nothing is pickled on the way in) and sends back its result, pickled, through a
pipe — strings, which pickle at the speed of a copy. Fork is only safe without other threads:
`mkdocs serve` runs its server in threads, so the adapter does everything in one process there.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")
X = TypeVar("X")
Y = TypeVar("Y")


class BackgroundJobFailed(RuntimeError):
    pass


class BackgroundJob(Generic[T]):
    """`compute()` run in a forked child; `result()` waits for its value."""

    def __init__(self, compute: Callable[[], T], nice: int = 0) -> None:
        read_end, write_end = os.pipe()
        sys.stdout.flush()  # or the child would print the parent's buffered output again
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: compute, send, leave without the parent's exit handlers
            os.close(read_end)
            status = 0
            try:
                os.nice(nice)
                outcome = ("ok", compute())
            except BaseException:
                status, outcome = 1, ("failed", traceback.format_exc())
            try:
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(status)
        os.close(write_end)
        self._pipe = os.fdopen(read_end, "rb")
        self.done = False

    def result(self) -> T:
        """The child's value; BackgroundJobFailed with its traceback if it failed."""
        try:
            kind, value = pickle.load(self._pipe)
        except EOFError:
            kind, value = "failed", "tiến trình nền dừng mà không trả kết quả"
        finally:
            self._pipe.close()
            os.waitpid(self.pid, 0)
            self.done = True
        if kind != "ok":
            raise BackgroundJobFailed(value)
        return value

    def cancel(self) -> None:
        if not self.done:
            os.kill(self.pid, signal.SIGTERM)
            self._pipe.close()
            os.waitpid(self.pid, 0)
            self.done = True


def map_in_two(function: Callable[[X], Y], items: list[X], in_parallel: bool = True) -> list[Y]:
    """[function(item) for item in items]; with `in_parallel`, a forked child does every other
    item meanwhile (results come back pickled: worth it when `function` costs more than that)."""
    if not in_parallel or len(items) < 2:
        return [function(item) for item in items]
    job = BackgroundJob(lambda: [function(item) for item in items[1::2]])
    try:
        ours = [function(item) for item in items[::2]]
    except BaseException:
        job.cancel()
        raise
    theirs = job.result()
    return [ours[n // 2] if n % 2 == 0 else theirs[n // 2] for n in range(len(items))]


def make_all(makers: dict[str, Callable[[], str]], in_parallel: bool = True) -> dict[str, str]:
    """Every maker's result by key, in the order of `makers` (see map_in_two)."""
    keys = list(makers)
    return dict(zip(keys, map_in_two(lambda key: makers[key](), keys, in_parallel), strict=True))


class StreamedMap(Generic[K, X, Y]):
    """`function(item)` for items handed over one by one while the parent goes on producing them;
    `results()` waits for them all. With `in_parallel`, a forked child computes them as they come
    (through a pipe); otherwise each is computed when it is put."""

    def __init__(self, function: Callable[[X], Y], in_parallel: bool = True, nice: int = 0) -> None:
        self._keys: list[K] = []
        self._values: list[Y] = []
        self._function = function
        self._job: BackgroundJob[list[Y]] | None = None
        if not in_parallel:
            return
        read_end, write_end = os.pipe()

        def compute_each() -> list[Y]:
            os.close(write_end)  # the parent's end: the child must not hold it open
            with os.fdopen(read_end, "rb") as items:
                return [function(item) for item in iter(lambda: pickle.load(items), None)]

        self._job = BackgroundJob(compute_each, nice=nice)
        os.close(read_end)
        self._pipe = os.fdopen(write_end, "wb")

    def put(self, key: K, item: X) -> None:
        """Hand over an item (never None: None ends the stream)."""
        self._keys.append(key)
        if self._job is None:
            self._values.append(self._function(item))
            return
        try:
            pickle.dump(item, self._pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # the child failed: results() raises its traceback
            pass

    def results(self) -> dict[K, Y]:
        """Every value by key, in the order put; BackgroundJobFailed if the child failed."""
        if self._job is not None:
            try:
                pickle.dump(None, self._pipe)
                self._pipe.close()
            except BrokenPipeError:
                pass
            self._values = self._job.result()
        return dict(zip(self._keys, self._values, strict=True))

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            try:
                self._pipe.close()
            except BrokenPipeError:
                pass
