"""What the site takes from Material for MkDocs beyond its templates, in one place: its header
search, fed with the core's index. Goes when the site has a search of its own.

- The core makes the search entries of every page (plankb.search.search_sections, Material's own
  format), so Material's plugin is told to skip each page (the `search.exclude` front matter it
  documents) and its search_index.json gets the core's entries and the Vietnamese rules of
  plankb.search.searchtext (separator, pipeline), UTF-8 instead of \\uXXXX escapes.
- Its search worker folds Vietnamese: lunr.vi.min.js, which it loads for `lang: vi`, is served
  followed by vi-fold.js and material_search_vi.js (see that file for why).
- Its search overlay, a dialog without a name (axe: aria-dialog-name), gets one.
- A page title taken from a hand-written page's h1 is escaped HTML, but the theme prints it
  through Jinja's `striptags`, which unescapes it into <title>: "</title><script>" in a name would
  run. As front matter, the theme prints it as it is (escaped), like the titles the core writes.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from plankb.search import searchtext

LUNR_VI = "assets/javascripts/lunr/min/lunr.vi.min.js"
VI_FOLD_JS = Path(__file__).resolve().parent.parent / "docs/assets/javascripts/vi-fold.js"
WORKER_EXTENSION = Path(__file__).resolve().parent / "material_search_vi.js"
SEARCH_DIALOG = 'data-md-component="search" role="dialog"'


def with_vi_search_worker(files: Files, config: MkDocsConfig) -> None:
    theme_file = files.get_file_from_path(LUNR_VI)
    if theme_file is None:
        raise PluginError(f"Thiếu {LUNR_VI} của Material: tìm kiếm tiếng Việt không gộp được dấu. "
                          "Kiểm tra phiên bản mkdocs-material (9.8.1) và theme.language: vi.")
    parts = [theme_file.content_string, VI_FOLD_JS.read_text(encoding="utf-8"), WORKER_EXTENSION.read_text(encoding="utf-8")]
    files.remove(theme_file)
    files.append(File.generated(config, LUNR_VI, content="\n;".join(parts)))


def indexed_by_the_core(page: Page) -> bool:
    """Tell Material's plugin to skip the page; False if its author excluded it from search."""
    search = page.meta.setdefault("search", {})
    if not isinstance(search, dict) or search.get("exclude"):
        return False
    search["exclude"] = True
    return True


def title_kept_escaped(page: Page) -> None:
    if page.title and not page.meta.get("title") and not page.is_homepage:
        page.meta["title"] = page.title


def search_dialog_named(output: str) -> str:
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG + ' aria-label="Tìm kiếm"', 1)


def search_index_completed(config: MkDocsConfig, entries: list[dict]) -> None:
    """Run after Material's plugin wrote search/search_index.json, before `offline` copies it."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["config"].update(lang=["vi"], separator=searchtext.SEPARATOR, pipeline=searchtext.PIPELINE)
    data["docs"] = entries
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
