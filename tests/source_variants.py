"""Text variants of a seed, as maintainers get them: no Markdown marks, one line for the whole
text, hard line breaks, page headers and "Trang n/N" every 40 lines, numbering "1)"."""
from __future__ import annotations

import re
import textwrap

from plankb.importer.structure import logical_lines

HEADER = "Kế hoạch phòng, chống mại dâm năm 2025 - Ủy ban nhân dân"


def plain(seed: str) -> str:
    """One paragraph per line, as the importer reads the seed, without Markdown marks."""
    return "\n".join(logical_lines(seed)) + "\n"


def one_line(seed: str) -> str:
    return " ".join(logical_lines(seed)) + "\n"


def hard_breaks(seed: str, width: int = 80) -> str:
    out: list[str] = []
    for paragraph in logical_lines(seed):
        out.extend(textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out) + "\n"


def page_headers(seed: str, every: int = 40) -> str:
    """Hard line breaks, with a footer "Trang k/N" and a header every `every` lines."""
    lines = hard_breaks(seed).splitlines()
    pages = [lines[i:i + every] for i in range(0, len(lines), every)]
    out: list[str] = []
    for k, page in enumerate(pages, 1):
        if k > 1:
            out += [HEADER, ""]
        out += page
        out += ["", f"Trang {k}/{len(pages)}", "\f"]
    return "\n".join(out) + "\n"


def paren_numbers(seed: str) -> str:
    return re.sub(r"(?m)^(\d{1,2})\.(\s)", r"\1)\2", plain(seed))


VARIANTS = {"plain": plain, "one-line": one_line, "hard-breaks": hard_breaks, "page-headers": page_headers,
            "paren-numbers": paren_numbers}
