"""What the site search finds: a page cut into documents — the text under each heading, and each
item of a plan (a duty, a target, a report: an element with class `kh-item` and an id) on its
own, so a result opens on the item, not the top of its section.

Read from the page as the core makes it (generated pages: their Markdown, whose blocks have one
known shape; hand-written pages: their Markdown rendered by Python-Markdown here), never from
what an engine rendered. Boilerplate is skipped as `searchtext.index_view` marks it (permalinks,
duties quoted on agency pages, excerpts linking to a plan), with script, style and anything
marked `data-search-exclude`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from plankb.search import searchtext
from plankb.text.markup import split_front_matter
from plankb.text.vietnamese import markdown_slugify

HEADING = re.compile(r"(#{1,6}) (.*?)(?: \{#([^}\s]+)\})?$")
HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
SKIP = frozenset({"object", "script", "style", "template"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
# A plan's items (duties, targets, reports), the glossary's terms and the documents cited are
# documents of their own.
ITEM_CLASSES = frozenset({"kh-item", "kh-term-entry", "kh-reference"})
# Tags inside a line of text: their ends are not a word break ("mại dâm</a>," stays "mại dâm,").
INLINE = frozenset({"a", "abbr", "b", "bdi", "cite", "code", "data", "em", "i", "kbd", "mark", "q", "s", "small",
                    "span", "strong", "sub", "sup", "time", "u", "var"})


@dataclass(frozen=True, slots=True)
class Document:
    url: str  # the page's URL, with "#anchor" for a section or an item
    page: str  # the page's URL: results are grouped by it
    page_title: str
    title: str  # the heading the text is under
    label: str  # an item's number in its plan ("IV.4"), "" for a section
    text: str


def page_html(markdown: str) -> str:
    """A generated page's content as an engine renders it, as far as the search reads it:
    headings with their ids, raw HTML lines as they are, text paragraphs inside <p>."""
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


class _Part:
    def __init__(self, anchor: str | None, title: str, label: str = "") -> None:
        self.anchor, self.title, self.label = anchor, title, label
        self.text: list[str] = []


# The markup of a page as html.parser reads it, at a fraction of its cost (it was a quarter of a
# build's time): comments and declarations skipped, tag and attribute names lower case, values
# and text unescaped, the content of script and style taken as it is (never as tags).
_TOKEN = re.compile(r"<!--.*?(?:-->|$)|<[!?][^>]*>?|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(r"""([^\s=/>"'][^\s=/>]*)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT = frozenset({"script", "style"})


def _attributes(text: str) -> list[tuple[str, str | None]]:
    return [(name.lower(), unescape(double or single or bare) if assigned else None)
            for name, assigned, double, single, bare in _ATTR.findall(text)]


def _read(reader: _Reader, html: str) -> None:
    """Hand `html` to `reader` as html.parser would: starts, ends and text, in order."""
    at, end = 0, len(html)
    while at < end:
        found = _TOKEN.search(html, at)
        if found is None:
            reader.handle_data(unescape(html[at:]))
            return
        if found.start() > at:
            reader.handle_data(unescape(html[at:found.start()]))
        at = found.end()
        closing, tag = found.group(1), found.group(2)
        if tag is None:
            continue  # a comment, a declaration
        tag = tag.lower()
        if closing:
            reader.handle_endtag(tag)
            continue
        attributes = found.group(3)
        reader.handle_starttag(tag, _attributes(attributes) if attributes.strip() else [])
        if attributes.rstrip().endswith("/"):
            reader.handle_endtag(tag)
        elif tag in _RAW_TEXT:
            close = re.compile(rf"</{tag}\s*>", re.I).search(html, at)
            stop = close.start() if close else end
            if stop > at:
                reader.handle_data(html[at:stop])
            if close:
                reader.handle_endtag(tag)
            at = close.end() if close else end


class _Reader:
    def __init__(self) -> None:
        self.open: list[tuple[str, bool, bool]] = []  # (tag, skipped with its content, opens an item)
        self.skipping = 0
        self.heading: _Part | None = None  # the heading being read
        self.heading_depth = 0
        self.section = _Part(None, "")
        self.items: list[_Part] = []  # the item being read, innermost last
        self.parts: list[_Part] = [self.section]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag == "br":
                self._text(" ")
            return
        names = dict(attrs)
        classes = (names.get("class") or "").split()
        skipped = tag in SKIP or "data-search-exclude" in names or "headerlink" in classes
        item = not skipped and not self.skipping and not ITEM_CLASSES.isdisjoint(classes) and bool(names.get("id"))
        self.open.append((tag, skipped, item))
        self.skipping += skipped
        if self.skipping:
            return
        if tag in HEADINGS and self.items:  # a term's name: the title of its entry
            self.items[-1].title = ""
            self.heading, self.heading_depth = self.items[-1], len(self.open)
        elif tag in HEADINGS and names.get("id"):
            self.section = _Part(None if tag == "h1" else names["id"], "")  # the h1's is the page's URL
            self.parts.append(self.section)
            self.heading, self.heading_depth = self.section, len(self.open)
            self.items = []
        elif item:
            part = _Part(names["id"], self.section.title, names.get("data-path") or "")
            self.items.append(part)
            self.parts.append(part)
        elif tag not in INLINE:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        _, skipped, item = self.open.pop()
        self.skipping -= skipped
        if self.heading is not None and len(self.open) < self.heading_depth:
            self.heading = None
        if item and self.items:
            self.items.pop()
        if tag not in INLINE:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.heading is not None:
            self.heading.title += data
        else:
            (self.items[-1] if self.items else self.section).text.append(data)


def _clean(text: str) -> str:
    return " ".join(text.split())


def from_html(html: str, page_url: str, page_title: str) -> list[Document]:
    """The documents of a page's content (its rendered HTML)."""
    reader = _Reader()
    _read(reader, searchtext.index_view(html))
    found: list[Document] = []
    for part in reader.parts:
        title, text = _clean(part.title), _clean("".join(part.text))
        if not text and not title and part.anchor is None:
            continue  # nothing before the first heading
        found.append(Document(page_url + (f"#{part.anchor}" if part.anchor else ""), page_url, page_title,
                              title or page_title, part.label, text))
    return found


def from_markdown(markdown: str, page_url: str, page_title: str) -> list[Document]:
    """The documents of a generated page."""
    return from_html(page_html(markdown), page_url, page_title)


# A hand-written page as mkdocs.yml renders it (the extensions that change its text or ids).
HANDWRITTEN_EXTENSIONS = ["attr_list", "admonition", "tables", "pymdownx.details"]


def from_handwritten(markdown: str, page_url: str) -> list[Document] | None:
    """The documents of a hand-written page (None if its front matter keeps it out of search:
    `search: {exclude: true}`), titled by its front matter's title or its first heading."""
    import markdown as python_markdown
    import yaml

    front, body = split_front_matter(markdown)
    meta = yaml.safe_load(front[4:-5]) if front else None
    meta = meta if isinstance(meta, dict) else {}
    search = meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return None
    renderer = python_markdown.Markdown(extensions=[*HANDWRITTEN_EXTENSIONS, "toc"],
                                        extension_configs={"toc": {"slugify": markdown_slugify}})
    html = renderer.convert(body)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    title = str(meta.get("title") or (unescape(re.sub(r"<[^>]*>", "", heading.group(1))) if heading else ""))
    return from_html(html, page_url, title)
