"""What the site takes from Material for MkDocs beyond its templates, in one place.

A page title taken from a hand-written page's h1 is escaped HTML, but the theme prints it
through Jinja's `striptags`, which unescapes it into <title>: "</title><script>" in a name would
run. As front matter, the theme prints it as it is (escaped), like the titles the core writes.
(The header search is the site's own: docs/assets/javascripts/tim-kiem.js on the core's index.)
"""
from __future__ import annotations

from mkdocs.structure.pages import Page


def title_kept_escaped(page: Page) -> None:
    if page.title and not page.meta.get("title") and not page.is_homepage:
        page.meta["title"] = page.title
