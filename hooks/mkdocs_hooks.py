"""MkDocs adapter: load the sources, add the generated pages, link terms and citations,
fail the build with clear messages. Only this module imports MkDocs; the core is `plankb`.

During `mkdocs serve` invalid sources do not stop the preview: the problems are logged as
errors and the last good generated pages are served again; the domain core is re-imported
when one of its files changes, so edits to `hooks/plankb` show on the next rebuild.
"""
from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import SimpleNamespace

from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

HOOKS_DIR = Path(__file__).resolve().parent
CORE_DIR = HOOKS_DIR / "plankb"

log = logging.getLogger("mkdocs.hooks.plankb")


def _import_core() -> None:
    """Bind the core's modules to this module's globals (again after a reload)."""
    global citations, links, loader, generate, cite_html, ValidationFailed, GUIDE_URL, Context, PageFinisher, markdown_slugify
    global background, raw_blocks, Progress
    if str(HOOKS_DIR) not in sys.path:  # MkDocs restores sys.path after loading a hook
        sys.path.insert(0, str(HOOKS_DIR))
    from plankb import background, citations, generate, links, loader, raw_blocks
    from plankb.glossary_pages import cite_html
    from plankb.page_finish import PageFinisher
    from plankb.problems import GUIDE_URL, ValidationFailed
    from plankb.progress import Progress
    from plankb.render_common import Context
    from plankb.vietnamese import markdown_slugify


_import_core()


def _fingerprint(folder: Path) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.py")))


class _State:
    command: str = "build"
    corpus = None
    build = None
    linker = None
    finisher = None  # links terms into a rendered page, makes its search view (plankb.page_finish)
    finishing = None  # a background.StreamedMap of _finish_page over this build's pages
    indexing = False  # whether Material's search plugin indexes the pages
    made = None  # the build's `now` files, a background.MadeInOrder
    later = None  # the build's `later` files, being made in a background.BackgroundJob
    progress = None  # a plankb.progress.Progress: messages while a long build runs
    core_print: tuple = _fingerprint(CORE_DIR)
    adapter_print: tuple = _fingerprint(HOOKS_DIR)


state = _State()


def _reload_core_if_changed() -> None:
    """Re-import `plankb` when its code changed since the last build (serve only).

    Bytecode is not written while reloading: a new .pyc under a watched folder would
    trigger another rebuild.
    """
    current = _fingerprint(CORE_DIR)
    if current != state.core_print:
        state.core_print = current
        for name in [n for n in sys.modules if n == "plankb" or n.startswith("plankb.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
        try:
            _import_core()
        finally:
            sys.dont_write_bytecode = saved
        log.info("Đã nạp lại mã hooks/plankb sau khi sửa.")
    adapter = _fingerprint(HOOKS_DIR)
    if adapter != state.adapter_print:
        state.adapter_print = adapter
        log.warning("Đã sửa hooks/mkdocs_hooks.py: dừng rồi chạy lại `make serve` để áp dụng phần này.")


def on_startup(command: str, dirty: bool) -> None:
    state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.progress = Progress(log.info)
    root = Path(config.config_file_path).resolve().parent
    # Python-Markdown's default slugify drops "đ" ("đào tạo" → "ao-tao"); ours folds it to "d".
    config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
    # Python-Markdown's raw HTML pass is quadratic on a page made of raw HTML blocks (a big plan):
    # the generated pages' blocks are set aside one line at a time (plankb.raw_blocks).
    config.markdown_extensions[:] = [e for e in config.markdown_extensions if type(e).__name__ != "RawBlocks"]
    config.markdown_extensions.append(raw_blocks.RawBlocks())
    serving = state.command == "serve"
    if serving:
        _reload_core_if_changed()
    # Loading allocates millions of long-lived objects: without the cyclic garbage
    # collector meanwhile, and with them frozen afterwards (outside of serve, which rebuilds), the
    # collections that MkDocs's own work triggers no longer walk the whole corpus again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _load_and_list(config, root, serving)
    finally:
        if collecting:
            gc.enable()
    if not serving:
        gc.freeze()
    # Each page is read once, so the preview that keeps the last good pages makes them again.
    corpus, build = state.corpus, state.build
    state.made = background.MadeInOrder({**build.now, _WARNINGS: lambda: list(corpus.warnings)},
                                        in_parallel=not serving, nice=MAKING_NICENESS)
    # Pages are finished (terms linked, search sections parsed) on another core while MkDocs renders
    # the next ones: MkDocs renders every page's Markdown before it puts any page into its template.
    search = config.plugins.get("material/search")
    state.indexing = search is not None and search.config.enabled
    state.finishing = background.StreamedMap(_finish_page, in_parallel=not serving, nice=FINISHING_NICENESS)
    return config


def _load_and_list(config: MkDocsConfig, root: Path, serving: bool) -> None:
    """Load the sources and list the pages to generate into `state`; the preview keeps the previous
    ones while the sources are invalid."""
    try:
        corpus = loader.load_corpus(root, in_parallel=not serving, docs_dir=Path(config.docs_dir))
    except ValidationFailed as failed:
        if serving and state.build is not None:
            log.error("Dữ liệu nguồn có lỗi — trang xem trước vẫn giữ bản hợp lệ gần nhất cho đến khi sửa xong:\n"
                      + failed.report())
            return
        raise PluginError("Dữ liệu nguồn có lỗi:\n" + failed.report()) from None
    edit_url = None
    if config.repo_url and config.edit_uri:
        edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/").removesuffix("docs").strip("/") + "/"
    state.corpus = corpus
    state.linker = links.Linker(config.use_directory_urls)
    state.build = generate.build(corpus, config.use_directory_urls, edit_url)
    state.finisher = PageFinisher(corpus.terms)


# The children run at a lower priority than MkDocs itself, the more so the later their work is
# needed: the pages MkDocs renders next, the finished pages once every page is rendered, the
# downloads at the very end.
MAKING_NICENESS = 5
FINISHING_NICENESS = 10
DOWNLOADS_NICENESS = 15
# Made after every file (state.made): the sources' warnings, the corpus's and those found while
# making the pages. Logged after the build, when strict mode counts them (not during on_config).
_WARNINGS = ":warnings"


@contextmanager
def _child_failure_reported(doing: str) -> Iterator[None]:
    """A child process's failure (with its traceback) as a build error saying what it was doing."""
    try:
        yield
    except background.BackgroundJobFailed as failed:
        raise PluginError(f"Lỗi nội bộ khi {doing}:\n{failed}") from None


def _make(makers: dict) -> dict[str, str]:
    return {path: make() for path, make in makers.items()}


class _MadeMeanwhile(File):
    """A generated file that state.made is making in a child: read once, when MkDocs renders it
    (the page then keeps its Markdown; the File does not)."""

    def is_modified(self) -> bool:
        return True  # without reading the content (`serve --dirty` asks before rendering)

    @property
    def _content(self) -> str:
        with _child_failure_reported(f"sinh trang {self.src_uri}"):
            return state.made.pop(self.src_uri)

    @_content.setter
    def _content(self, value: str) -> None:
        pass  # File.generated sets it: the content comes from state.made


class _WrittenDirectly(File):
    """A download written into site_dir by the hook (see on_post_build), not copied by MkDocs:
    listed so that links to it are checked like links to any other file."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in state.build.now:
        files.append(_MadeMeanwhile.generated(config, path, content=""))
    for path in state.build.later:
        files.append(_WrittenDirectly.generated(config, path, content=""))
    if state.indexing:  # its index exists once every on_config has run
        index = config.plugins["material/search"].search_index
        index.add_entry_from_context = partial(_add_entry_from_sections, index)
    files = _with_vi_search_worker(files, config)
    state.progress.phase("Đang chuyển Markdown sang HTML", len(files.documentation_pages()))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    """Every page's Markdown is rendered, so the core that made the pages is free: the big
    downloads are made there while MkDocs templates the pages (not in serve, whose server threads
    make fork unsafe; they are made at the end there)."""
    if state.command != "serve":
        build = state.build
        state.later = background.BackgroundJob(lambda: _make(build.later), nice=DOWNLOADS_NICENESS)
    state.progress.phase("Đang ghi trang HTML", len(files.documentation_pages()))
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Resolve [@key] citations in hand-written pages. Validation refuses an unknown key; while
    the preview keeps the last good sources, one stays as written.

    Generated pages resolve their own citations: text from the sources that looks like one is
    verbatim plan text and stays as it is.
    """
    state.progress.big_page(page.file.src_uri, len(markdown), "đang chuyển sang HTML")
    if page.file.generated_by is not None:
        return markdown
    ctx = Context(state.corpus, state.linker)
    known = set(ctx.corpus.references) | set(ctx.corpus.plans)
    return citations.replace(markdown, lambda keys: "[" + "; ".join(
        ctx.reference_link(page.file.src_uri, key) if key in known else "@" + key for key in keys) + "]")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state.progress.step()
    # A title taken from the page's h1 is escaped HTML, but the theme prints it through Jinja's
    # `striptags`, which unescapes it into <title>: "</title><script>" in a name would run.
    # As front matter, the theme prints it as it is (escaped), like the titles we generate.
    if page.title and not page.meta.get("title") and not page.is_homepage:
        page.meta["title"] = page.title
    glossary = state.linker.href(page.file.src_uri, links.GLOSSARY)
    state.finishing.put(page.file.src_uri, (html, "" if glossary.startswith("#") else glossary))
    return html  # finished in on_page_context


# The theme's search overlay is a dialog without a name (axe: aria-dialog-name); give it one.
_SEARCH_DIALOG = 'data-md-component="search" role="dialog"'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    state.progress.step()
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG + ' aria-label="Tìm kiếm"', 1)


__all__ = ["on_startup", "on_config", "on_files", "on_env", "on_page_markdown", "on_page_content", "on_post_page", "cite_html"]


# --- Site search in Vietnamese (issue 7) ----------------------------------------------------
# Material's search worker builds its lunr index in the browser from search/search_index.json;
# see hooks/material_search_vi.js for how folding gets into it and plankb/searchtext.py for the rules.

LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
VI_FOLD_JS = Path(__file__).resolve().parent.parent / "docs/assets/javascripts/vi-fold.js"
WORKER_EXTENSION = Path(__file__).resolve().parent / "material_search_vi.js"


def _with_vi_search_worker(files: Files, config: MkDocsConfig) -> Files:
    """Serve Material's lunr.vi.min.js followed by vi-fold.js and material_search_vi.js."""
    theme_file = files.get_file_from_path(LUNR_VI)
    if theme_file is None:
        raise PluginError(f"Thiếu {LUNR_VI} của Material: tìm kiếm tiếng Việt không gộp được dấu. "
                          "Kiểm tra phiên bản mkdocs-material (9.8.1) và theme.language: vi.")
    content = "\n;".join([theme_file.content_string, VI_FOLD_JS.read_text(encoding="utf-8"),
                          WORKER_EXTENSION.read_text(encoding="utf-8")])
    files.remove(theme_file)
    files.append(File.generated(config, LUNR_VI, content=content))
    return files


# Material's search plugin parses every page's HTML in on_page_context, on MkDocs's core. The
# finishing child parses each page's search view (plankb.searchtext.index_view) with the plugin's
# own Parser instead; the plugin's index then only turns the sections into entries.

def _finish_page(page: tuple[str, str]) -> tuple[str, list | None]:
    """In the finishing child: the page's HTML with terms linked, and its search sections."""
    finished = state.finisher(page)
    return finished.html, (_search_sections(finished.search_view) if state.indexing else None)


def _search_sections(html: str) -> list[tuple[str | None, str | None, str]]:
    """(id, title or None if it has none, text) of each section Material's plugin would index."""
    parser = SearchParser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title) if s.title else None, "".join(s.text)) for s in parser.data if not s.is_excluded()]


def _add_entry_from_sections(index, page: Page) -> None:
    """Material's SearchIndex.add_entry_from_context, from the sections parsed in the child.

    Material looks each section's heading up in the page's table of contents by walking it from
    the start (quadratic in the number of headings: seconds on a plan of thousands); each
    section is given only its own entry, found in a table made once per page."""
    sections = _Finished.sections.pop(page.file.src_uri)
    if (page.meta.get("search") or {}).get("exclude"):
        return
    toc_items = _toc_by_id(page.toc)
    for section_id, title, text in sections:
        section = SimpleNamespace(id=section_id, title=[] if title is None else [title], text=[text])
        item = toc_items.get(section_id)
        index.create_entry_for_section(section, [] if item is None else [item], page.url, page)


def _toc_by_id(toc) -> dict:
    """Each id of a table of contents → its first item in document order (the one Material's
    SearchIndex._find_toc_by_id finds)."""
    found: dict = {}
    stack = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        found.setdefault(item.id, item)
        stack += reversed(item.children)
    return found


class _Finished:
    html: dict[str, str] = {}
    sections: dict[str, list] = {}


@event_priority(50)  # before Material's search plugin (priority 0) indexes the page
def _finished_page_taken(context, page: Page, config: MkDocsConfig, nav):
    with _child_failure_reported("gắn thuật ngữ vào trang"):
        html, sections = state.finishing.pop(page.file.src_uri)
    _Finished.html[page.file.src_uri] = html
    if state.indexing:
        _Finished.sections[page.file.src_uri] = sections
    page.content = ""  # already parsed: nothing for the plugin to parse or clean
    return context


@event_priority(-50)  # after it: the page is rendered from its finished HTML
def _page_gets_its_html(context, page: Page, config: MkDocsConfig, nav):
    page.content = _Finished.html.pop(page.file.src_uri, page.content)
    return context


on_page_context = CombinedEvent(_finished_page_taken, _page_gets_its_html)


@event_priority(-50)  # after Material's search plugin wrote the index (0), before `offline` inlines it (-100)
def _search_index_rewritten(config: MkDocsConfig) -> None:
    """Rewrite search_index.json: UTF-8 instead of \\uXXXX escapes (a third smaller for Vietnamese),
    and the separator and pipeline of plankb.searchtext, whatever mkdocs.yml says."""
    import json

    from plankb import searchtext

    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["config"].update(lang=["vi"], separator=searchtext.SEPARATOR, pipeline=searchtext.PIPELINE)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@event_priority(-60)  # as late as possible (the job runs meanwhile), before `offline` (-100)
def _downloads_written(config: MkDocsConfig) -> None:
    job, state.later = state.later, None
    if job and not job.ready():
        state.progress.waiting("tiến trình nền tạo các tệp tải về (chỉ mục tra cứu, ke-hoach.json)")
    with _child_failure_reported("tạo các tệp tải về (chỉ mục tra cứu, ke-hoach.json)"):
        made = job.result() if job else _make(state.build.later)
    for path, content in made.items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _warnings_logged(config: MkDocsConfig) -> None:
    with _child_failure_reported("sinh trang"):
        found = state.made.pop(_WARNINGS)
    for warning in found:
        log.warning(str(warning))


on_post_build = CombinedEvent(_search_index_rewritten, _downloads_written, _warnings_logged)


def on_build_error(error: Exception) -> None:
    for job in (state.later, state.made, state.finishing):
        if job is not None:
            job.cancel()
    state.later = state.finishing = None


__all__ += ["on_page_context", "on_post_build", "on_build_error"]
