"""The project's own fidelity check: every source paragraph must be in the page's visible text.

Same rules as the team's reference tool: conversion noise (Markdown marks, bullets, the section
number at a line start, trailing punctuation, "./.") is not content; case, runs of white space,
spacing around hyphens and the kind of dash or quote mark are not compared.
"""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

NUMBERING = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\))\s+", re.IGNORECASE)
BULLET = re.compile(r"^[-·•+*]\s*")
SENTENCE_END = re.compile(r"[.;:!?/)\"”]$")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text)).replace("\u00a0", " ").replace("¶", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    text = re.sub(r"[\u2018\u2019]", "'", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _clean(line: str) -> str:
    line = line.replace("**", "").replace("\\", "")
    line = re.sub(r"^#+\s*", "", line.strip())
    line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line)
    return re.sub(r"\./\..*$", "", line).strip()


def source_paragraphs(text: str) -> list[str]:
    joined: list[str] = []
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        starts = bool(BULLET.match(line) or NUMBERING.match(line)) or line[:1].isupper()
        if joined and not starts and not SENTENCE_END.search(joined[-1]):
            joined[-1] += ("" if joined[-1].endswith("-") else " ") + line
        else:
            joined.append(line)
    out = []
    for paragraph in joined:
        paragraph = BULLET.sub("", paragraph)
        while NUMBERING.match(paragraph):
            paragraph = NUMBERING.sub("", paragraph, count=1)
        paragraph = paragraph.strip().rstrip(":.;, ").strip()
        if len(paragraph) >= 3:
            out.append(paragraph)
    return out


class _Visible(HTMLParser):
    """Visible text as a reader sees it: an inline tag (a link, a mark) adds no space, as in a
    browser ("mại dâm</a>;" reads "mại dâm;"); any other tag separates words."""
    INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
              "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "template")
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(page_html: str) -> str:
    parser = _Visible()
    parser.feed(page_html)
    return norm("".join(parser.parts))


def missing_paragraphs(source: str, page_html: str) -> list[str]:
    text = visible_text(page_html)
    return [p for p in source_paragraphs(source) if norm(p) not in text]


def term_definitions(site) -> dict[str, str]:
    """The definitions a built site wrote for its term links' tooltips (du-lieu/thuat-ngu.js):
    a page carries none."""
    import json

    script = (site / "du-lieu" / "thuat-ngu.js").read_text(encoding="utf-8")
    return json.loads(script.removeprefix("window.khThuatNgu = ").removesuffix(";\n"))
