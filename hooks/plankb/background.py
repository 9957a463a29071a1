"""Run a job in a forked child process while the parent goes on.

MkDocs renders pages on one core; a job whose output nothing else in the build reads (the duty
finder's index, the JSON export) can run on another core meanwhile. The child inherits the
loaded corpus through fork (nothing is pickled) and reports only failure, with its traceback.
"""
from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable


class BackgroundJobFailed(RuntimeError):
    pass


class BackgroundJob:
    def __init__(self, job: Callable[[], None]) -> None:
        read_end, write_end = os.pipe()
        sys.stdout.flush()  # or the child would print the parent's buffered output again
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: run, say what failed, leave without the parent's exit handlers
            os.close(read_end)
            status = 0
            try:
                job()
            except BaseException:
                status = 1
                with os.fdopen(write_end, "w", encoding="utf-8") as report:
                    report.write(traceback.format_exc())
            finally:
                os._exit(status)
        os.close(write_end)
        self._report = os.fdopen(read_end, encoding="utf-8")
        self.done = False

    def wait(self) -> None:
        """Block until the job ends; raise BackgroundJobFailed with its traceback if it failed."""
        if self.done:
            return
        report = self._report.read()  # end of file when the child exits
        self._report.close()
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if os.waitstatus_to_exitcode(status) != 0:
            raise BackgroundJobFailed(report or f"tiến trình nền kết thúc với mã {os.waitstatus_to_exitcode(status)}")

    def cancel(self) -> None:
        if not self.done:
            os.kill(self.pid, signal.SIGTERM)
            self._report.close()
            os.waitpid(self.pid, 0)
            self.done = True
