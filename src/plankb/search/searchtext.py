"""Vietnamese search rules shared by the site search and the duty finder.

One definition of how text becomes search words, used where it must agree: the index builder
(plankb.search.index_files), the Python engine (plankb.search.engine) and the browser's
(docs/assets/javascripts/vi-fold.js holds the same constants and folding; tests compare them).

Rules: words are lower case, NFC; every word matches folded (no tone marks, no vowel marks,
đ → d), so "doi" finds "Đội" and "mại dâm" still finds the typo "mai dâm"; results with the
accented query words as typed rank first. Stop words are compared accented and never folded:
"mà" is a stop word, "ma" (ma túy) is not. Punctuation separates words, except a dot inside a
number ("1.000") — so "tỉnh." is "tỉnh", "178/2004/NĐ-CP" is "178", "2004", "nđ", "cp", and
"1629" stays a word.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# The stop words of lunr-languages' Vietnamese (lunr.vi), which the site search used before.
# Accented, compared before folding.
STOP_WORDS = frozenset({"là", "cái", "nhưng", "mà"})

# A regular expression JavaScript reads alike (vi-fold.js has it as a string).
SEPARATOR = r"""[\s\u200b\-‐‑–—,;:!?()\[\]{}"“”'‘’«»…/\\#]+|\.(?!\d)"""
SEPARATOR_RE = re.compile(SEPARATOR)

_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """'Đội kiểm tra' → 'Doi kiem tra'. Same steps as viFold.fold in vi-fold.js."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed))


def words(text: str) -> list[str]:
    """The searched words of `text`: lower case, NFC, split at SEPARATOR, without the stop words
    (the index and the query alike)."""
    return [t for t in SEPARATOR_RE.split(unicodedata.normalize("NFC", text).lower()) if t and t not in STOP_WORDS]


# --- What the site search indexes --------------------------------------------------------

# Elements the site search skips: citation boxes mark themselves `data-search-exclude`;
# these are boilerplate or repeat text whose canonical place is a plan page: "#" permalinks of
# plan items, duties quoted on agency pages (blockquote.kh-quote, <q>) and excerpts of duties
# linked from sector and area pages (a link to an anchor whose text ends with "…"). The search
# result should lead to the plan, where the duty has its anchor; the duty finder lists duties.
SEARCH_EXCLUDE_CLASSES = ("kh-anchor", "kh-quote")
SEARCH_EXCLUDE_TAGS = ("q",)
_EXCERPT_LINK = re.compile(r"""<a(\s[^<>]*?href="[^"]*#[^"]*"[^<>]*)>([^<]*…)</a>""")

_OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?)?(/?)>")
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_EXCERPT_TAG = re.compile(r"""<a(\s[^<>]*?href="[^"]*#[^"]*"[^<>]*)>""")
# Pages have thousands of tags and a handful to mark: str.find reaches those candidates many
# times faster than a regular expression tried at every "<".
_CANDIDATES = (*SEARCH_EXCLUDE_CLASSES, *(f"<{t}" for tag in SEARCH_EXCLUDE_TAGS for t in (tag, tag.upper())))
_EXCERPT_END = "…</a>"
# Tags after which a browser shows a break but an HTML-to-text extractor glues words:
# "<dd>Xã</dd><dt>Địa bàn</dt>" must not become "XãĐịa", nor "mại dâm</strong><br>Có" "dâmCó".
_GLUE = re.compile(r"(</(?:p|li|dt|dd|td|th|tr|div|span|a|h[1-6]|ul|ol|dl|table|caption|blockquote|"
                   r"details|summary|label|option|button|figcaption|section|header|footer)>(?=<)|<br\s*/?>(?!\s))")


def _positions(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at != -1:
        yield at
        at = text.find(needle, at + 1)


def _enclosing_tag(text: str, at: int) -> tuple[int, int] | None:
    """(start, end) of the tag `<…>` around position `at`, if `at` is inside one."""
    start = text.rfind("<", 0, at + 1)
    end = text.find(">", at)
    if start == -1 or end == -1 or text.rfind(">", start, at) != -1 or text.find("<", start + 1, end) != -1:
        return None
    return start, end + 1


def _excluded(match: re.Match) -> str | None:
    """The opening tag with `data-search-exclude` added, when it is boilerplate (None otherwise)."""
    tag, attrs, slash = match.group(1), match.group(2) or "", match.group(3)
    found = _CLASS_ATTR.search(attrs)
    classes = (found.group(1) or found.group(2) or "").split() if found else []
    excluded = tag.lower() in SEARCH_EXCLUDE_TAGS or any(c in SEARCH_EXCLUDE_CLASSES for c in classes)
    return f"<{tag}{attrs} data-search-exclude{slash}>" if excluded and "data-search-exclude" not in attrs else None


def _excerpt_link(text: str, end_at: int) -> tuple[int, int, str] | None:
    """An <a> to an anchor whose text (no markup) ends with "…" at `end_at`, marked excluded."""
    tag_end = text.rfind(">", 0, end_at)
    if tag_end == -1 or text.find("<", tag_end, end_at) != -1:
        return None
    start = text.rfind("<", 0, tag_end)
    found = _EXCERPT_TAG.fullmatch(text, start, tag_end + 1) if start != -1 else None
    if found is None or "data-search-exclude" in found.group(1):
        return None
    return start, tag_end + 1, f"<a{found.group(1)} data-search-exclude>"


def index_view(page_html: str) -> str:
    """The page as the site search should read it: boilerplate marked `data-search-exclude`,
    a space where adjacent elements would glue two words. Only the search index sees this."""
    edits: dict[int, tuple[int, str]] = {}  # start → (end, replacement) of an opening tag
    for needle in _CANDIDATES:
        for at in _positions(page_html, needle):
            span = _enclosing_tag(page_html, at)
            found = _OPEN_TAG.fullmatch(page_html, *span) if span else None
            marked = _excluded(found) if found else None
            if marked and span:
                edits[span[0]] = (span[1], marked)
    for at in _positions(page_html, _EXCERPT_END):
        link = _excerpt_link(page_html, at)
        if link and link[0] not in edits:
            edits[link[0]] = link[1:]
    parts, done = [], 0
    for start in sorted(edits):
        end, replacement = edits[start]
        parts += [page_html[done:start], replacement]
        done = end
    parts.append(page_html[done:])
    return _GLUE.sub(r"\1 ", "".join(parts))
