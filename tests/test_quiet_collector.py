"""A preview's garbage collected after its reload (plankb.preview.QuietCollector): the last build's
cycles freed, what survives frozen (the next build's collections skip it), and frozen objects that
became garbage freed once the frozen ones have grown by half; a build that came before the quiet
holds what is alive frozen, uncollected; between two of its calls nothing is collected."""
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
    gc.enable()


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


def test_a_build_before_the_quiet_holds_what_is_alive_uncollected_until_a_full_collection(collector):
    collector.settle()
    gc.disable()  # no collection of its own between the lines below
    holder: list = []
    late, kept = cycle(holder), Node()
    holder.clear()  # garbage in a cycle, not collected yet
    collector.hold()
    assert not tracked(kept) and late() is not None  # frozen: not walked, not freed
    grown = [Node() for _ in range(gc.get_freeze_count())]
    collector.settle()
    assert late() is None and grown


@pytest.mark.parametrize("after", ["settle", "hold"])
def test_a_rebuild_collects_nothing_itself_its_garbage_waits_for_the_quiet(collector, after):
    getattr(collector, after)()
    late = cycle()
    allocated = [Node() for _ in range(10 * gc.get_threshold()[0])]  # enough to start collections, were they on
    assert late() is not None and allocated
    collector.settle()
    assert late() is None
