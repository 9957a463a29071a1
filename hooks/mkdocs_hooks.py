"""MkDocs adapter: load the sources, add the generated pages, link terms and citations,
fail the build with clear messages. Only this module imports MkDocs; the core is `plankb`.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plankb import citations, links, loader, site  # noqa: E402
from plankb.glossary_pages import cite_html  # noqa: E402
from plankb.model import Corpus  # noqa: E402
from plankb.problems import ValidationFailed  # noqa: E402
from plankb.relations import Relations  # noqa: E402
from plankb.render_common import Context  # noqa: E402
from plankb.term_linker import TermLinker  # noqa: E402
from plankb.vietnamese import markdown_slugify  # noqa: E402

log = logging.getLogger("mkdocs.hooks.plankb")


class _State:
    corpus: Corpus | None = None
    build: site.Build | None = None
    linker: links.Linker = links.Linker()
    terms: TermLinker | None = None


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    # Python-Markdown's default slugify drops "đ" ("đào tạo" → "ao-tao"); ours folds it to "d".
    config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
    try:
        corpus = loader.load_corpus(root)
    except ValidationFailed as failed:
        raise PluginError("Dữ liệu nguồn có lỗi:\n" + failed.report()) from None
    edit_url = None
    if config.repo_url and config.edit_uri:
        edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/").removesuffix("docs").strip("/") + "/"
    state.corpus = corpus
    state.linker = links.Linker(config.use_directory_urls)
    state.build = site.build(corpus, config.use_directory_urls, edit_url, config.site_url or "")
    state.terms = TermLinker(corpus.terms)
    for warning in [*corpus.warnings, *state.build.warnings]:
        log.warning(str(warning))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for generated in state.build.files:
        files.append(File.generated(config, generated.path, content=generated.content))
    return _with_vi_search_worker(files, config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Resolve [@key] citations in hand-written pages; an unknown key stops the build."""
    corpus = state.corpus
    unknown = citations.unknown_keys(markdown, lambda key: key in corpus.references or key in corpus.plans)
    if unknown:
        where = "\n".join(f"docs/{page.file.src_uri}:{line}: lỗi E207: khóa trích dẫn «{key}» không có trong "
                          "plans/references.bib" for line, key in unknown)
        raise PluginError("Trích dẫn không hợp lệ:\n" + where)
    ctx = Context(corpus, Relations(), state.linker)
    return citations.replace(markdown, lambda keys: "[" + "; ".join(
        ctx.reference_link(page.file.src_uri, key) for key in keys) + "]")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    glossary = state.linker.href(page.file.src_uri, links.GLOSSARY)
    if glossary.startswith("#"):
        glossary = ""
    return state.terms.link(html, glossary)


__all__ = ["on_config", "on_files", "on_page_markdown", "on_page_content", "cite_html"]


# --- Site search in Vietnamese (issue 7) ----------------------------------------------------
# Material's search worker builds its lunr index in the browser from search/search_index.json;
# see hooks/material_search_vi.js for how folding gets into it and plankb/searchtext.py for the rules.

LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
VI_FOLD_JS = "assets/javascripts/vi-fold.js"
WORKER_EXTENSION = Path(__file__).resolve().parent / "material_search_vi.js"


def _with_vi_search_worker(files: Files, config: MkDocsConfig) -> Files:
    """Serve Material's lunr.vi.min.js followed by vi-fold.js and material_search_vi.js."""
    theme_file, fold_file = files.get_file_from_path(LUNR_VI), files.get_file_from_path(VI_FOLD_JS)
    if theme_file is None or fold_file is None:
        raise PluginError(f"Thiếu {LUNR_VI} (của Material) hoặc docs/{VI_FOLD_JS}: tìm kiếm tiếng Việt "
                          "không gộp được dấu. Kiểm tra phiên bản mkdocs-material (9.8.1).")
    content = "\n;".join([theme_file.content_string, fold_file.content_string,
                          WORKER_EXTENSION.read_text(encoding="utf-8")])
    files.remove(theme_file)
    files.append(File.generated(config, LUNR_VI, content=content))
    return files


class _SearchView:
    rendered: dict[str, str] = {}


@event_priority(50)  # before Material's search plugin (priority 0) reads page.content
def _search_sees_index_view(context, page: Page, config: MkDocsConfig, nav):
    from plankb import searchtext

    _SearchView.rendered[page.file.src_uri] = page.content
    page.content = searchtext.index_view(page.content)
    return context


@event_priority(-50)  # after it: the page itself is rendered from the untouched HTML
def _page_gets_its_html_back(context, page: Page, config: MkDocsConfig, nav):
    page.content = _SearchView.rendered.pop(page.file.src_uri, page.content)
    return context


on_page_context = CombinedEvent(_search_sees_index_view, _page_gets_its_html_back)


@event_priority(-50)  # after Material's search plugin wrote the index (0), before `offline` inlines it (-100)
def on_post_build(config: MkDocsConfig) -> None:
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


__all__ += ["on_page_context", "on_post_build"]
