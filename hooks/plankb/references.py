"""Read plans/references.bib (bibtexparser v2) into Reference objects."""
from __future__ import annotations

from pathlib import Path

import bibtexparser

from .model import Reference
from .problems import Problem


def _value(entry, name: str) -> str | None:
    field = entry.fields_dict.get(name)
    if field is None:
        return None
    value = str(field.value).strip()
    if value.startswith("{") and value.endswith("}"):
        value = value[1:-1]
    return value or None


def load(path: Path, label: str) -> tuple[dict[str, Reference], list[Problem]]:
    if not path.exists():
        return {}, [Problem(label, 0, "", "không tìm thấy tệp tài liệu tham khảo", "E001")]
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    problems = []
    for block in library.failed_blocks:
        kind = type(block).__name__
        reason = "khóa trích dẫn bị lặp" if "Duplicate" in kind else "mục BibTeX không đọc được"
        line = (block.start_line or 0) + 1
        problems.append(Problem(label, line, getattr(block, "key", "") or "", reason, "E401"))
    references = {}
    for entry in library.entries:
        references[entry.key] = Reference(
            key=entry.key,
            doctype=_value(entry, "doctype") or "Văn bản",
            title=_value(entry, "title"),
            number=_value(entry, "number"),
            issuer=_value(entry, "issuer") or _value(entry, "author"),
            date=_value(entry, "date"),
            year=_value(entry, "year"),
            note=_value(entry, "note"),
            url=_value(entry, "url"),
        )
    return references, problems


def entry_lines(path: Path) -> dict[str, int]:
    """Line of each entry's key, for messages about an entry."""
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("@") and "{" in stripped:
            key = stripped.split("{", 1)[1].split(",", 1)[0].strip()
            lines.setdefault(key, number)
    return lines
