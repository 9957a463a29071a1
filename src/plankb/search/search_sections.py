"""The site search's entries for a generated page, made from the page's own Markdown.

The header search (Material's, until its replacement) indexes a page as sections: the text under
each heading, with the heading as title and its anchor as location. Its plugin finds them by
parsing every rendered page again, in pure Python, on the engine's one core; a generated page
has one known shape (front matter, then blocks between blank lines: a `#` heading with `{#id}`,
one line of raw HTML, or a paragraph of text), so the core reads its sections from the Markdown
where the page is made, and the engine is told to skip the page.

The sections are the ones Material's `Parser` (material/plugins/search/plugin.py, MIT) makes of
the rendered page: the same tags kept (p, code, pre, lists, sub, sup), the same ones skipped
(script, style, object, anything marked `data-search-exclude`), whitespace collapsed the same
way; the page is first seen as `searchtext.index_view` shows it (boilerplate marked, glued words
apart). tests/test_search_sections.py compares the two on every generated page of the seeds.
"""
from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser
from typing import TypedDict

from plankb.search import searchtext
from plankb.text.markup import split_front_matter
from plankb.text.vietnamese import markdown_slugify

HEADING = re.compile(r"(#{1,6}) (.*?)(?: \{#([^}\s]+)\})?$")
BLOCK_TAG = re.compile(r"<(?:/?)([a-zA-Z][a-zA-Z0-9]*)")
KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIP = frozenset({"object", "script", "style"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
HEADINGS = frozenset(f"h{n}" for n in range(1, 7))


class Entry(TypedDict):
    location: str
    title: str
    text: str


def page_html(markdown: str) -> str:
    """The page's content as the engine renders it, as far as the search reads it: headings
    with their ids, raw HTML lines as they are, text paragraphs inside <p>."""
    _, body = split_front_matter(markdown)
    parts = []
    used: set[str] = set(re.findall(r"\{#([^}\s]+)\}", body))
    for block in body.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        heading = HEADING.match(block) if block.startswith("#") else None
        if heading:
            level, title, anchor = heading.groups()
            anchor = anchor or _toc_id(title, used)
            parts.append(f'<h{len(level)} id="{anchor}">{title}</h{len(level)}>')
        elif block.startswith("<"):
            parts.append(block)
        else:
            parts.append(f"<p>{block}</p>")
    return "\n".join(parts)


def _toc_id(title: str, used: set[str]) -> str:
    """The id Python-Markdown's toc gives a heading without one: its text slugified, made unique."""
    base = markdown_slugify(unescape(re.sub(r"<[^>]*>", "", title)))
    anchor, n = base, 0
    while anchor in used:
        n += 1
        anchor = f"{base}_{n}"
    used.add(anchor)
    return anchor


class _Section:
    def __init__(self, tag: str | None, depth: int = 0) -> None:
        self.tag, self.depth = tag, depth
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []
        self.excluded = False


class _Sections(HTMLParser):
    """Material's search `Parser`, for our pages: a list of sections."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.context: list[tuple[str, bool]] = []  # (tag, skipped with its content)
        self.heading: int | None = None  # depth in context of the heading being read
        self.data: list[_Section] = []
        self.section: _Section | None = None

    def _current(self) -> _Section:
        if self.section is None:
            self.section = _Section(None)
            self.data.append(self.section)
        return self.section

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.context)

    def _into(self) -> list[str]:
        section = self._current()
        return section.title if self.heading is not None else section.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = dict(attrs)
        # Material also leaves out line numbers of code and the "#" permalinks of headings.
        skipped = tag in SKIP or "data-search-exclude" in names or names.get("class") in ("linenodiv", "headerlink")
        self.context.append((tag, skipped))
        if tag in HEADINGS and "id" in names:
            if tag != "h1" and not self.data:
                self.data.append(_Section(None, len(self.context)))
            self.section = _Section(tag, len(self.context))
            self.section.excluded = "data-search-exclude" in names
            if self.data:
                self.section.id = names["id"]
            self.data.append(self.section)
            self.heading = len(self.context)
        self._current()
        if not skipped and not self._skipping() and tag in KEEP:
            self._into().append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1][0] != tag:
            return
        section = self._current()
        if section.depth > len(self.context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(self.context):
                    section.depth = 1 << 30
                    self.section = earlier
                    break
        if self.heading == len(self.context):
            self.heading = None
        _, skipped = self.context.pop()
        if skipped or self._skipping() or tag not in KEEP:
            return
        into = self._into()
        opened = into.index(f"<{tag}>")  # the first one, as Material's parser does
        if all(piece.isspace() for piece in into[opened + 1:]):
            del into[opened:]
        else:
            into.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        if all(tag != "pre" for tag, _ in self.context):
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self._current()
        if self.heading is not None:
            section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace():
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def entries(markdown: str, url: str, page_title: str) -> list[Entry]:
    """The search entries of a generated page at `url` (relative to the site root)."""
    return entries_from_html(page_html(markdown), url, page_title)


def entries_from_html(html: str, url: str, page_title: str) -> list[Entry]:
    """The search entries of a page's rendered content (a hand-written page)."""
    parser = _Sections()
    parser.feed(searchtext.index_view(html))
    parser.close()
    found: list[Entry] = []
    for section in parser.data:
        if section.excluded:
            continue
        location = url + (f"#{section.id}" if section.id else "")
        title = "".join(section.title).strip() or page_title
        found.append(Entry(location=location, title=title, text="".join(section.text).strip()))
    return found
