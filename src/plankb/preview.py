"""What a live preview re-renders after an edit (the adapter's `mkdocs serve --dirty`).

An engine's dirty build re-renders a page only when its source is newer than its output. The
generated files are therefore kept in a folder (`PageCache`), each rewritten only when its content
changed; `Rerender` tells the adapter, for each build, which outputs to forget: every one when
what every page depends on changed (the set of files — hence the nav and every relative link —,
the engine's configuration, the core's code), else the generated files whose content changed and
the hand-written pages whose output changes with the sources (citations, glossary links, the
offline copy's paragraph). Nothing here depends on an engine.
"""
from __future__ import annotations

import gc
import hashlib
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

from plankb.temp_folders import new_folder

T = TypeVar("T")

EVERYTHING = None  # Rerender.outputs_to_forget's answer when every output must be made again


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class PageCache:
    """The generated files of a preview, site path → a file in `folder` rewritten only when its
    content changed (so its modification time says when it last changed)."""

    def __init__(self) -> None:
        self.folder = new_folder("xem-truoc")
        self._digests: dict[str, bytes] = {}
        self._texts: dict[str, str] = {}  # the last texts: a text kept by the core is the same object

    def file(self, path: str) -> Path:
        return self.folder / path

    def update(self, files: dict[str, str]) -> set[str]:
        """Write the files whose content changed, remove the ones gone; their site paths."""
        changed = set()
        digests = {}
        for path, content in files.items():
            if self._texts.get(path) is content:
                digests[path] = self._digests[path]
                continue
            data = content.encode("utf-8")
            digests[path] = digest = _digest(data)
            if self._digests.get(path) != digest:
                target = self.file(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                changed.add(path)
        for path in self._digests.keys() - digests.keys():
            self.file(path).unlink(missing_ok=True)
            changed.add(path)
        self._digests, self._texts = digests, dict(files)
        return changed

    def downloads(self, made: Any, site_dir: Path | None = None) -> Path:
        """The folder of the downloads an engine copies into the site: the last ones made, kept
        here. Made now (`made.wait()`) when there are none yet, or when `site_dir` is given
        (after the build: then also copied into it, over the last ones)."""
        folder = self.folder / ".tai-ve"
        if site_dir is not None or not all((folder / path).is_file() for path in made.paths):
            made.wait()
            made.copy_into(folder)
            if site_dir is not None:
                made.copy_into(site_dir)
        return folder

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Rerender:
    """Remembers what the last preview build rendered from; says what the next one must redo."""

    def __init__(self) -> None:
        self._everything: bytes | None = None
        self._hand_written: dict[str, bytes] = {}

    def outputs_to_forget(self, all_paths: Iterable[str], settings: bytes, changed: set[str],
                          hand_written: dict[str, str]) -> set[str] | None:
        """`all_paths`: every file the engine builds from; `settings`: the engine's configuration
        and what else every page depends on; `changed`: generated files whose content changed
        (PageCache.update); `hand_written`: each hand-written page's source path → everything its
        output depends on besides its own file (its text as the engine gets it, the glossary).
        EVERYTHING, or the site paths whose outputs must be made again."""
        everything = _digest(b"\0".join(sorted(p.encode("utf-8") for p in all_paths)) + b"\1" + settings)
        inputs = {path: _digest(text.encode("utf-8")) for path, text in hand_written.items()}
        previous, self._everything = self._everything, everything
        previous_inputs, self._hand_written = self._hand_written, inputs
        if previous != everything:
            return EVERYTHING
        return changed | {path for path, digest in inputs.items() if previous_inputs.get(path) != digest}

    def forget(self) -> None:
        """After a failed build (outputs half made): the next build makes every output again."""
        self._everything = None


class KeptPerPlan(Generic[T]):
    """Between the loads of a preview: a value computed from each plan, kept while the plan is the
    same object (the loader keeps a plan whose file did not change) and what else the value is
    computed from is equal: what every plan's is (`start`'s `depends`), and this plan's own
    (`get`'s `depends`)."""

    def __init__(self) -> None:
        self._depends: Any = None
        self._plans: dict[str, tuple[Any, Any, T]] = {}

    def start(self, depends: Any, plans: dict[str, Any]) -> None:
        """Before a load's values are asked; `plans`: its plans by id."""
        if depends != self._depends:
            self._depends, self._plans = depends, {}
        self._plans = {pid: kept for pid, kept in self._plans.items() if plans.get(pid) is kept[0]}

    def get(self, plan: Any, make: Callable[[], T], depends: Any = None) -> T:
        kept = self._plans.get(plan.id)
        if kept is None or kept[0] is not plan or kept[1] != depends:
            self._plans[plan.id] = kept = (plan, depends, make())
        return kept[2]


class KeptFor(Generic[T]):
    """Between the builds of a preview: a value computed from one object (a registry the loader
    kept: the same object while its file is unchanged), kept while that object is the same."""

    def __init__(self) -> None:
        self._kept: tuple[Any, T] | None = None

    def get(self, source: Any, make: Callable[[], T]) -> T:
        if self._kept is None or self._kept[0] is not source:
            self._kept = (source, make())
        return self._kept[1]


class Finished:
    """Between the builds of a preview: each generated page's finished text (glossary terms
    linked) and search documents, by site path, with the text its maker made, for as long as the
    spellings of the terms and the form of links stay the same (`settings`). A rebuild then links
    terms and cuts documents again only for the pages whose text changed (compared, not hashed:
    a page SamePages kept is the same object, equal at once). A term link carries no definition:
    a definition edit finishes no page again."""

    def __init__(self) -> None:
        self._settings: bytes | None = None
        self._kept: dict[str, tuple[str, Any]] = {}
        self._used: dict[str, tuple[str, Any]] = {}

    def start(self, settings: bytes) -> None:
        """Before a build; `settings`: what every page's finishing depends on."""
        if settings != self._settings:
            self._settings, self._kept = settings, {}
        self._used = {}

    def get(self, path: str, text: str, finish: Callable[[str], T]) -> T:
        kept = self._kept.get(path)
        if kept is None or kept[0] != text:
            kept = (text, finish(text))
        self._used[path] = kept
        return kept[1]

    def end(self) -> None:
        """After a build: forget the pages it did not make."""
        self._kept, self._used = self._used, {}


def _related(changed: set[str], agencies: dict[str, Any]) -> set[str]:
    """The agencies in `changed` and those whose pages show one of them through the registry
    alone: its parent, successor and members, and the agencies with one of them as such."""
    out = set(changed)
    for agency in agencies.values() if changed else ():
        refers = {agency.parent, agency.successor.agency if agency.successor else None, *agency.members}
        if agency.id in changed:
            out |= refers - {None}
        elif refers & changed:
            out.add(agency.id)
    return out


class SamePages:
    """Between the builds of a preview: the plan, agency and place pages as their makers made them
    (most of a collection's pages: an agency page per agency, and its calendar), and what they
    were made from. For the next build, `same(…)` gives those it would make again identical, so they
    are not made again.

    A plan's page shows that plan, the registries (agencies, places, documents…) and the labels
    of the plans it implements or that implement it; an agency's page, the registries and the
    plans that assign, mention or ask a report of that agency (its calendar: the deadlines of those
    reports); a place's page, the registries, a row for each plan of the place (of the places in
    it, for a province; of the places it took in) and its agencies; a sector's page, the records of
    its agencies and their duties. So once the registries, the
    number of plans and the build's settings are unchanged, a plan file's edit remakes its page,
    the pages of the plans it is linked to (before or after the edit), the pages of the agencies
    it names (before or after) and of their sectors, and those that list its place's plans;
    everything else is kept. An edit of agency records is handled as an edit of every plan
    that names one of them (or is issued by one), plus the pages of those agencies, of the
    agencies whose records refer to them or that they refer to (parent, successor, members) and
    of their places and sectors (before and after); any
    other registry edit remakes every page. tests/test_same_pages.py and tests/test_preview.py
    check the result against a full build.
    """

    def __init__(self) -> None:
        self._registries: tuple | None = None
        self._plans: dict[str, Any] = {}  # plan id → its plan
        self._links: dict[str, set[str]] = {}  # plan id → the plans it implements
        self._agencies: dict[str, set[str]] = {}  # plan id → the agencies it names
        self._places: dict[str, str] = {}  # plan id → its place
        self._pages: dict[str, str] = {}
        self._next: tuple = (None, {}, {}, {}, {})

    def same(self, corpus: Any, agencies_named: dict[str, set[str]], settings: tuple,
             plan_page: Callable[[str], str], agency_files: Callable[[str], tuple[str, ...]],
             place_pages: Callable[[str], tuple[str, ...]], sector_page: Callable[[str], str]) -> dict[str, str]:
        """Site path → text of each page kept from the last build. `agencies_named`: plan id →
        agency ids its duties, mentions and reports name, in this build; `settings`: what else
        every page depends on (links' form, the year…); `agency_files`: the site paths of an
        agency's page and of the files made from the same plans (its calendar); `place_pages`:
        the pages that list a place's plans and agencies (its own, its province's, those of the
        places that took it in); `sector_page`: a sector's page (its agencies, their duties)."""
        # Not the glossary: its terms are linked in the finished text (Finished), not by the makers.
        # The set of sectors agencies are in decides which sectors have a page (and a link); the
        # number of plans, whether a province's page lists the plans of the places in it.
        rest = (corpus.sectors, corpus.places, corpus.indicators, corpus.areas, corpus.references, settings,
                frozenset(a.sector for a in corpus.agencies.values()), len(corpus.plans))
        plans = dict(corpus.plans)  # a plan is the same object while its file is unchanged (the loader keeps it)
        links = {plan.id: set(plan.implements) & corpus.plans.keys() for plan in corpus.plans.values()}
        if self._registries is None or rest != self._registries[1]:
            kept = {}
        else:
            before = self._registries[0]
            changed = {a for a in corpus.agencies.keys() | before.keys() if corpus.agencies.get(a) != before.get(a)}
            edited = {p for p in plans.keys() | self._plans.keys() if plans.get(p) is not self._plans.get(p)}
            if changed:
                edited |= {p for p in agencies_named.keys() | self._agencies.keys()
                           if (agencies_named.get(p, set()) | self._agencies.get(p, set())) & changed}
                edited |= {plan.id for plan in corpus.plans.values() if plan.issuer in changed}
            linked = set(edited)
            for plan_id in edited:
                linked |= links.get(plan_id, set()) | self._links.get(plan_id, set())
            linked |= {p for p, parents in (links | self._links).items() if parents & edited}
            named = set().union(*(agencies_named.get(p, set()) | self._agencies.get(p, set()) for p in edited))
            named |= _related(changed, corpus.agencies) | _related(changed, before)
            remade = {plan_page(p) for p in linked} | {f for a in named if a in corpus.agencies for f in agency_files(a)}
            # A place's pages list its plans (a row each: the plan's own fields) and its agencies.
            places = {self._places[p] for p in edited if p in self._places} | {corpus.plans[p].place for p in edited if p in corpus.plans}
            places |= {agencies[a].place for agencies in (corpus.agencies, before) for a in changed if a in agencies}
            remade |= {f for place in places if place in corpus.places for f in place_pages(place)}
            # A sector's page shows its agencies (their records, their duties' count and first few).
            remade |= {sector_page(agencies[a].sector) for agencies in (corpus.agencies, before)
                       for a in named | changed if a in agencies}
            kept = {path: text for path, text in self._pages.items() if path not in remade}
        self._next = ((corpus.agencies, rest), plans, links, agencies_named,
                      {plan.id: plan.place for plan in corpus.plans.values()})
        return kept

    def remember(self, pages: dict[str, str]) -> None:
        """After a build that made every page: its plan and agency pages (site path → its maker's
        text). A build that failed midway is not remembered: the next compares with the last good one."""
        (self._registries, self._plans, self._links, self._agencies, self._places), self._pages = self._next, pages


class QuietCollector:
    """A preview's cyclic garbage collected in the quiet after a reload (`settle()`, once the
    last build's indexes are made), and what survives frozen (`gc.freeze`): the next build's
    own collections then walk only what it allocates, not the corpus and pages kept from build
    to build — without this, a full collection of all of them came in every rebuild (1.3–2 s
    of 8–9 at 1,000 plans). Frozen objects that become garbage in a cycle later are not
    collected until the frozen objects have grown by half since the last full collection:
    then everything is collected once more, so memory stays bounded. From the first build's
    settle or hold on, the collector runs only in settle: a rebuild's own collections (0.5–1 s
    of one at 1,000 plans) came before its reload, and what it leaves in cycles is little (its
    configuration, its theme, the pages it rendered)."""

    GROWTH = 1.5

    def __init__(self) -> None:
        self._after_full = 0  # objects frozen after the last full collection

    def hold(self) -> None:
        """When the next build comes before the quiet (the last one's indexes stopped): what is
        alive now frozen without a collection, which would take the build's time; the next
        build's collections skip it, and garbage among it waits for a full collection (settle)."""
        gc.freeze()
        gc.disable()

    def settle(self) -> None:
        gc.collect()  # what is not frozen: the last build's
        gc.freeze()
        if gc.get_freeze_count() > self.GROWTH * self._after_full:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._after_full = gc.get_freeze_count()
        gc.disable()
