"""Tiny HTML and Markdown helpers: everything from the sources is escaped here."""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

# What can start Markdown syntax inside a heading line: escapes, code, emphasis, links and
# images, attribute lists, HTML and entities, closing hashes, mark/tilde/caret, line breaks.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&#~^=\n\r]")


def esc(text: object) -> str:
    """HTML-escaped text. Line breaks become character references too: generated pages are
    Markdown, and a blank line would end the raw HTML block and let Markdown read the rest."""
    return html.escape(str(text), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def md_inline(text: str) -> str:
    """Source words inside Markdown (headings): no Markdown or HTML in them takes effect.

    Special characters become numeric character references, which Markdown never reads as
    syntax (with any extension) and which browsers show as the characters themselves.
    """
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text)


def link(href: str, text: str, title: str | None = None, cls: str | None = None) -> str:
    attrs = f' href="{esc(href)}"'
    if title:
        attrs += f' title="{esc(title)}"'
    if cls:
        attrs += f' class="{esc(cls)}"'
    return f"<a{attrs}>{esc(text)}</a>"


def join(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(items)


def date_vi(iso: str | None) -> str | None:
    """'2021-11-01' → '01/11/2021'."""
    if not iso:
        return None
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def unknown() -> str:
    return '<span class="kh-unknown">không rõ</span>'


def split_front_matter(page: str) -> tuple[str, str]:
    """(front matter with its closing '---' line, the rest) of a page's Markdown; ("", page) without one."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 4)
        if end != -1:
            return page[:end + 5], page[end + 5:]
    return "", page


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] grown to the white-space-delimited token around it."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def spans_to_html(text: str, spans: list[tuple[int, int, str]], whole_tokens: bool = True) -> str:
    """Escape `text`, wrapping each (start, end, opening <a> tag) span in a link; overlaps are dropped.

    The opening tag is concatenated, never used as a template: it carries source text (a
    glossary definition in a title) that may hold any character, braces included.

    A span grows to the whole white-space-delimited token (unless `whole_tokens` is False: a
    glossary link covers exactly its term): a tag glued to punctuation
    ("tế;") would otherwise read as a space in extracted text ("tế ;"), and citation
    tools and our fidelity check compare extracted text with the source.
    """
    out, pos = [], 0
    for start, end, opening in sorted(spans):
        if start < pos:
            continue
        if whole_tokens:
            start, end = token_bounds(text, start, end)
            start = max(start, pos)
        out.append(esc(text[pos:start]))
        out.append(f"{opening}{esc(text[start:end])}</a>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


# A tag, or a run of text between white space and tags; a number range ("2021-2025", "3-5").
_TAG_OR_TOKEN = re.compile(r"<[^>]*>|[^\s<>]+")
_NUMBER_RANGE = re.compile(r"(?<![\w&#])\d+(?:[-‐‑–]\d+)+(?!\w)")


def number_ranges_unbroken(fragment: str) -> str:
    """Escaped text with each number range kept on one line: a browser may break "2021-2025"
    after the hyphen, and text taken from the printed page then reads "20212025". The span
    covers the whole white-space-delimited token ("2021-2025;"), as links do (see spans_to_html)."""
    def keep(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("<") or not _NUMBER_RANGE.search(token):
            return token
        return f'<span class="kh-nowrap">{token}</span>'
    return _TAG_OR_TOKEN.sub(keep, fragment)


# From this many columns a table is "wide": on a phone each of its rows is a card, a cell a line
# under its column's name (docs/assets/site.css), rather than columns a word wide.
WIDE_TABLE = 5
_TAG = re.compile(r"<[^>]*>")


def table(headers: list[str], rows: list[list[str]], cls: str = "kh-table", box: str = "kh-scroll",
          cards: bool | None = None) -> str:
    """A table in a box of its own (classes `box`), which scrolls sideways when the table is wider
    than the page: a syllable is never broken to make a table fit. `cards` (by default: a wide
    table) names each cell after its column, for the phone's cards."""
    if cards is None:
        cards = len(headers) >= WIDE_TABLE
    head = "".join(f"<th>{h}</th>" for h in headers)
    labels = [f' data-label="{_TAG.sub("", h)}"' if cards else "" for h in headers]
    body = "".join("<tr>" + "".join(f"<td{label}>{c}</td>" for label, c in zip(labels, row, strict=True)) + "</tr>" for row in rows)
    html = f'<table class="{cls}{" kh-cards" if cards else ""}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="{box}">{html}</div>'


def data_script(global_name: str, payload: object) -> str:
    """A data file a page's script loads with <script> (which works from a folder too, where
    fetching JSON does not): `payload` as JSON in window.<global_name>."""
    return f"window.{global_name} = " + json.dumps(payload, ensure_ascii=False) + ";\n"
