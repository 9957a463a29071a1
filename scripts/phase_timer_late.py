"""Measurement only: the late marks of phase_timer_early.py (see there), and the report line."""
from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

import phase_timer_early as timer  # loaded first (listed first in the corpus's mkdocs.yml)

log = logging.getLogger("mkdocs.hooks.phase_timer")


@event_priority(-100)
def on_files(files, config):
    timer.mark("on_files")
    return files


@event_priority(-100)
def on_nav(nav, config, files):
    timer.mark("nav")
    return nav


@event_priority(-100)
def on_post_build(config):
    timer.mark("post_build")
    steps = [f"{name}={t - timer.marks[i][1]:.2f}" for i, (name, t) in enumerate(timer.marks[1:])]
    core = [f"{name}={seconds:.2f}" for name, seconds in timer.core_times.items()]
    log.info(f"BUILD STARTED AT {timer.started_at:.3f}")
    log.info("PHASES " + " ".join(steps) + " | CORE " + " ".join(core))
