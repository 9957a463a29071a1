"""Link glossary terms inside rendered HTML: first occurrence per section, never in headings,
links, code, field names or elements marked `data-no-terms` (citation boxes), and never a term
inside its own glossary entry."""
from __future__ import annotations

import html
import re

from .html import esc, spans_to_html
from .model import Term
from .phrases import Phrase, PhraseMatcher

TOKEN = re.compile(r"(<[^>]*>)")
SKIP_TAGS = {"a", "code", "pre", "kbd", "script", "style", "dt", "button", "svg", "textarea", "title", "summary"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
DATA_TERM = re.compile(r'data-term="([a-z0-9-]+)"')
CITATION = re.compile(r"\s*\[@[^\]]+\]")


def plain_definition(term: Term) -> str:
    return CITATION.sub("", " ".join(term.definition.split()))


def matcher_for(terms: dict[str, Term]) -> PhraseMatcher:
    return PhraseMatcher([
        Phrase(spelling, term.id, term.case_sensitive)
        for term in terms.values() for spelling in (term.term, *term.aliases)
    ])


class TermLinker:
    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.matcher = matcher_for(terms)

    def link(self, page_html: str, glossary_href: str) -> str:
        """`glossary_href` is the glossary page's URL relative to this page (anchors are term ids)."""
        out: list[str] = []
        stack: list[tuple[str, str | None]] = []  # (tag, term id owning the element)
        skip_depth = 0
        linked: set[str] = set()
        for token in TOKEN.split(page_html):
            if not token:
                continue
            if token.startswith("<"):
                out.append(token)
                match = TAG_NAME.match(token)
                if not match or token.startswith("<!"):
                    continue
                closing, tag = match.group(1) == "/", match.group(2).lower()
                if tag in VOID or token.endswith("/>"):
                    continue
                if closing:
                    while stack:
                        open_tag, _ = stack.pop()
                        name, _, skipped = open_tag.partition("\0")
                        if skipped:
                            skip_depth -= 1
                        if name == tag:
                            break
                    continue
                owner = DATA_TERM.search(token)
                skipped = tag in SKIP_TAGS or tag in HEADINGS or "data-no-terms" in token
                stack.append((tag if not skipped else f"{tag}\0skip", owner.group(1) if owner else None))
                if tag in HEADINGS:
                    linked = set()
                if skipped:
                    skip_depth += 1
                continue
            if skip_depth or not token.strip():
                out.append(token)
                continue
            owners = {owner for _, owner in stack if owner}
            out.append(self._link_text(token, glossary_href, linked, owners))
        return "".join(out)

    def _link_text(self, escaped: str, glossary_href: str, linked: set[str], owners: set[str]) -> str:
        text = html.unescape(escaped)
        spans = []
        for match in self.matcher.find(text):
            term_id = match.phrase.target
            if term_id in linked or term_id in owners:
                continue
            linked.add(term_id)
            term = self.terms[term_id]
            href = f"{glossary_href}#{term_id}"
            spans.append((match.start, match.end,
                          f'<a class="kh-term" href="{esc(href)}" title="{esc(plain_definition(term))}">{{}}</a>'))
        return spans_to_html(text, spans) if spans else escaped
