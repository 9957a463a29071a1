"""The last touch on a page MkDocs has rendered: glossary terms linked, and the view of it that
the site search indexes. Pure functions of the HTML, so they can run in another process."""
from __future__ import annotations

from typing import NamedTuple

from . import searchtext
from .model import Term
from .term_linker import TermLinker


class FinishedPage(NamedTuple):
    html: str  # the page's content, terms linked
    # What the site search reads instead (see searchtext.index_view), made from the HTML before
    # terms are linked: the same words, less markup for Material's search plugin to parse.
    search_view: str


class PageFinisher:
    def __init__(self, terms: dict[str, Term]) -> None:
        self.linker = TermLinker(terms)

    def __call__(self, page: tuple[str, str]) -> FinishedPage:
        """`page` is (its HTML, the glossary's URL relative to it)."""
        content, glossary_href = page
        linked = self.linker.link(content, glossary_href)
        return FinishedPage(linked, searchtext.index_view(content))
