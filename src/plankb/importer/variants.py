"""The seeds rewritten in the other shapes maintainers receive plan texts in.

The importer must draft the same plan from each: the benchmark scores every shape and the tests
hold the scores within two points of the seed's.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable


def _paragraphs(text: str) -> list[str]:
    """One paragraph per line, conversion marks kept."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            out.append(" ".join(lines))
    return out


def no_marks(text: str) -> str:
    """No Markdown marks: what a plain "Save as text" gives."""
    text = text.replace("**", "")
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    return re.sub(r"\\(?=[^\w\s])", "", text)


def one_line_per_paragraph(text: str) -> str:
    return "\n".join(_paragraphs(no_marks(text))) + "\n"


def hard_breaks(text: str) -> str:
    """Lines cut at 70 characters, as a PDF's text layer gives them."""
    out = []
    for paragraph in _paragraphs(no_marks(text)):
        out += textwrap.wrap(paragraph, 70, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(out) + "\n"


def page_headers(text: str) -> str:
    """Every 40 lines a page footer and the next page's running header."""
    lines = one_line_per_paragraph(text).splitlines()
    pages = [lines[i:i + 40] for i in range(0, len(lines), 40)]
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append("ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        out += page
        out.append(f"Trang {number}/{len(pages)}")
    return "\n".join(out) + "\n"


def paren_numbering(text: str) -> str:
    """Items numbered "1)" instead of "1."."""
    return re.sub(r"(?m)^(\s*(?:\*\*)?)(\d{1,2})\.(\s)", r"\1\2)\3", text)


SHAPES: dict[str, Callable[[str], str]] = {
    "seed": lambda text: text,
    "no-marks": no_marks,
    "one-line-per-paragraph": one_line_per_paragraph,
    "hard-breaks": hard_breaks,
    "page-headers": page_headers,
    "paren-numbering": paren_numbering,
}
