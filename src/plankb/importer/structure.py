"""A plan's text into its tree: paragraphs, the title and preamble, the numbered sections and
their items, the closing, recipients and signature, as the document sets them.

Conversion noise is dropped here (Markdown marks, escapes, the "./." end marker), the words kept.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from plankb.importer.paragraphs import BULLET, DOCUMENT_KINDS, KIND_LINE, MARKED, NUMBERINGS, clean_markdown, join_lines, line_width
from plankb.text.vietnamese import fold

DEPTH = {"roman": 1, "arabic": 2, "arabic2": 3, "arabic3": 4, "letter": 5}


@dataclass
class Line:
    text: str
    number: str | None = None
    numbering: str | None = None
    bullet: str | None = None


@dataclass
class DraftNode:
    number: str | None
    numbering: str | None
    text: str
    bullet: str | None = None
    children: list[DraftNode] = field(default_factory=list)


def clean(raw: str) -> str:
    """One line without conversion noise (Markdown marks, the "./." end marker); the words stay."""
    return re.sub(r"\s*\./\..*$", "", clean_markdown(raw))


def split_marker(text: str) -> Line:
    bullet = BULLET.match(text)
    if bullet:
        return Line(text[bullet.end():].strip(), bullet=bullet.group(1))
    for name, pattern in NUMBERINGS:
        match = pattern.match(text)
        if match and len(text) > match.end():
            number = text[: match.end()].strip()
            return Line(text[match.end():].strip(), number=number, numbering=name)
    return Line(text)


def logical_lines(source: str) -> list[str]:
    """A text file's lines, clean of conversion noise, joined into its paragraphs
    (`paragraphs.join_lines`): a line the converter marked as a heading or set wholly in bold
    stands alone."""
    raw_lines = source.splitlines()
    cleaned = [(clean(raw), bool(MARKED.match(raw))) for raw in raw_lines]
    width = line_width([text for text, _ in cleaned])
    return [text for text, _ in join_lines(cleaned, width)]


@dataclass
class Draft:
    title_lines: list[str]
    preamble: list[str]
    body: list[DraftNode]
    closing: list[str]
    recipients: list[str]
    signature: list[str]
    dropped: list[str] = field(default_factory=list)


def parse(source: str) -> Draft:
    # Text from Word (Unikey "Unicode tổ hợp") or macOS PDFs is decomposed: the patterns
    # below, and the loader's checks, are written for composed text.
    lines = logical_lines(unicodedata.normalize("NFC", source))
    # "KẾ HOẠCH Phòng, chống …" on one line: the kind, then the title.
    kind = re.match(rf"^({KIND_LINE})\s+(?=\S)", lines[0]) if lines else None
    if kind:
        lines[:1] = [kind.group(1), lines[0][kind.end():]]
    first_section = next(
        (i for i, text in enumerate(lines) if split_marker(text).numbering == "roman"), len(lines)
    )
    head = lines[:first_section]
    title_lines = head[:1]
    # The title runs on from the kind ("KẾ HOẠCH") until the first sentence: a line that names a
    # document by number, or ends like a sentence.
    for line in head[1:4]:
        if re.search(r"\bsố\s+\d+/", line) or line.endswith((".", ":", ";")) or len(line) > 160:
            break
        title_lines.append(line)
    preamble = head[len(title_lines):]
    rest = lines[first_section:]
    tail_at = next((i for i, t in enumerate(rest) if fold(t).lower().startswith("noi nhan")), len(rest))
    body_lines, tail = rest[:tail_at], rest[tail_at + 1:]
    recipients = [split_marker(t).text for t in tail if BULLET.match(t)]
    signature = [t for t in tail if not BULLET.match(t)]
    closing: list[str] = []
    while body_lines and fold(body_lines[-1]).lower().startswith(("tren day", "de nghi cac")):
        closing.insert(0, body_lines.pop())
    # What follows the "./." end marker on its line is a typist's initials or stray keys.
    dropped = [m.group(1) for m in re.finditer(r"\./\.\s*(\S.*)$", source, re.M)]
    if tail_at < len(rest):
        dropped.append(rest[tail_at])  # the "Nơi nhận:" label: the recipients list says it
    return Draft(title_lines, preamble, build_tree(body_lines), closing, recipients, signature, dropped)


def build_tree(lines: list[str]) -> list[DraftNode]:
    root = DraftNode(None, None, "")
    stack: list[tuple[int, DraftNode]] = [(0, root)]
    for text in lines:
        line = split_marker(text)
        if line.numbering:
            depth = DEPTH[line.numbering]
            while stack[-1][0] >= depth:
                stack.pop()
            node = DraftNode(line.number, line.numbering, line.text)
            stack[-1][1].children.append(node)
            stack.append((depth, node))
        else:
            stack[-1][1].children.append(DraftNode(None, None, line.text, bullet=line.bullet))
    return root.children


def _number_slug(number: str) -> str:
    return number.strip(".)").lower().replace(".", "-").replace("đ", "d")


def assign_ids(nodes: list[DraftNode], parent: str = "") -> list[tuple[str, DraftNode]]:
    out: list[tuple[str, DraftNode]] = []
    seen: set[str] = set()
    paragraph = 0
    for node in nodes:
        if node.number:
            base = f"{parent}-{_number_slug(node.number)}" if parent else _number_slug(node.number)
        else:
            paragraph += 1
            base = f"{parent}-p{paragraph}" if parent else f"p{paragraph}"
        node_id, n = base, 1
        while node_id in seen:
            n += 1
            node_id = f"{base}-{n}"
        seen.add(node_id)
        out.append((node_id, node))
    return out


def letterhead(text: str) -> str:
    """The lines above the kind ("KẾ HOẠCH"): where "Số: …" and "…, ngày … tháng … năm …" stand."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines[:40]) if fold(clean(line)).upper().strip(" .") in
               {fold(kind).upper() for kind in DOCUMENT_KINDS}), 0)
    return "\n".join(lines[:at])
