"""A build's site made in a forked child process, for an engine that renders in this one.

`make_site` runs in the child. As soon as the sources are loaded it says where every generated
file will be, and the links of the hand-written pages' citations, the glossary and the warnings;
then it writes the pages into files, in the order the engine reads them, while the engine reads
them (`page_text` waits for one not yet written); then the downloads and the search indexes, while
the engine renders. This process never holds the corpus, its relations or the search documents:
it holds what a plain engine holds for the same pages (`make bench`), and the corpus lives, and
ends, in the child. Not for a preview: fork is unsafe next to its server's threads
(plankb.background).
"""
from __future__ import annotations

import os
import shutil
import signal
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from plankb import links
from plankb.background import BackgroundJobFailed, ChildProcess
from plankb.generate import Build
from plankb.model import Term
from plankb.offline_copy import OfflineCopy
from plankb.pages.render_common import Context
from plankb.problems import Problem, ValidationFailed
from plankb.site_files import MadeFiles, Site, Streamed, WithIndexes, citation_link, glossary_href, hand_written, make_site, page_written
from plankb.temp_folders import new_folder
from plankb.text import citations
from plankb.text.term_linker import TermLinker

_PAGES, _DOWNLOADS, _INDEXES = "pages", "downloads", "indexes"  # what the child says once those files are written


@dataclass(frozen=True)
class _Handover:
    pages: MadeFiles  # the generated pages and small files: the engine reads them as plain files
    citation_links: dict[str, dict[str, str]]  # hand-written page → citation key → its link
    terms: dict[str, Term]
    warnings: list[Problem]
    downloads: MadeFiles


def _citation_links(context: Context, docs_dir: Path, generated: set[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for file in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        src = file.relative_to(docs_dir).as_posix()
        if src not in generated:
            keys = citations.keys_in(file.read_text(encoding="utf-8"))
            found[src] = {key: link for key in keys if (link := citation_link(context, src, key)) is not None}
    return found


def _in_child(send: Any, root: Path, docs_dir: Path | None, directory_urls: bool, folders: tuple[Path, Path, Path],
              options: dict[str, Any]) -> None:
    pages, downloads, indexes = folders

    def listed(build: Build) -> None:  # before any page is made: the engine starts meanwhile
        corpus = build.context.corpus
        send(("site", _Handover(MadeFiles(pages, list(build.now)),
                                _citation_links(build.context, docs_dir or root / "docs", set(build.now)),
                                corpus.terms, corpus.warnings, MadeFiles(downloads, list(build.later)))))

    try:
        # The downloads and indexes in this process too, one after the other, once the pages are
        # made: in children of their own, each would copy the memory pages of the corpus it touches.
        site = make_site(root, docs_dir, directory_urls, in_parallel=True,
                         streamed=Streamed(pages, downloads, indexes, listed), **options)
    except ValidationFailed as failed:
        send(("invalid", failed.problems))
        return

    # Only the downloads and the indexes from here: the corpus goes with the last of their
    # makers that reads it (the finder's index), before the header search's index is made in
    # the memory it leaves (at 1,000 plans, a third of this process's).
    downloads_made, indexes_made = site.downloads, site.indexes
    del site

    def stopped(*_: object) -> None:  # by the parent (a failed build)
        downloads_made.close()
        indexes_made.close()
        os._exit(1)

    signal.signal(signal.SIGTERM, stopped)
    send(_PAGES)
    downloads_made.wait()
    send(_DOWNLOADS)
    indexes_made.wait()
    send(_INDEXES)


class _FromChild(MadeFiles):
    """Files the child writes; `wait()` until it says they are written."""

    def __init__(self, made: MadeFiles, child: _Child, done: str) -> None:
        super().__init__(made.folder, made.paths)
        self._child, self._done = child, done

    def ready(self) -> bool:
        return self._child.said(self._done, wait=False)

    def wait(self) -> None:
        self._child.said(self._done, wait=True)


class _Child:
    def __init__(self, process: ChildProcess) -> None:
        self.process, self.heard = process, set[str]()

    def said(self, what: str, wait: bool) -> bool:
        """Whether the child said `what`, reading what it sent so far (with `wait`: until it says it)."""
        while what not in self.heard and not self.process.done and (wait or self.process.ready()):
            self.heard.add(self.process.receive())
            if _INDEXES in self.heard:  # its last word
                self.process.end()
        return what in self.heard


class SiteFromChild(WithIndexes):
    """What a build's engine needs of a plankb.site_files.Site, made in a child (module docstring)."""

    def __init__(self, child: _Child, handover: _Handover, offline: OfflineCopy, directory_urls: bool,
                 indexes: Path) -> None:
        self._child = child
        self.page_files, self.warnings, self.offline = handover.pages, handover.warnings, offline
        self._pages_written = _FromChild(handover.pages, child, _PAGES)
        self.downloads = _FromChild(handover.downloads, child, _DOWNLOADS)
        self.indexes = _FromChild(MadeFiles(indexes, []), child, _INDEXES)
        self.terms = TermLinker(handover.terms)
        self._linker = links.Linker(directory_urls)
        self._citation_links = handover.citation_links

    def page_text(self, src: str) -> str:
        """A generated page's text, once the child has written it (it writes them in the order
        the engine reads them, while the engine reads)."""
        while (text := page_written(self.page_files.folder, src)) is None:
            if self._pages_written.ready():  # every page written: it is there, or it never will be (a bug)
                if (text := page_written(self.page_files.folder, src)) is None:
                    raise BackgroundJobFailed(f"tiến trình sinh trang không ghi {src}")
                return text
            time.sleep(_POLL)
        return text

    def hand_written(self, src: str, markdown: str) -> str:
        return hand_written(src, markdown, self._citation_links.get(src, {}).get, self.offline, self._linker)

    def link_terms(self, src: str, html: str) -> str:
        return self.terms.link(html, glossary_href(self._linker, src))

    def close(self) -> None:
        self._child.process.cancel()
        for made in (self.page_files, self.downloads, self.indexes):
            made.close()


_POLL = 0.005  # seconds between looks for a page not yet written


def make_site_in_child(root: Path, docs_dir: Path | None = None, directory_urls: bool = True,
                       **options: Any) -> SiteFromChild | Site:
    """plankb.site_files.make_site (same options, but in parallel) in a forked child; raises
    ValidationFailed as it does, once the sources are loaded; returns as soon as every path is
    known, the pages being written meanwhile (`page_text` waits for one). Without fork (not
    POSIX), make_site itself."""
    if not hasattr(os, "fork"):
        return make_site(root, docs_dir, directory_urls, **options)
    options["offline"] = options.get("offline") or OfflineCopy(site_url=options.get("site_url", ""))
    # Chosen here, so the engine knows where every file will be before the child has made any.
    folders = (new_folder("trang"), new_folder("tai-ve"), new_folder("chi-muc"))
    process = ChildProcess(partial(_in_child, root=root, docs_dir=docs_dir, directory_urls=directory_urls,
                                   folders=folders, options=options))
    try:
        kind, value = process.receive()
    except BaseException:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if kind == "invalid":
        process.end()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        raise ValidationFailed(value)
    return SiteFromChild(_Child(process), value, options["offline"], directory_urls, folders[2])
