"""Everything an engine is handed, made before it starts: the validated corpus, every generated
page with glossary terms linked, the search indexes of every page, and the big downloads, written
into a folder of their own while the engine renders. What the MkDocs adapter and
`python -m plankb generate` share; nothing here depends on an engine or on the order of its events.
"""
from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import unescape
from pathlib import Path

from plankb import generate, links, preview
from plankb.background import BackgroundJob, BackgroundJobFailed, Cancelled, StopFlag, map_in_two
from plankb.model import Corpus
from plankb.offline_copy import OfflineCopy
from plankb.pages import calendar_pages
from plankb.pages.render_common import Context
from plankb.problems import Problem, ValidationFailed
from plankb.progress import Progress
from plankb.search import documents, finder, site_index
from plankb.search.documents import Document
from plankb.sources.loader import load_corpus
from plankb.temp_folders import new_folder
from plankb.text import citations
from plankb.text.term_linker import TermLinker, spellings

__all__ = ["Site", "make_site", "ValidationFailed", "BackgroundJobFailed", "Cancelled", "Progress", "OfflineCopy"]  # what an adapter needs

_FRONT_TITLE = re.compile(r"\A---\ntitle: (.*)\n")
_H1 = re.compile(r"(?m)^# (.*?)(?: \{#[^}]*\})?$")


def page_title(markdown: str) -> str:
    """The title the engine gives a generated page: its front matter's, else its h1's."""
    found = _FRONT_TITLE.match(markdown)
    if found:
        return json.loads(found.group(1))
    heading = _H1.search(markdown)
    return unescape(re.sub(r"<[^>]*>", "", heading.group(1))) if heading else ""


def build_year() -> int:
    """The year of the build: from SOURCE_DATE_EPOCH when set (the Makefile sets it to the last
    commit's time, so a rebuild of the same commit gives the same pages), else today's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit() else datetime.datetime.now(datetime.UTC)
    return when.year


def glossary_href(linker: links.Linker, src: str) -> str:
    """The glossary's URL from page `src` ("" on the glossary itself: its terms are anchors)."""
    href = linker.href(src, links.GLOSSARY)
    return "" if href.startswith("#") else href


class MadeFiles:
    """Files made into `folder` (by site path), by this process or another: `wait()` until they are."""

    REPORT = ".thoi-gian"  # what each bundle took, written next to its files

    def __init__(self, folder: Path, paths: list[str]) -> None:
        self.folder, self.paths = folder, paths

    def ready(self) -> bool:
        return True

    def wait(self) -> None:
        pass

    def made(self) -> list[str]:
        """Every file written (after `wait()`), by site path."""
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                      if p.is_file() and p.name != self.REPORT)

    def texts(self) -> dict[str, str]:
        """Every file written (after `wait()`), site path → its text."""
        return {path: (self.folder / path).read_text(encoding="utf-8") for path in self.made()}

    def report(self) -> list[tuple[int, float, float]]:
        """(files, seconds, CPU seconds) of each bundle (after `wait()`)."""
        file = self.folder / self.REPORT
        lines = file.read_text(encoding="utf-8").splitlines() if file.exists() else []
        return [(int(count), float(seconds), float(cpu)) for count, seconds, cpu in (line.split("\t") for line in lines)]

    def copy_into(self, site_dir: Path, owned: Sequence[str] = ()) -> None:
        """Copy every file made into `site_dir`; files under the folders in `owned` that this
        build did not make are removed (a preview's site keeps the last build's: a name file an
        edit emptied must not linger)."""
        made = self.made()
        for path in made:
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.folder / path, target)
        kept = set(made)
        for folder in owned:
            for file in (site_dir / folder).rglob("*") if (site_dir / folder).is_dir() else ():
                if file.is_file() and file.relative_to(site_dir).as_posix() not in kept:
                    file.unlink()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_in_background(folders: Sequence[Path]) -> None:
    """Delete `folders` in a process of their own, not waited for: a preview's last build's
    indexes are tens of thousands of files, whose deletion in a thread of the preview took the
    GIL from the next build for half a minute at 1,000 plans."""
    if folders:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)",
                          *map(str, folders)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_file(folder: Path, path: str, content: str | bytes | Iterable[str]) -> None:
    """Atomically: a reader in another process sees the whole file or none of it. `content` in
    parts is written part by part, as they come."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    being_written = target.with_name(target.name + ".~")
    if isinstance(content, str):
        content = content.encode("utf-8")
    if isinstance(content, bytes):
        being_written.write_bytes(content)
    else:
        with being_written.open("w", encoding="utf-8", newline="") as out:
            out.writelines(content)
    os.replace(being_written, target)


def write_unread_files(folder: Path, files: Iterable[tuple[str, str]]) -> int:
    """Files no one reads before all are written (the search indexes: tens of thousands of small
    files), (site path, content) each written as it comes: no temporary name each, and each
    directory made once. Returns how many."""
    made: set[Path] = set()
    count = 0
    for path, content in files:
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(content.encode("utf-8"))
        count += 1
    return count


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Loading, and the indexes, allocate millions of objects in no cycle: the cyclic collector
    they would trigger again and again frees nothing (a tenth of the indexes' CPU)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# How Downloads writes its files: in a forked child, at once, or when waited for.
FORKED, AT_ONCE, ON_WAIT = "fork", "now", "wait"


class Downloads(MadeFiles):
    """Files nothing in the build reads, the biggest ones, written into `folder` — by default in a
    forked child where the platform forks, while the engine renders: `makers` by site path
    (ke-hoach.json, the workbook: `paths` are known before they are made) and `bundles`, each
    making many files at once (the search indexes: their paths are known once made, `made()`).
    `wait()` before the files are copied."""

    def __init__(self, makers: dict[str, Callable[[], str | bytes | Iterable[str]]], how: str = FORKED,
                 bundles: Sequence[Callable[[StopFlag], Iterable[tuple[str, str]]]] = (), folder: Path | None = None) -> None:
        super().__init__(folder or new_folder("tai-ve"), list(makers))
        self.stop = StopFlag()  # set by cancel_job: the files are not wanted any more

        pending = list(bundles)  # each let go once made: what it holds (the corpus…) can go with it

        @without_cyclic_gc()
        def write_all() -> None:
            for path, make in makers.items():
                self.stop.check()
                write_file(self.folder, path, make())
            report = []
            while pending:
                self.stop.check()
                started, cpu = time.perf_counter(), time.process_time()
                written = write_unread_files(self.folder, pending.pop(0)(self.stop))
                # Seconds, and CPU seconds: on a busy machine a child of low priority waits.
                report.append(f"{written}\t{time.perf_counter() - started:.1f}\t{time.process_time() - cpu:.1f}")
            if report:
                write_file(self.folder, self.REPORT, "\n".join(report))

        self._job: BackgroundJob[None] | None = None
        self._on_wait: Callable[[], None] | None = None
        if how == FORKED and hasattr(os, "fork"):
            self._job = BackgroundJob(write_all, nice=10)
        elif how == ON_WAIT:
            self._on_wait = write_all
        else:
            write_all()

    def ready(self) -> bool:
        return self._on_wait is None and (self._job is None or self._job.ready())

    def wait(self) -> None:
        """Raises background.BackgroundJobFailed (with the child's traceback) if writing failed,
        background.Cancelled if it was cancelled (then some files may be missing)."""
        self.stop.check()
        job, self._job = self._job, None
        if job is not None:
            job.result()
        write_all, self._on_wait = self._on_wait, None
        if write_all is not None:
            write_all()

    def cancel_job(self) -> None:
        """Stop making the files: the child still making them, if any, or the thread making them
        now (its `wait()` raises background.Cancelled within milliseconds), or later."""
        self.stop.set()
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def close(self) -> None:
        self.cancel_job()
        super().close()


class WithIndexes:
    """What an engine's adapter does with a site's search indexes, once written (`indexes.wait()`)."""

    indexes: MadeFiles

    def copy_indexes(self, site_dir: Path) -> None:
        """The search indexes into the built site, in place of any before."""
        self.indexes.copy_into(site_dir, owned=(site_index.FOLDER, finder.FOLDER))

    def index_report(self) -> str:
        """What writing the search indexes took, for the build's log."""
        made = self.indexes.report()
        return (f"Chỉ mục tìm kiếm và tra cứu: {sum(n for n, _, _ in made):,} tệp, "
                f"{sum(s for _, s, _ in made):.1f} s, {sum(c for _, _, c in made):.1f} s CPU (trong lúc dựng trang)")


@dataclass
class Site(WithIndexes):
    corpus: Corpus
    context: Context
    terms: TermLinker
    pages: dict[str, str]  # site path → content of every generated page (Markdown, terms linked) and small file
    downloads: Downloads
    offline: OfflineCopy = field(default_factory=OfflineCopy)  # what the trainer guide says of the offline copy
    # The search indexes (header search, finder): many small files, written while the engine
    # renders, copied into the built site after it (`Downloads.copy_into`).
    indexes: Downloads = field(init=False)  # set once the pages' documents are known

    def close(self, in_background: bool = False) -> None:
        """Remove the files made; `in_background`: in another process, not waited for (a
        preview's last site, while the next build runs)."""
        if in_background:
            made = [self.downloads, *([self.indexes] if hasattr(self, "indexes") else [])]
            for files in made:
                files.cancel_job()
            remove_in_background([files.folder for files in made])
            return
        self.downloads.close()
        if hasattr(self, "indexes"):
            self.indexes.close()

    @property
    def warnings(self) -> list[Problem]:
        return self.corpus.warnings

    def citation_link(self, src: str, key: str) -> str | None:
        return citation_link(self.context, src, key)

    def page_text(self, src: str) -> str:
        """A generated page's text, as the engine reads it."""
        return self.pages[src]

    def hand_written(self, src: str, markdown: str) -> str:
        """A hand-written page as an engine gets it: citations as links, the offline copy's
        paragraph in place of its marker (plankb.offline_copy)."""
        return hand_written(src, markdown, partial(self.citation_link, src), self.offline, self.context.linker)

    def term_spellings(self) -> str:
        """What `link_terms` depends on besides the page (the terms' spellings, not definitions)."""
        return spellings(self.corpus.terms)

    def link_terms(self, src: str, html: str) -> str:
        """A hand-written page's rendered HTML with glossary terms linked."""
        return self.terms.link(html, glossary_href(self.context.linker, src))


def citation_link(context: Context, src: str, key: str) -> str | None:
    """The link a [@key] citation on page `src` becomes; None for a key the sources do not
    have (validation refused it; while a preview keeps the last good sources, it stays as written)."""
    if key in context.corpus.references or key in context.corpus.plans:
        return context.reference_link(src, key)
    return None


def hand_written(src: str, markdown: str, link_of: Callable[[str], str | None], offline: OfflineCopy,
                 linker: links.Linker) -> str:
    """Site.hand_written, given the link of each citation key."""
    cited = citations.replace(markdown, lambda keys: "[" + "; ".join(link_of(key) or "@" + key for key in keys) + "]")
    return offline.replace(src, cited, linker)


def _handwritten_documents(site: Site, docs_dir: Path, generated: set[str],
                           kept: preview.Finished | None = None) -> dict[str, list[Document]]:
    """The search documents of the hand-written pages (citations resolved as on the page);
    `kept`: a preview's, by each page's text, from its last build."""
    linker = site.context.linker
    if kept:
        kept.start(repr(linker.directory_urls).encode("utf-8"))
    found = {}
    for file in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        path = file.relative_to(docs_dir).as_posix()
        if path in generated:
            continue
        text = site.hand_written(path, file.read_text(encoding="utf-8"))
        read = partial(documents.from_handwritten, page_url=linker.url(path))
        docs = kept.get(path, text, read) if kept else read(text)
        if docs is not None:
            found[path] = docs
    if kept:
        kept.end()
    return found


# What a preview's rebuild reuses (make_site(keep_for_rebuilds=True)): the pages finished, the
# plan and agency pages an edit leaves the same, what the makers keep of the plans it leaves the same.
_FINISHED = preview.Finished()
_SAME = preview.SamePages()
_KEPT = generate.Kept()
_HANDWRITTEN = preview.Finished()  # the hand-written pages' search documents, by their text


def _agency_files(agency_id: str) -> tuple[str, str]:
    """An agency's page and calendar: both made from the plans that name it."""
    return links.agency_page(agency_id), calendar_pages.agency_calendar_file(agency_id)


def _place_pages(ctx: Context, place_id: str) -> tuple[str, ...]:
    """The place pages that list a place's plans or agencies: its own, its province's, and those
    of the places that took it in (index_pages.place_page)."""
    place = ctx.corpus.places[place_id]
    return (links.place_page(place_id), links.place_page(ctx.province_of[place_id]),
            *(links.place_page(c.successor) for c in place.changes if c.successor))


@dataclass(frozen=True)
class Streamed:
    """How make_site hands its files to a reader in another process (plankb.site_in_child): each
    generated page and small file is written into `pages` as soon as made, whole or not at all
    (`page_written` says which), and none is kept in memory (`Site.pages` stays empty); the
    downloads go into `downloads`, then the indexes into `indexes`, made in this process when waited for.
    `listed(build)` is called once the sources are loaded and every path is known, before any
    file is made."""
    pages: Path
    downloads: Path
    indexes: Path
    listed: Callable[[generate.Build], None]



def page_written(folder: Path, path: str) -> str | None:
    """The text of a page Streamed.write wrote, or None if not (yet) written; exactly as made
    (newlines untranslated, as an engine handed the text from memory gets it)."""
    try:
        with open(folder / path, encoding="utf-8", newline="") as file:
            return file.read()
    except FileNotFoundError:
        return None


_SearchInputs = tuple[list[tuple[str, list[Document]]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]


def _search_inputs(corpus: Corpus, found: dict[str, list[Document]], url: Callable[[str], str]) -> _SearchInputs:
    """What the header search's index needs of the corpus (plankb.search.site_index.index)."""
    return site_index.pages_in_order(corpus, found), site_index.named(corpus, url), site_index.place_names(corpus)


def _search_index(inputs: Callable[[], _SearchInputs], stop: StopFlag) -> Iterable[tuple[str, str]]:
    return site_index.index(*inputs(), False, stop)


def make_site(root: Path, docs_dir: Path | None = None, directory_urls: bool = True, edit_url: str | None = None,
              in_parallel: bool = True, keep_for_rebuilds: bool = False, site_url: str = "",
              as_of: int | None = None, offline: OfflineCopy | None = None, files_later: bool = False,
              streamed: Streamed | None = None) -> Site:
    """Load and validate the sources (ValidationFailed lists every problem), then make every
    generated file. With `in_parallel`, a forked child makes half of the pages, another the downloads.
    With the site's address (`site_url`), links in downloads (calendars, BibTeX) are absolute.
    `as_of` is the year plans are judged current in (by default the build's: build_year()).
    `offline`: the offline copy the build publishes, or that the build is that copy.
    `files_later`: the downloads and the search indexes are made when waited for (a dirty preview
    waits for them once the browser has reloaded; fork is unsafe beside its server's threads).
    `streamed`: the files written as made, for another process (Streamed)."""
    # Frozen once loaded (not in a preview, which rebuilds): the collections the engine's own
    # work triggers no longer walk the whole corpus again and again.
    with without_cyclic_gc():
        corpus = load_corpus(root, in_parallel=in_parallel, docs_dir=docs_dir, reuse_reads=keep_for_rebuilds)
        year = build_year() if as_of is None else as_of
        build = generate.build(corpus, directory_urls, edit_url, site_url, year,
                               _KEPT if keep_for_rebuilds and not in_parallel else None)
        linker, terms = build.context.linker, TermLinker(corpus.terms)
        kept: dict[str, str] = {}  # a preview's plan and agency pages an edit left the same
        made_now: dict[str, str] = {}  # and those this build makes
        reuse_pages = keep_for_rebuilds and not in_parallel  # made here, not in a child
        if reuse_pages:
            kept = _SAME.same(corpus, build.context.relations.agencies_named(), (directory_urls, edit_url, site_url, year),
                              links.plan_page, _agency_files, partial(_place_pages, build.context), links.sector_page)
            remembered = ({links.plan_page(p) for p in corpus.plans} | {f for a in corpus.agencies for f in _agency_files(a)}
                          | {links.place_page(p) for p in corpus.places} | {links.sector_page(s) for s in corpus.sectors})
        if streamed:
            streamed.listed(build)

        def finish(path: str, content: str) -> tuple[str, list[Document] | None]:
            linked = terms.link_markdown(content, glossary_href(linker, path))
            return linked, documents.from_markdown(linked, linker.url(path), page_title(linked))

        if keep_for_rebuilds:  # a preview: pages whose text did not change are not finished again
            _FINISHED.start(repr((spellings(corpus.terms), directory_urls)).encode("utf-8"))

        def finished(path: str) -> tuple[str, list[Document] | None]:
            content = kept[path] if path in kept else build.now[path]()
            if reuse_pages and path in remembered:
                made_now[path] = content
            made: tuple[str, list[Document] | None]
            if not path.endswith(".md"):
                made = content, None
            elif keep_for_rebuilds:
                made = _FINISHED.get(path, content, partial(finish, path))
            else:
                made = finish(path, content)
            if streamed:
                write_file(streamed.pages, path, made[0])
                return "", made[1]
            return made

        paths = list(build.now)
        made = dict(zip(paths, map_in_two(finished, paths, in_parallel), strict=True))
        if keep_for_rebuilds:
            _FINISHED.end()
        if reuse_pages:
            _SAME.remember(made_now)
        downloads_how = ON_WAIT if streamed or files_later else FORKED if in_parallel else AT_ONCE
        site = Site(corpus, build.context, terms, {} if streamed else {path: content for path, (content, _) in made.items()},
                    Downloads(build.later, downloads_how, folder=streamed.downloads if streamed else None),
                    offline or OfflineCopy(site_url=site_url))
        found = {path: docs for path, (_, docs) in made.items() if docs is not None}
        del made
        found.update(_handwritten_documents(site, docs_dir or root / "docs", set(found), _HANDWRITTEN if keep_for_rebuilds else None))
        # The finder's index first (it reads the corpus), then the header search's, from what
        # it needs of the corpus only: a build's child lets the corpus go before it (site_in_child).
        # A preview, which keeps its corpus, takes that too after its reload (0.2 s of a rebuild at 1,000 plans).
        inputs = partial(_search_inputs, corpus, found, linker.url)
        search = partial(_search_index, inputs) if files_later else partial(site_index.index, *inputs(), False)
        del found
        # In a child while the engine renders (itself on one core): the indexes take no more of
        # the build's time, only of its second core.
        site.indexes = Downloads({}, downloads_how, [*(partial(bundle, False) for bundle in build.bundles), search],
                                 folder=streamed.indexes if streamed else None)
    if not keep_for_rebuilds:
        gc.freeze()
    return site
