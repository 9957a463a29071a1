"""Measurement only: scripts/bench_preview.py adds this hook and phase_timer_late.py to a synthetic
corpus's mkdocs.yml. Together they log, at the end of every build, how long each step took: the
core's steps inside `on_config` (load and validate, page listing, page generation with terms and
search documents, downloads and indexes), then MkDocs's (files and nav, Markdown → HTML, templates
and writing, post-build). The core's functions are wrapped for the time of the benchmark; no output
changes. MkDocs calls one function per event and hook module: the early marks are taken here
(priority 100), the late ones in phase_timer_late.py (priority -100)."""
from __future__ import annotations

import sys
import time
from functools import wraps

from mkdocs.plugins import event_priority

# MkDocs names a hook module by its path in mkdocs.yml: the late hook finds this one by its plain name.
sys.modules.setdefault("phase_timer_early", sys.modules[__name__])
marks: list[tuple[str, float]] = []
started_at = 0.0  # the wall clock when the build's on_config began: the benchmark knows when it wrote the edit
core_times: dict[str, float] = {}


def mark(name: str) -> None:
    marks.append((name, time.perf_counter()))


def _timed(name: str, function):
    @wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            core_times[name] = core_times.get(name, 0.0) + time.perf_counter() - started
    wrapper.timed = True  # type: ignore[attr-defined]
    return wrapper


def _patch() -> None:
    from plankb import generate, site_files
    if getattr(site_files.load_corpus, "timed", False):
        return
    site_files.make_site = _timed("make_site", site_files.make_site)
    site_files.Site.close = _timed("close-old-site", site_files.Site.close)
    site_files.load_corpus = _timed("load", site_files.load_corpus)
    generate.build = _timed("list", generate.build)
    site_files.map_in_two = _timed("pages", site_files.map_in_two)
    site_files.Downloads = _timed("downloads+indexes", site_files.Downloads)
    site_files._handwritten_documents = _timed("handwritten", site_files._handwritten_documents)
    hook = next((m for name, m in sys.modules.items() if name.endswith("mkdocs_hooks.py")), None)
    if hook is not None:  # the adapter's own steps of a dirty preview
        for name, label in (("_indexes_copied", "wait-indexes"), ("_dirty_files", "dirty-files")):
            if hasattr(hook, name):
                setattr(hook, name, _timed(label, getattr(hook, name)))


@event_priority(100)
def on_config(config):
    global started_at
    started_at = time.time()
    marks.clear()
    core_times.clear()
    _patch()
    mark("start")
    return config


@event_priority(-100)
def on_pre_build(config):
    mark("on_config")


@event_priority(100)
def on_files(files, config):
    mark("get_files")
    return files


@event_priority(100)
def on_env(env, config, files):
    mark("markdown")
    return env


@event_priority(100)
def on_post_build(config):
    mark("templates")
