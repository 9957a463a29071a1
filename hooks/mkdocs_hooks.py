"""MkDocs adapter: load the sources, add the generated pages, link terms and citations,
fail the build with clear messages. Only this module imports MkDocs; the core is `plankb`.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
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
    return files


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
