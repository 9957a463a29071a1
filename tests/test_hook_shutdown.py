"""A preview stopped while its last build's downloads and indexes are still being made (on_shutdown)."""
import threading
import time
from pathlib import Path

import pytest

from plankb.background import Cancelled, StopFlag
from test_compiled_templates import _hook


class Made:  # what the preview's thread asks of a Site's downloads or indexes
    def __init__(self) -> None:
        self.stop = StopFlag()

    def wait(self) -> None:  # a minute of work at 1,000 plans, looking at its flag between steps
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.stop.check()
            time.sleep(0.01)

    def cancel_job(self) -> None:
        self.stop.set()


class Site:
    def __init__(self) -> None:
        self.downloads, self.indexes, self.closed = Made(), Made(), False

    def close(self) -> None:
        self.closed = True


class Cache:
    def downloads(self, downloads: Made, site_dir: Path) -> None:
        pass


class Collector:
    def hold(self) -> None:
        pass


def test_stopping_a_preview_stops_its_indexes_instead_of_waiting_for_them(tmp_path):
    hook = _hook()
    site = Site()
    hook.state.site, hook.state.cache, hook.state.collector, hook.state.cancelled = site, Cache(), Collector(), Cancelled
    hook.state.indexing = threading.Thread(target=hook._files_later, args=(site, tmp_path), daemon=True)
    hook.state.indexing.start()
    started = time.monotonic()
    hook.on_shutdown()
    assert time.monotonic() - started < 5
    assert site.closed
    with pytest.raises(Cancelled):
        site.indexes.stop.check()
    assert hook.state.indexing is None and hook.state.site is None
