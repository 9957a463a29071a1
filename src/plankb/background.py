"""Work in forked child processes while the parent goes on.

MkDocs renders pages on one core; the machine has more. A child inherits the loaded corpus
through fork (nothing is pickled on the way in) and sends back its result, pickled, through a
pipe — strings, which pickle at the speed of a copy. Fork is only safe without other threads:
`mkdocs serve` runs its server in threads, so the adapter does everything in one process there.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")
X = TypeVar("X")
Y = TypeVar("Y")


class BackgroundJobFailed(RuntimeError):
    pass


class Cancelled(Exception):
    """Work stopped because its result is no longer wanted (StopFlag)."""


class StopFlag:
    """Set by one thread, looked at by the work of another between its steps: a preview's
    search indexes, made in a thread after the reload, stop as soon as the sources change again
    instead of making the next build wait for an index no one will read."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._also: Callable[[], bool] | None = None
        self._every, self._next = 0.0, 0.0

    def set(self) -> None:
        self._event.set()

    def also_when(self, test: Callable[[], bool], every: float) -> None:
        """Set as well once `test()` is true, which `check` asks at most every `every` seconds:
        a preview's indexes stop as soon as a source is saved, not once the engine noticed and
        loaded its configuration, slowed down meanwhile by them."""
        self._also, self._every = test, every

    def check(self) -> None:
        """Raises Cancelled once set."""
        if self._also is not None and not self._event.is_set() and time.monotonic() >= self._next:
            self._next = time.monotonic() + self._every
            if self._also():
                self._event.set()
        if self._event.is_set():
            raise Cancelled


def _pipe() -> tuple[int, int]:
    """A pipe that holds 1 MiB (Linux's limit without privileges) instead of 64 KiB, where
    allowed: a process that writes pages need not wait each time the other side is busy."""
    import fcntl  # POSIX only, as fork is: imported when a child is started, not by validation

    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    return read_end, write_end


class ChildProcess:
    """`work(send)` run in a forked child; each value it passes to `send`, in order, comes out of
    `receive()` (BackgroundJobFailed with the child's traceback once it failed)."""

    def __init__(self, work: Callable[[Callable[[object], None]], None], nice: int = 0) -> None:
        read_end, write_end = _pipe()
        sys.stdout.flush()  # or the child would print the parent's buffered output again
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: work, send, leave without the parent's exit handlers
            os.close(read_end)
            status = 0
            pipe = os.fdopen(write_end, "wb")

            def send(value: object) -> None:
                pickle.dump(("ok", value), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()

            try:
                os.nice(nice)
                work(send)
            except BaseException:
                status = 1
                with contextlib.suppress(BaseException):
                    pickle.dump(("failed", traceback.format_exc()), pipe)
            finally:
                with contextlib.suppress(BaseException):
                    pipe.close()
                os._exit(status)
        os.close(write_end)
        self._pipe = os.fdopen(read_end, "rb")
        self.done = False

    def receive(self) -> Any:
        try:
            kind, value = pickle.load(self._pipe)
        except EOFError:
            kind, value = "failed", "tiến trình nền dừng mà không trả kết quả"
        if kind != "ok":
            self.end()
            raise BackgroundJobFailed(value)
        return value

    def ready(self) -> bool:
        """Whether receive() returns without waiting (the child sent more, or stopped); at
        worst a value read ahead into the buffer is not seen, and the caller waits briefly."""
        return self.done or bool(select.select([self._pipe], [], [], 0)[0])

    def end(self) -> None:
        """After the last value: the child's exit."""
        if not self.done:
            self._pipe.close()
            os.waitpid(self.pid, 0)
            self.done = True

    def cancel(self) -> None:
        if not self.done:
            os.kill(self.pid, signal.SIGTERM)
            self.end()


class BackgroundJob(Generic[T]):
    """`compute()` run in a forked child; `result()` waits for its value."""

    def __init__(self, compute: Callable[[], T], nice: int = 0) -> None:
        self._child = ChildProcess(lambda send: send(compute()), nice)
        self.pid = self._child.pid

    @property
    def done(self) -> bool:
        return self._child.done

    def result(self) -> T:
        """The child's value; BackgroundJobFailed with its traceback if it failed."""
        try:
            return self._child.receive()
        finally:
            self._child.end()

    def ready(self) -> bool:
        """Whether result() returns without waiting: the child has sent its value, or stopped."""
        return self._child.ready()

    def cancel(self) -> None:
        self._child.cancel()


def map_in_two(function: Callable[[X], Y], items: list[X], in_parallel: bool = True) -> list[Y]:
    """[function(item) for item in items]; with `in_parallel`, a forked child does every other
    item meanwhile (results come back pickled: worth it when `function` costs more than that).
    The child sends each result as it is made and this process takes them in between its own:
    neither holds the child's half twice (at 1,000 plans, the pages' search documents were the
    build's peak as the child handed them over at the end)."""
    if not in_parallel or len(items) < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]

    def their_half(send: Callable[[object], None]) -> None:
        for item in items[1::2]:
            send(function(item))

    child, expected = ChildProcess(their_half), len(items) // 2
    ours: list[Y] = []
    theirs: list[Y] = []
    try:
        for item in items[::2]:
            ours.append(function(item))
            while len(theirs) < expected and child.ready():
                theirs.append(child.receive())
        while len(theirs) < expected:
            theirs.append(child.receive())
    except BaseException:
        child.cancel()
        raise
    child.end()
    return [ours[n // 2] if n % 2 == 0 else theirs[n // 2] for n in range(len(items))]
