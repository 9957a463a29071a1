"""A build's site made in a forked child process, for an engine that renders in this one.

`make_site` runs in the child; this process receives only what it hands the engine — the
generated pages' text, the links of the hand-written pages' citations, the glossary, the
warnings — and never holds the corpus, its relations or the search documents. So the engine's
process holds what a plain engine holds for the same pages (`make bench`), and the corpus lives,
and ends, in the child, which goes on writing the downloads and the search indexes while the
engine renders. Not for a preview: fork is unsafe next to its server's threads (plankb.background).
"""
from __future__ import annotations

import os
import signal
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from plankb import links
from plankb.background import ChildProcess
from plankb.model import Term
from plankb.offline_copy import OfflineCopy
from plankb.problems import Problem, ValidationFailed
from plankb.site_files import MadeFiles, Site, WithIndexes, glossary_href, hand_written, make_site, write_file
from plankb.text import citations
from plankb.text.term_linker import TermLinker

_DOWNLOADS, _INDEXES = "downloads", "indexes"  # what the child says once those files are written


@dataclass(frozen=True)
class _Handover:
    pages: MadeFiles  # the generated pages, written by the child: the engine reads them as plain files
    citation_links: dict[str, dict[str, str]]  # hand-written page → citation key → its link
    terms: dict[str, Term]
    directory_urls: bool
    warnings: list[Problem]
    offline: OfflineCopy
    downloads: MadeFiles
    indexes: MadeFiles


def _citation_links(site: Any, docs_dir: Path) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for file in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        src = file.relative_to(docs_dir).as_posix()
        if src not in site.pages:
            keys = citations.keys_in(file.read_text(encoding="utf-8"))
            found[src] = {key: link for key in keys if (link := site.citation_link(src, key)) is not None}
    return found


def _in_child(send: Any, root: Path, docs_dir: Path | None, directory_urls: bool, options: dict[str, Any]) -> None:
    try:
        # The downloads and indexes here too, one after the other, once the pages are handed over:
        # in children of their own, each would copy the corpus's memory pages it touches.
        site = make_site(root, docs_dir, directory_urls, in_parallel=True, files_on_wait=True, **options)
    except ValidationFailed as failed:
        send(("invalid", failed.problems))
        return

    def stopped(*_: object) -> None:  # by the parent (a failed build)
        site.close()
        os._exit(1)

    signal.signal(signal.SIGTERM, stopped)
    pages = MadeFiles(Path(tempfile.mkdtemp(prefix="plankb-trang-")), list(site.pages))
    for path, content in site.pages.items():
        write_file(pages.folder, path, content)
    send(("site", _Handover(pages, _citation_links(site, docs_dir or root / "docs"), site.corpus.terms,
                            directory_urls, site.warnings, site.offline,
                            MadeFiles(site.downloads.folder, site.downloads.paths), MadeFiles(site.indexes.folder, []))))
    site.pages = {}  # room for the indexes' work
    site.downloads.wait()
    send(_DOWNLOADS)
    site.indexes.wait()
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

    def __init__(self, child: _Child, handover: _Handover) -> None:
        self._child = child
        self.page_files, self.offline, self.warnings = handover.pages, handover.offline, handover.warnings
        self.downloads = _FromChild(handover.downloads, child, _DOWNLOADS)
        self.indexes = _FromChild(handover.indexes, child, _INDEXES)
        self.terms = TermLinker(handover.terms)
        self._linker = links.Linker(handover.directory_urls)
        self._citation_links = handover.citation_links

    def hand_written(self, src: str, markdown: str) -> str:
        return hand_written(src, markdown, self._citation_links.get(src, {}).get, self.offline, self._linker)

    def link_terms(self, src: str, html: str) -> str:
        return self.terms.link(html, glossary_href(self._linker, src))

    def close(self) -> None:
        self._child.process.cancel()
        self.page_files.close()
        self.downloads.close()
        self.indexes.close()


def make_site_in_child(root: Path, docs_dir: Path | None = None, directory_urls: bool = True,
                       **options: Any) -> SiteFromChild | Site:
    """plankb.site_files.make_site (same options, but in parallel) in a forked child; raises
    ValidationFailed as it does. Without fork (not POSIX), make_site itself."""
    if not hasattr(os, "fork"):
        return make_site(root, docs_dir, directory_urls, **options)
    process = ChildProcess(partial(_in_child, root=root, docs_dir=docs_dir, directory_urls=directory_urls,
                                   options=options))
    kind, value = process.receive()
    if kind == "invalid":
        process.end()
        raise ValidationFailed(value)
    return SiteFromChild(_Child(process), value)
