"""MkDocs adapter: load the sources, add the generated pages, fail the build with clear messages.

Only this module imports MkDocs; the domain core lives in `plankb`.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plankb import loader, site  # noqa: E402
from plankb.vietnamese import markdown_slugify  # noqa: E402
from plankb.problems import ValidationFailed  # noqa: E402

log = logging.getLogger("mkdocs.hooks.plankb")
_generated: list[site.GeneratedFile] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    # Python-Markdown's default slugify drops "đ" ("đào tạo" → "ao-tao"); ours folds it to "d".
    config.mdx_configs.setdefault("toc", {})["slugify"] = markdown_slugify
    try:
        corpus = loader.load_corpus(root)
    except ValidationFailed as failed:
        raise PluginError("Dữ liệu nguồn có lỗi:\n" + failed.report()) from None
    for warning in corpus.warnings:
        log.warning(str(warning))
    edit = config.repo_url and config.edit_uri and config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/").replace("docs", "").strip("/")
    _generated[:] = site.build(corpus, config.use_directory_urls, (edit + "/") if edit else None)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for generated in _generated:
        files.append(File.generated(config, generated.path, content=generated.content))
    return files
