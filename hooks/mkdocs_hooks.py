"""MkDocs adapter. The core (`plankb`) makes every generated file (plankb.site_files); this hook
hands them over and treats the hand-written pages as the core treats the generated ones:
citations resolved, glossary terms linked (their search documents the core made itself). In a
build the core works in a forked child (plankb.site_in_child): MkDocs starts once the paths are
known and reads each page as the child writes it, and this process never holds the corpus. What
Material itself needs sits in material_theme.py.

During `mkdocs serve` invalid sources do not stop the preview: the problems are logged as
errors and the last good generated pages are served again; the core is imported again when one
of its files changed, so edits to its code show on the next rebuild. With `--dirty` (`make
serve`) only what an edit changed is rendered again (plankb.preview: see the "dirty preview" part).
"""
from __future__ import annotations

import atexit
import datetime
import importlib
import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import material_theme  # MkDocs puts the hook's folder on sys.path while it loads the hook
import plankb  # installed; only its folder is read here, to see its code change

log = logging.getLogger("mkdocs.hooks.plankb")


def _code_print() -> tuple:
    folder = Path(plankb.__file__).parent
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*.py")))


class _State:
    command = "build"
    site = None  # the plankb.site_files.Site of the last good sources
    code = _code_print()
    progress = None  # a plankb.progress.Progress: a line every few seconds during a long build
    dirty = False  # `mkdocs serve --dirty`: see the "dirty preview" part below
    cache = None  # its plankb.preview.PageCache
    rerender = None  # its plankb.preview.Rerender
    collector = None  # its plankb.preview.QuietCollector
    files = None  # its _GeneratedFiles
    indexing = None  # its thread making the last build's downloads and search indexes, then copying them into the site
    stopping = False  # the preview is stopping (on_shutdown)
    sources_seen: dict[str, int] = {}  # its watched files' modification times as the build began (_watched_times)
    failed: type[Exception] = Exception  # the core's error of a child process, once the core is imported
    cancelled: type[Exception] = Exception  # the core's "stopped: not wanted any more", likewise


state = _State()


def _core():
    """plankb.site_files, imported again in a preview when the core's code changed."""
    if state.command == "serve" and _code_print() != state.code:
        state.code = _code_print()
        for name in [n for n in sys.modules if n == "plankb" or n.startswith("plankb.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        log.info("Đã nạp lại mã plankb sau khi sửa.")
        saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # a new .pyc would rebuild again
        try:
            return importlib.import_module("plankb.site_files")
        finally:
            sys.dont_write_bytecode = saved
    return importlib.import_module("plankb.site_files")


def on_startup(command: str, dirty: bool) -> None:
    state.command = command
    state.dirty = dirty and command == "serve"
    if state.dirty:  # its warning of stale navigation does not hold here: see the "dirty preview" part
        for engine in ("mkdocs", "properdocs"):
            logging.getLogger(f"{engine}.commands.build").addFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    core, serving = _core(), state.command == "serve"
    state.failed, state.cancelled = core.BackgroundJobFailed, core.Cancelled
    edit_url = None
    if config.repo_url and config.edit_uri:
        edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/").removesuffix("docs").strip("/") + "/"
    root = Path(config.config_file_path).resolve().parent
    if serving and urlsplit(config.site_url or "/").path == "/":
        # MkDocs gives a preview the dev server's address as the site's: a canonical address for
        # each page (30,000 URL joins, a second of each rebuild at 1,000 plans), download links
        # absolute to the server. Served at its root, a preview needs neither.
        config.site_url = None
    offline = _offline_copy(core, root, config)
    _stop_indexing()
    if state.dirty:
        state.sources_seen = _watched_times(config)
    log.info("Đang đọc, kiểm tra nguồn và sinh trang…")
    options = {"edit_url": edit_url, "site_url": config.site_url or "", "offline": offline}
    try:
        if serving:
            site = core.make_site(root, Path(config.docs_dir), config.use_directory_urls, in_parallel=False,
                                  keep_for_rebuilds=True, files_later=state.dirty, **options)
        else:  # in a child: this process, which renders, never holds the corpus (plankb.site_in_child)
            in_child = importlib.import_module("plankb.site_in_child")
            site = in_child.make_site_in_child(root, Path(config.docs_dir), config.use_directory_urls, **options)
    except core.BackgroundJobFailed as failed:  # the child's traceback, as a build error
        raise PluginError(f"Lỗi nội bộ khi đọc nguồn và sinh trang:\n{failed}") from None
    except core.ValidationFailed as failed:
        if not (serving and state.site):
            raise PluginError("Dữ liệu nguồn có lỗi:\n" + failed.report()) from None
        log.error("Dữ liệu nguồn có lỗi — trang xem trước vẫn giữ bản hợp lệ gần nhất cho đến khi sửa xong:\n" + failed.report())
    else:
        if state.site and serving:  # its folders, thousands of files, deleted meanwhile by another process
            state.site.close(in_background=True)
        elif state.site:
            state.site.close()
        state.site = site
    state.progress = core.Progress(log.info)
    return config


def _offline_copy(core, root: Path, config: MkDocsConfig):
    """The offline copy of the config's `extra`: `offline_zip` (mkdocs-deploy.yml: the zip `make
    deploy` built first, published with the site) or `offline_copy: true` (mkdocs-offline.yml:
    this build is the copy, and holds no zip of itself)."""
    extra = config.extra or {}
    if extra.get("offline_copy"):
        return core.OfflineCopy(is_this_copy=True, site_url=config.site_url or "")
    if extra.get("offline_zip"):
        zip_path = (root / extra["offline_zip"]).resolve()
        if not zip_path.is_file():
            raise PluginError(f"Chưa có bản sao ngoại tuyến {zip_path}: `make deploy` tạo nó trước (hoặc chạy `make offline`).")
        return core.OfflineCopy(zip=zip_path, site_url=config.site_url or "")
    return None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = state.site
    if site.offline.zip is not None:  # copied as it is, at the address the trainer guide links to
        files.append(File.generated(config, site.offline.site_path, abs_src_path=str(site.offline.zip)))
    if state.dirty:
        _dirty_files(files, config, site)
    elif (written := getattr(site, "page_files", None)) is not None:  # by the child that made them (plankb.site_in_child)
        for path in written.paths:
            files.append(File.generated(config, path, abs_src_path=str(written.folder / path)))
    else:
        for path, content in site.pages.items():
            files.append(File.generated(config, path, content=content))
    if state.dirty:  # the last build's, updated once the browser has reloaded (see the "dirty preview" part)
        downloads = state.cache.downloads(site.downloads)
    else:  # being written meanwhile; MkDocs copies them after on_env
        downloads = site.downloads.folder
    for path in site.downloads.paths:
        files.append(File.generated(config, path, abs_src_path=str(downloads / path)))
    state.progress.phase("Đang chuyển Markdown sang HTML", len(files.documentation_pages()))
    return files


def _wait(job, what: str) -> None:
    if not job.ready():
        state.progress.waiting(f"tiến trình nền tạo {what}")
    try:
        job.wait()
    except Exception as failed:  # the child's traceback, as a build error
        raise PluginError(f"Lỗi nội bộ khi tạo {what}:\n{failed}") from None


class _CompiledTemplates(jinja2.BytecodeCache):
    """A preview's compiled theme templates, kept from build to build: MkDocs makes a new Jinja
    environment for each, which compiled every template again (0.15 s of each rebuild). Jinja
    compares each template's source with the one compiled (its checksum), so an edit of a
    template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


def on_env(env, config: MkDocsConfig, files: Files):
    if state.command == "serve":
        env.bytecode_cache = _TEMPLATES
    if not state.dirty:
        _wait(state.site.downloads, "các tệp tải về (ke-hoach.json, ke-hoach.xlsx)")
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state.progress.big_page(page.file.src_uri, len(markdown), "đang chuyển sang HTML")
    if page.file.generated_by is not None:
        return markdown  # text from the sources that looks like a citation is plan text
    return state.site.hand_written(page.file.src_uri, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    material_theme.title_kept_escaped(page)
    state.progress.step()
    if page.file.generated_by is None:
        html = state.site.link_terms(page.file.src_uri, html)
    # MkDocs keeps every page's Markdown until the build ends, though nothing reads it once
    # converted (no plugin, and the theme reads `content`): a third of what it holds at 1,000
    # plans. Empty, not None: a page without Markdown has no title.
    page.markdown = ""
    return html


def on_template_context(context, template_name: str, config: MkDocsConfig):
    """The 404 page of a site without directory URLs (the offline copy) links relative to itself:
    a reader opens it from the site's folder, where MkDocs's links from the server's root
    ("/assets/…") lead nowhere. With directory URLs (a web host) it keeps those: the server shows
    it at any depth."""
    if template_name == "404.html" and not config.use_directory_urls:
        context["base_url"] = "."
    return context


def on_post_build(config: MkDocsConfig) -> None:
    # The search indexes, written while MkDocs rendered, go into the built site as they are:
    # scripts nothing in the build reads or links to. A dirty preview makes them, and the
    # downloads, only now: the browser reloads with the edit shown, they follow a few seconds later.
    if state.dirty:  # they stop as soon as a watched file changes: the next build makes its own
        for made in (state.site.downloads, state.site.indexes):
            made.stop.also_when(lambda seen=state.sources_seen: _watched_times(config) != seen, every=WATCH_EVERY)
        state.indexing = threading.Thread(target=_files_later, args=(state.site, Path(config.site_dir)), daemon=True)
        state.indexing.start()
    else:
        _wait(state.site.indexes, "chỉ mục tìm kiếm và tra cứu")
        state.site.copy_indexes(Path(config.site_dir))
        log.info(state.site.index_report())
    for warning in state.site.warnings:  # logged here, where strict mode counts them
        log.warning(str(warning))
    if state.command != "serve":  # a preview may need the last good files again
        state.site.close()


def _files_later(site, site_dir: Path) -> None:
    """In the preview's thread: the downloads and the indexes, made, into the site."""
    try:
        state.cache.downloads(site.downloads, site_dir)
        site.indexes.wait()
    except state.cancelled:  # the sources changed again (the next build makes them) or the preview stops
        state.collector.hold()  # the next build collects no garbage of this one (see _stop_indexing)
        why = "xem trước đã tắt" if state.stopping else "nguồn vừa đổi, bản mới sẽ tạo lại"
        log.info(f"Đã dừng tạo tệp tải về và chỉ mục tìm kiếm của bản trước: {why}.")
        return
    except Exception as failed:  # the thread's traceback: the pages are served, those files are not new
        log.error(f"Lỗi nội bộ khi tạo tệp tải về, chỉ mục tìm kiếm và tra cứu:\n{failed}")
        state.collector.settle()
        return
    site.copy_indexes(site_dir)
    state.collector.settle()  # the reader is looking at the page: the garbage of this build, collected now
    log.info(site.index_report())  # the last of the work after a reload (make bench-preview waits for it)


def _stop_indexing() -> None:
    """Before a preview's next build: the last build's downloads and indexes, if still being made
    (a minute at 1,000 plans), are stopped — the new build makes its own after its reload — not
    waited for: an edit soon after another shows as fast as one made after a pause."""
    if _indexing_stopped():  # it collects no garbage now: the last build's objects kept out of this one's collections
        state.collector.hold()


# Seconds between two looks at the watched files from the thread making a preview's indexes
# (a look: about a millisecond per thousand files). MkDocs polls every half second, then loads
# its configuration, at half speed while that thread holds the interpreter's lock.
WATCH_EVERY = 0.25


def _watched_times(config: MkDocsConfig) -> dict[str, int]:
    """The modification time of every file MkDocs watches for a rebuild (docs, config, `watch:`)."""
    times: dict[str, int] = {}
    folders = [config.docs_dir, *config.watch]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # a watched file (glossary.yml, below), or gone
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    folders.append(entry.path)
                else:
                    times[entry.path] = entry.stat().st_mtime_ns
            except OSError:  # removed meanwhile: noticed as missing
                continue
    for path in (config.config_file_path, *config.watch):
        if path and os.path.isfile(path):
            times[path] = os.stat(path).st_mtime_ns
    return times


def _indexing_stopped() -> bool:
    """The last build's downloads and indexes stopped if still being made, its thread ended;
    whether they were stopped."""
    stopped = state.indexing is not None and state.indexing.is_alive()  # its site is still state.site
    if stopped:
        state.site.downloads.cancel_job()
        state.site.indexes.cancel_job()
    if state.indexing is not None:
        state.indexing.join()  # within milliseconds once stopped
        state.indexing = None
    return stopped


def on_shutdown() -> None:
    # Stopped, not waited for: no one reads them any more, and a preview stopped with Ctrl-C
    # while making them (a minute at 1,000 plans) would otherwise be killed before it removed
    # its folders.
    state.stopping = True
    _indexing_stopped()
    if state.site is not None:  # a preview keeps its last site's files until it stops: not after
        state.site.close()
        state.site = None


def on_build_error(error: Exception) -> None:
    if state.rerender:
        state.rerender.forget()
    if state.site and state.command != "serve":
        state.site.close()


# The dirty preview (`mkdocs serve --dirty`, what `make serve` runs). MkDocs then renders again
# only the pages whose source is newer than their output, and keeps the other outputs. So the
# generated files live in a folder, each rewritten only when its content changed
# (plankb.preview.PageCache), and before MkDocs looks, the outputs that must change are removed
# (a generated page is then made again when its output is missing: _GeneratedFile): all of them
# when the set of files, the configuration, the site's templates or the core's code changed (the
# nav, every relative link and every page's frame depend on them), else those of the generated
# files that changed and of the hand-written pages whose citations, glossary links or offline
# paragraph changed. The pages' text is still handed over from memory (on_page_read_source),
# exactly as a full build gets it.

def _dirty_files(files: Files, config: MkDocsConfig, site) -> None:
    preview = importlib.import_module("plankb.preview")
    if state.cache is None:
        state.cache, state.rerender, state.collector = preview.PageCache(), preview.Rerender(), preview.QuietCollector()
        state.files = _GeneratedFiles()
        atexit.register(state.cache.close)
    changed = state.cache.update(site.pages)
    hand_written_files = [file for file in files if file.generated_by is None and file.is_documentation_page()]
    for file in state.files.of(config, state.cache.folder, site.pages):
        files.append(file)
    glossary = site.term_spellings()  # a term link carries no definition
    hand_written = {file.src_uri: site.hand_written(file.src_uri, file.content_string) + "\0" + glossary
                    for file in hand_written_files}
    # The build's day too: the sitemap's dates (below). And the site's own templates (every page's frame).
    day = os.environ.get("SOURCE_DATE_EPOCH") or datetime.datetime.now(datetime.UTC).date().isoformat()
    theme = sorted(p for p in Path(config.theme.custom_dir).rglob("*") if p.is_file()) if config.theme.custom_dir else []
    settings = b"\0".join([Path(config.config_file_path).read_bytes(), repr(_code_print()).encode(), day.encode(),
                           *(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))),
                           *(f"{p}\1".encode() + p.read_bytes() for p in theme)])
    forget = state.rerender.outputs_to_forget([f.src_uri for f in files], settings, changed, hand_written)
    site_dir = Path(config.site_dir)
    if forget is preview.EVERYTHING:
        for child in site_dir.iterdir() if site_dir.is_dir() else ():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        return
    # The sitemap lists every page's address with the build's day, the 404 page the main sections:
    # the same as the last build's while the files, the settings and the day are (0.15 s each of
    # a rebuild at 1,000 plans).
    config.theme.static_templates.difference_update({"sitemap.xml", "404.html"})
    for path in forget:
        if (file := files.get_file_from_path(path)) is not None:
            Path(file.abs_dest_path).unlink(missing_ok=True)


class _GeneratedFile(File):
    """A generated file of a dirty preview, made again when its output is missing: the hook
    removes the output of each file whose text changed (_dirty_files). One look at the disk
    instead of MkDocs's three (the output, its time, the source's time), twice per page and
    build: 0.8 s of each rebuild at 1,000 plans."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


class _GeneratedFiles:
    """A dirty preview's File of each generated page, kept from build to build while the
    site's folder and URL form are the same: making 30,000 again took 0.6 s of each rebuild at
    1,000 plans. What MkDocs adds to a File during a build is reset: its page (made again by
    each build) and its inclusion (computed again from the configuration)."""

    def __init__(self) -> None:
        self._made_for: tuple = ()
        self._files: dict[str, File] = {}

    def of(self, config: MkDocsConfig, folder: Path, paths: Iterable[str]) -> list[File]:
        made_for = (config.site_dir, config.use_directory_urls, folder)
        if made_for != self._made_for:
            self._made_for, self._files = made_for, {}
        kept, self._files, folder_name = self._files, {}, str(folder)  # a string: a Path per page took 0.1 s
        for path in paths:
            file = kept.get(path)
            if file is None:
                file = _GeneratedFile.generated(config, path, abs_src_path=f"{folder_name}/{path}")
            else:
                file.page, file.inclusion = None, InclusionLevel.UNDEFINED
            self._files[path] = file
        return list(self._files.values())


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page's text from the core: in a dirty preview the cached file may be older; in
    a build it is being written while MkDocs reads the pages before it."""
    if page.file.generated_by is None:
        return None
    try:
        return state.site.page_text(page.file.src_uri)
    except state.failed as failed:
        raise PluginError(f"Lỗi nội bộ khi sinh trang {page.file.src_uri}:\n{failed}") from None
