"""Link glossary terms inside rendered HTML: first occurrence per section, never in headings,
links, code, field names or elements marked `data-no-terms` (citation boxes), and never a term
inside its own glossary entry."""
from __future__ import annotations

import html
import re

from plankb.model import Term
from plankb.text.markup import data_script, esc, spans_to_html, split_front_matter, token_bounds
from plankb.text.phrases import Phrase, PhraseMatcher

# A tag, with its closing slash and name when it has one (not for comments or doctypes).
TAG = re.compile(r"<(?:\s*(/?)\s*([a-zA-Z0-9]+))?[^>]*>")
SKIP_TAGS = {"a", "code", "pre", "kbd", "script", "style", "dt", "button", "svg", "textarea", "title", "summary"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A term is linked once per part of a page (what an h2 opens: "I. MỤC ĐÍCH, YÊU CẦU"), not under
# every subheading: a plan of forty subsections would link "mại dâm" forty times.
SECTION_HEADINGS = {"h1", "h2"}
SECTION_HEADING_LINE = ("# ", "## ")
# A document's number ("5971/KH-UBND", "178/2004/NĐ-CP", "1629/QĐ-TTg"): no term is linked inside
# one. A name with a slash ("BCĐ 138/ĐP") is not one: a number has a dash after its slash.
DOCUMENT_NUMBER = re.compile(r"\d+/(?:\d+/)?[^\s/]*-")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
DATA_TERM = re.compile(r'data-term="([a-z0-9-]+)"')
HEADING_LINE = re.compile(r"(?m)(^#{1,6} [^\n]*$)")
CITATION = re.compile(r"\s*\[@[^\]]+\]")


def plain_definition(term: Term) -> str:
    return CITATION.sub("", " ".join(term.definition.split()))


def spellings(terms: dict[str, Term]) -> str:
    """What linking terms depends on (not their definitions: a link carries none)."""
    return repr([(t.id, t.term, t.aliases, t.case_sensitive) for t in terms.values()])


def definitions_script(terms: dict[str, Term]) -> str:
    """Every term's definition, as text, by id: a term link carries none (a definition edit then
    changes this file and the glossary page, not every page that links the term); tooltip.js
    loads it on a link's first hover or focus. A script, not JSON: it loads from a folder too."""
    found = {term_id: plain_definition(term) for term_id, term in sorted(terms.items())}
    return data_script("khThuatNgu", found)


def matcher_for(terms: dict[str, Term]) -> PhraseMatcher:
    return PhraseMatcher([
        Phrase(spelling, term.id, term.case_sensitive)
        for term in terms.values() for spelling in (term.term, *term.aliases)
    ])


class TermLinker:
    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.matcher = matcher_for(terms)

    def link(self, page_html: str, glossary_href: str, linked: set[str] | None = None) -> str:
        """`glossary_href` is the glossary page's URL relative to this page (anchors are term ids).

        Walks the tags and rewrites only the texts that get a link: most of a page is copied
        as it is."""
        pieces: list[str] = []
        copied = 0  # page_html[:copied] is in pieces
        stack: list[tuple[str, bool, str | None]] = []  # (tag, skipped, term id owning the element)
        skip_depth = 0
        owned = 0
        linked = set() if linked is None else linked  # terms linked so far in this section
        text_start = 0
        for found in [*TAG.finditer(page_html), None]:  # None: the text after the last tag
            text_end = found.start() if found else len(page_html)
            if not skip_depth and text_end > text_start:
                text = page_html[text_start:text_end]
                owners = {owner for _, _, owner in stack if owner} if owned else set()
                with_links = self._link_text(text, glossary_href, linked, owners) if text.strip() else None
                if with_links is not None:
                    pieces += [page_html[copied:text_start], with_links]
                    copied = text_end
            if found is None:
                break
            text_start = found.end()
            closing, tag = found.group(1), found.group(2)
            token = found.group(0)
            if tag is None or token.startswith("<!"):
                continue
            tag = tag.lower()
            if tag in VOID or token.endswith("/>"):
                continue
            if closing:
                while stack:
                    name, skipped, owner = stack.pop()
                    skip_depth -= skipped
                    owned -= owner is not None
                    if name == tag:
                        break
                continue
            owner_match = DATA_TERM.search(token)
            skipped = tag in SKIP_TAGS or tag in HEADINGS or "data-no-terms" in token
            stack.append((tag, skipped, owner_match.group(1) if owner_match else None))
            owned += owner_match is not None
            skip_depth += skipped
            if tag in SECTION_HEADINGS:
                linked = set()
        pieces.append(page_html[copied:])
        return "".join(pieces)

    def link_markdown(self, page: str, glossary_href: str) -> str:
        """The same for a generated page's Markdown (front matter, `#` headings, blocks of raw HTML
        or text): the HTML MkDocs renders from the result is the one `link` makes of its output."""
        front, page = split_front_matter(page)
        pieces = [front]
        linked: set[str] = set()
        for chunk in HEADING_LINE.split(page):  # headings are own lines, never linked
            if HEADING_LINE.fullmatch(chunk):
                if chunk.startswith(SECTION_HEADING_LINE):
                    linked = set()
                pieces.append(chunk)
            else:
                pieces.append(self.link(chunk, glossary_href, linked))
        return "".join(pieces)

    def _link_text(self, escaped: str, glossary_href: str, linked: set[str], owners: set[str]) -> str | None:
        """The text with its terms linked, or None when nothing is linked. A line break as
        written stays one (in a page's Markdown, "&#10;&#10;" would join two blocks)."""
        if "\n" in escaped:
            lines = [self._link_text(line, glossary_href, linked, owners) for line in escaped.split("\n")]
            if all(line is None for line in lines):
                return None
            return "\n".join(raw if line is None else line for raw, line in zip(escaped.split("\n"), lines, strict=True))
        text = html.unescape(escaped)
        spans = []
        for match in self.matcher.find(text):
            term_id = match.phrase.target
            if term_id in linked or term_id in owners or DOCUMENT_NUMBER.search(text, *token_bounds(text, match.start, match.end)):
                continue
            linked.add(term_id)
            href = esc(f"{glossary_href}#{term_id}")
            spans.append((match.start, match.end, f'<a class="kh-term" href="{href}">'))
        return spans_to_html(text, spans, whole_tokens=False) if spans else None
