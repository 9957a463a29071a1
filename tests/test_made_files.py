"""Files the core makes for the engine besides the pages: downloads and search index bundles."""
import functools
import gc
import threading
import time
import weakref

import pytest

from plankb import site_files
from plankb.background import Cancelled
from plankb.site_files import AT_ONCE, ON_WAIT, Downloads


def test_bundles_are_made_without_the_cyclic_collector_which_is_on_again_after(tmp_path):
    seen = []

    files = {"tim-kiem/s/0/1.js": "KH_IDX();\n", "tim-kiem/chi-muc.js": "KH_IDX();\n"}

    def bundle(stop=None):
        seen.append(gc.isenabled())
        return files.items()

    assert gc.isenabled()
    made = Downloads({}, AT_ONCE, [bundle], folder=tmp_path)
    assert seen == [False] and gc.isenabled()
    assert made.texts() == files


def test_a_bundles_files_are_written_as_it_makes_them_and_counted(tmp_path):
    """A bundle's files are on disk before it makes the next (the search index at 1,000 plans is
    265 MB of text: it is never all held at once), and the report counts them."""
    on_disk_before = []

    def bundle(stop):
        for n in range(3):
            on_disk_before.append(sorted(p.name for p in (tmp_path / "t").glob("*.js")) if n else [])
            yield f"t/{n}.js", f"KH_IDX({n});\n"

    made = Downloads({}, AT_ONCE, [bundle], folder=tmp_path)
    assert on_disk_before == [[], ["0.js"], ["0.js", "1.js"]]
    assert [files for files, _, _ in made.report()] == [3]


def test_a_preview_removes_its_last_sites_files_in_another_process(tmp_path):
    """site_files.remove_in_background: the folders go, deleted by a process of their own (the
    preview's next build keeps the GIL), every file in them included."""
    folders = [tmp_path / "tai-ve", tmp_path / "chi-muc"]
    for folder in folders:
        for n in range(50):
            (folder / f"s/{n % 5}").mkdir(parents=True, exist_ok=True)
            (folder / f"s/{n % 5}/{n}.js").write_text("KH_IDX();\n", encoding="utf-8")
    site_files.remove_in_background(folders)
    deadline = time.monotonic() + 20
    while any(f.exists() for f in folders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(f.exists() for f in folders)
    assert (tmp_path).is_dir()


def test_bundles_still_being_made_stop_when_cancelled_and_are_never_copied(tmp_path):
    """A preview makes its indexes in a thread after the reload; its next build cancels them from
    another thread: the bundle stops at its next look at the flag, the next bundle never starts,
    and waiting again does not hand over the half-made files."""
    started, later = threading.Event(), []

    def long_index(stop):
        started.set()
        while True:
            stop.check()
            time.sleep(0.01)

    def next_bundle(stop):
        later.append(stop)
        return ()

    made = Downloads({}, ON_WAIT, [long_index, next_bundle], folder=tmp_path)
    outcome = []

    def wait():
        try:
            made.wait()
        except Cancelled:
            outcome.append("cancelled")

    thread = threading.Thread(target=wait)
    thread.start()
    assert started.wait(10)
    made.cancel_job()
    thread.join(10)
    assert not thread.is_alive() and outcome == ["cancelled"] and later == []
    with pytest.raises(Cancelled):
        made.wait()


def test_a_download_made_in_parts_is_written_as_they_come_and_seen_only_once_whole(tmp_path):
    """ke-hoach.json comes plan by plan: the parts are written as they come (never joined),
    under a temporary name, and the file appears with all of them (a reader never sees half)."""
    seen = []

    def parts():
        for n in range(3):
            seen.append((tmp_path / "du-lieu/ke-hoach.json").exists())
            yield f"phần {n};"

    made = Downloads({"du-lieu/ke-hoach.json": parts}, AT_ONCE, folder=tmp_path)
    assert made.texts() == {"du-lieu/ke-hoach.json": "phần 0;phần 1;phần 2;"}
    assert seen == [False, False, False]


def test_each_bundle_is_let_go_once_made_with_what_it_holds(tmp_path):
    """A build's child lets its corpus go before the header search's index: the finder's
    bundle, which holds the corpus, is let go before the next bundle starts."""
    class Corpus:
        pass

    held = Corpus()
    gone_before_next = []
    corpus = weakref.ref(held)

    def next_bundle(stop):
        gc.collect()
        gone_before_next.append(corpus() is None)
        return ()

    made = Downloads({}, ON_WAIT, [functools.partial(lambda kept, stop: (), held), next_bundle], folder=tmp_path)
    del held
    made.wait()
    assert gone_before_next == [True]
