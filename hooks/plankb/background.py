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
import traceback
from collections import deque
from collections.abc import Callable
from typing import BinaryIO, Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")
X = TypeVar("X")
Y = TypeVar("Y")


class BackgroundJobFailed(RuntimeError):
    pass


def _pipe() -> tuple[int, int]:
    """A pipe that holds 1 MiB (Linux's limit without privileges) instead of 64 KiB, where
    allowed: a process that writes pages need not wait each time the other side is busy."""
    import fcntl  # POSIX only, as fork is: imported when a child is started, not by validation

    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    return read_end, write_end


class BackgroundJob(Generic[T]):
    """`compute()` run in a forked child; `result()` waits for its value."""

    def __init__(self, compute: Callable[[], T], nice: int = 0) -> None:
        read_end, write_end = _pipe()
        sys.stdout.flush()  # or the child would print the parent's buffered output again
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: compute, send, leave without the parent's exit handlers
            os.close(read_end)
            status = 0
            try:
                os.nice(nice)
                outcome: tuple[str, object] = ("ok", compute())
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

    def ready(self) -> bool:
        """Whether result() returns without waiting: the child has sent its value, or stopped."""
        return self.done or bool(select.select([self._pipe], [], [], 0)[0])

    def cancel(self) -> None:
        if not self.done:
            os.kill(self.pid, signal.SIGTERM)
            self._pipe.close()
            os.waitpid(self.pid, 0)
            self.done = True


def map_in_two(function: Callable[[X], Y], items: list[X], in_parallel: bool = True) -> list[Y]:
    """[function(item) for item in items]; with `in_parallel`, a forked child does every other
    item meanwhile (results come back pickled: worth it when `function` costs more than that)."""
    if not in_parallel or len(items) < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    job = BackgroundJob(lambda: [function(item) for item in items[1::2]])
    try:
        ours = [function(item) for item in items[::2]]
    except BaseException:
        job.cancel()
        raise
    theirs = job.result()
    return [ours[n // 2] if n % 2 == 0 else theirs[n // 2] for n in range(len(items))]


class _Arriving(Generic[K, T]):
    """Values a child sends through a pipe as (key, value) pairs, read when first asked for:
    the ones that arrive before are kept until asked."""

    def __init__(self) -> None:
        self._values: dict[K, T] = {}
        self._job: BackgroundJob[None] | None = None

    def start(self, send_all: Callable[[Callable[[K, T], None]], None], nice: int) -> None:
        """Fork a child that runs `send_all(send)`."""
        read_end, write_end = _pipe()

        def in_child() -> None:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                def send(key: K, value: T) -> None:
                    pickle.dump((key, value), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.flush()  # the parent may be waiting for this one
                send_all(send)

        self._job = BackgroundJob(in_child, nice=nice)
        os.close(write_end)
        self._pipe = os.fdopen(read_end, "rb")

    def keep(self, key: K, value: T) -> None:
        self._values[key] = value

    def pop(self, key: K) -> T:
        self.wait_for(key)
        return self._values.pop(key)

    def wait_for(self, key: K) -> None:
        """Read until `key` has arrived; BackgroundJobFailed if the child failed first."""
        while key not in self._values and self._job is not None:
            try:
                arrived, value = pickle.load(self._pipe)
            except EOFError:  # the child has stopped: raises its failure, if any
                self._pipe.close()
                job, self._job = self._job, None
                job.result()
                break
            self._values[arrived] = value

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._pipe.close()
            self._job = None


class MadeInOrder(Generic[K, T]):
    """The values of `makers`, made one after the other in a forked child while the parent goes
    on, read when the parent asks for one. Without `in_parallel`, all are made at once, here."""

    def __init__(self, makers: dict[K, Callable[[], T]], in_parallel: bool = True, nice: int = 0) -> None:
        self._made: _Arriving[K, T] = _Arriving()
        if not in_parallel:
            for key, make in makers.items():
                self._made.keep(key, make())
            return

        def make_each(send: Callable[[K, T], None]) -> None:
            for key, make in makers.items():
                send(key, make())

        self._made.start(make_each, nice)

    def pop(self, key: K) -> T:
        """The value of `makers[key]`, waiting for it if needed, then forgotten (each is read once:
        kept, they would double the memory pages take); BackgroundJobFailed if the child failed."""
        return self._made.pop(key)

    def cancel(self) -> None:
        self._made.cancel()


class StreamedMap(Generic[K, X, Y]):
    """`function(item)` for items handed over one by one while the parent goes on producing them;
    `pop(key)` gives a value once every item has been put. With `in_parallel`, a forked child
    computes the values as the items come and sends them back in the order put, when asked;
    otherwise each is computed when it is put.

    In the child a thread takes the items off the pipe as they come, so the parent never waits
    to put one even while the child is behind (at a low priority, it works when its core has
    time); what is still to compute once the last item is in is computed as the parent asks."""

    def __init__(self, function: Callable[[X], Y], in_parallel: bool = True, nice: int = 0) -> None:
        self._function = function
        self._computed: _Arriving[K, Y] = _Arriving()
        self._pipe: BinaryIO | None = None
        if not in_parallel:
            return
        read_end, write_end = _pipe()

        def compute_each(send: Callable[[K, Y], None]) -> None:
            os.close(write_end)  # the parent's end: the child must not hold it open
            waiting: deque[tuple[K, X]] = deque()
            arrived = threading.Semaphore(0)  # one release per item, one more at the end
            ended = threading.Event()

            def take_items() -> None:
                try:
                    with os.fdopen(read_end, "rb") as items:
                        for key_item in iter(lambda: pickle.load(items), None):
                            waiting.append(key_item)
                            arrived.release()
                finally:  # the end, or the parent gone (EOFError): either way no item is coming
                    ended.set()
                    arrived.release()

            threading.Thread(target=take_items, daemon=True).start()
            computed: deque[tuple[K, Y]] = deque()
            while arrived.acquire() and not ended.is_set():
                key, item = waiting.popleft()
                computed.append((key, function(item)))
            while computed:
                send(*computed.popleft())
            while waiting:
                key, item = waiting.popleft()
                send(key, function(item))

        self._computed.start(compute_each, nice)
        os.close(read_end)
        self._pipe = os.fdopen(write_end, "wb")

    def put(self, key: K, item: X) -> None:
        if self._pipe is None:
            self._computed.keep(key, self._function(item))
            return
        with contextlib.suppress(BrokenPipeError):  # the child failed: pop() raises why
            pickle.dump((key, item), self._pipe, protocol=pickle.HIGHEST_PROTOCOL)

    def pop(self, key: K) -> Y:
        """The value for `key` (KeyError if never put); the first call ends the stream of items.
        BackgroundJobFailed if the child failed."""
        self._end_items()
        return self._computed.pop(key)

    def cancel(self) -> None:
        self._computed.cancel()
        if self._pipe is not None:
            pipe, self._pipe = self._pipe, None
            with contextlib.suppress(BrokenPipeError):
                pipe.close()

    def _end_items(self) -> None:
        if self._pipe is not None:
            pipe, self._pipe = self._pipe, None
            with contextlib.suppress(BrokenPipeError):  # the child failed: pop() raises why
                pickle.dump(None, pipe)
                pipe.close()
