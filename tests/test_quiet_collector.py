"""A preview's garbage collected after its reload (plankb.preview.QuietCollector): the last build's
cycles freed, what survives frozen (the next build's collections skip it), and frozen objects that
became garbage freed once the frozen ones have grown by half."""
import gc
import weakref

import pytest

from plankb.preview import QuietCollector


class Node:
    pass


def cycle(holder: list | None = None) -> weakref.ref:
    a, b = Node(), Node()
    a.other, b.other = b, a
    if holder is not None:
        holder.append(a)
    return weakref.ref(a)


def tracked(obj: object) -> bool:
    """Whether the collector still walks `obj` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


@pytest.fixture
def collector():
    yield QuietCollector()
    gc.unfreeze()


def test_the_last_builds_cycles_are_freed_and_what_survives_is_frozen(collector):
    garbage, kept = cycle(), Node()
    collector.settle()
    assert garbage() is None
    assert gc.get_freeze_count() > 0 and not tracked(kept)


def test_frozen_garbage_is_freed_once_the_frozen_objects_grew_by_half(collector):
    collector.settle()
    holder: list = []
    late = cycle(holder)
    collector.settle()  # frozen while still in use
    holder.clear()  # then garbage, in a cycle: only a full collection frees it
    collector.settle()
    assert late() is not None
    grown = [Node() for _ in range(gc.get_freeze_count())]
    collector.settle()
    assert late() is None and grown
