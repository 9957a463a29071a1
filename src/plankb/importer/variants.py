"""The seeds in the other shapes maintainers receive plan texts in.

"seed" and "no-marks" start from the source text as received; the others from the curated plan's
own paragraphs (its words exactly, one paragraph per line), then cut, numbered or paged as a
maintainer's file would be. The importer must draft the same plan from each: the benchmark scores
every shape and the tests hold each within two points of the seed's.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator


def no_marks(text: str, plan: dict) -> str:
    """No Markdown marks: what a plain "Save as text" gives."""
    text = text.replace("**", "")
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    return re.sub(r"\\(?=[^\w\s])", "", text)


def _nodes(nodes: list[dict]) -> Iterator[str]:
    for node in nodes:
        marker = node.get("number") or node.get("bullet")
        words = node.get("title") or node.get("text") or ""
        yield f"{marker} {words}" if marker else words
        yield from _nodes(node.get("children") or [])


def paragraphs(plan: dict) -> list[str]:
    """The plan as its paragraphs, in order, the way the document sets them."""
    out = [(plan.get("kind") or "Kế hoạch").upper(), plan.get("title") or ""]
    out += [p["text"] for p in plan.get("preamble") or []]
    out += list(_nodes(plan.get("body") or []))
    out += [p["text"] for p in plan.get("closing") or []]
    if plan.get("recipients"):
        out += ["Nơi nhận:", *[f"- {r}" for r in plan["recipients"]]]
    signature = plan.get("signature") or {}
    out += [*(signature.get("authority") or []), signature.get("title") or "", signature.get("name") or ""]
    return [p for p in out if p]


def one_line_per_paragraph(text: str, plan: dict) -> str:
    return "\n".join(paragraphs(plan)) + "\n"


def hard_breaks(text: str, plan: dict) -> str:
    """Lines cut at 70 characters, as a PDF's text layer gives them."""
    out: list[str] = []
    for paragraph in paragraphs(plan):
        out += textwrap.wrap(paragraph, 70, break_long_words=False, break_on_hyphens=False)
    return "\n".join(out) + "\n"


def page_headers(text: str, plan: dict) -> str:
    """Every 40 lines a page number at the foot and the plan's running header at the top."""
    lines = hard_breaks(text, plan).splitlines()
    pages = [lines[i:i + 40] for i in range(0, len(lines), 40)]
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append(f"{number}")
        out += page
        out.append(f"Trang {number}/{len(pages)}")
    return "\n".join(out) + "\n"


def paren_numbering(text: str, plan: dict) -> str:
    """Items numbered "1)" instead of "1."."""
    return re.sub(r"(?m)^(\d{1,2})\.(\s)", r"\1)\2", one_line_per_paragraph(text, plan))


SHAPES: dict[str, Callable[[str, dict], str]] = {
    "seed": lambda text, plan: text,
    "no-marks": no_marks,
    "one-line-per-paragraph": one_line_per_paragraph,
    "hard-breaks": hard_breaks,
    "page-headers": page_headers,
    "paren-numbering": paren_numbering,
}
