"""Page furniture: page numbers, and the header or footer a printed page repeats.

Used on the lines of a PDF page (its first and last lines) and on a text converted from one
(where the header comes back every so many lines).
"""
from __future__ import annotations

import re
from collections import defaultdict
from statistics import median

from plankb.importer.paragraphs import BULLET, NUMBERING, clean_markdown

PAGE_NUMBER = re.compile(
    r"^(?:(?:Trang|trang|TRANG|Page|page)\s*\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?"
    r"|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\.?$"
)


def is_page_number(line: str) -> bool:
    """ "Trang 3/7", "Trang 3", "- 3 -", "3/7", "3"."""
    return bool(PAGE_NUMBER.match(clean_markdown(line).strip("*_ ")))


def furniture_key(line: str) -> str:
    """A header compared across pages: case, spacing and numbers (dates, page numbers) aside."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", clean_markdown(line))).casefold().strip()


def repeated_on_pages(pages: list[list[str]], depth: int = 2) -> set[str]:
    """Keys of the lines among the first or last `depth` lines of a page that come back on
    most pages (at least half, and at least twice)."""
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = defaultdict(set)
    for number, lines in enumerate(pages):
        edge = lines[:depth] + lines[-depth:] if len(lines) > 2 * depth else lines
        for line in edge:
            key = furniture_key(line)
            if key and not is_page_number(line):
                seen[key].add(number)
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, on in seen.items() if len(on) >= need}


def repeated_in_text(lines: list[str]) -> set[str]:
    """Keys of the lines of a converted text that are page headers: not an item of the plan,
    back at least three times, at regular intervals (or next to a page number)."""
    at: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        text = clean_markdown(line)
        if len(text.split()) < 2 or BULLET.match(text) or NUMBERING.match(text):
            continue
        at[furniture_key(line)].append(index)
    found = set()
    for key, indexes in at.items():
        if len(indexes) < 3:
            continue
        gaps = [b - a for a, b in zip(indexes, indexes[1:], strict=False)]
        typical = median(gaps)
        regular = typical >= 10 and all(abs(gap - typical) <= 0.3 * typical for gap in gaps[:-1])
        near_number = all(
            any(is_page_number(lines[j]) for j in range(max(0, i - 3), min(len(lines), i + 4)) if j != i)
            for i in indexes
        )
        if regular or near_number:
            found.add(key)
    return found
