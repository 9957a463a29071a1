"""A plan's metadata from its header, opening sentences and signature block.

Only what the text states is filled: a plan text usually carries no number or date of issue
(they sit in the letterhead a conversion drops), so those stay null unless the header gives them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from plankb.importer.paragraphs import DOCUMENT_KINDS
from plankb.model import Reference
from plankb.text.vietnamese import fold

KINDS = {fold(kind).lower(): kind for kind in DOCUMENT_KINDS}
NAME = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*"
PLACE = re.compile(rf"\b(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+({NAME}(?:\s+{NAME})*)")
PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})")
YEAR = re.compile(r"\bnăm\s+(\d{4})\b")
NUMBER = re.compile(r"\bSố\s*:?\s*(\d+/[\wĐđ&\-/]+)")
ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
DOC_TYPES = ("Quyết định", "Kế hoạch", "Công văn", "Nghị định", "Chỉ thị", "Thông tư", "Nghị quyết",
             "Luật", "Pháp lệnh", "Chương trình", "Thông tư liên tịch")
DOC = re.compile(
    r"(?P<type>" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + r")\s+số\s+(?P<number>\d+(?:/\d{4})?/[\wĐđ&\-]+(?:\s*&\s*[\wĐđ]+)?)"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}(?:/| tháng )\d{1,2}(?:/| năm )\d{4}))?",
    re.IGNORECASE,
)


@dataclass
class Metadata:
    fields: dict
    review: list[str] = field(default_factory=list)


def kind_and_title(title_lines: list[str]) -> tuple[str | None, str | None]:
    if not title_lines:
        return None, None
    kind = KINDS.get(fold(title_lines[0]).lower().strip(" ."))
    rest = title_lines[1:] if kind else title_lines
    return kind, " ".join(rest).strip() or None


def period_of(title: str) -> tuple[int | None, int | None]:
    if match := PERIOD.search(title):
        return int(match.group(1)), int(match.group(2))
    years = YEAR.findall(title)
    if years:
        return int(years[-1]), int(years[-1])
    return None, None


def place_names(*texts: str) -> list[tuple[str, str]]:
    """(kind, name) of each place named, in order: "huyện Hồng Ngự" → ("huyện", "Hồng Ngự")."""
    found = []
    for text in texts:
        for match in PLACE.finditer(text):
            found.append((match.group(1).lower(), match.group(2)))
    return found


def _day(date: str) -> tuple[int, int, int]:
    day, month, year = (int(x) for x in re.split(r"/| tháng | năm ", date))
    return day, month, year


def resolve_reference(references: dict[str, Reference], doctype: str, number: str, date: str | None) -> str | None:
    """The `references.bib` key of a document named in the text, by number and date (or year)."""
    number_key = fold(number).lower().replace(" ", "")
    when = _day(date) if date else None
    candidates = []
    for key, ref in references.items():
        if not ref.number or fold(ref.number).lower().replace(" ", "") != number_key:
            continue
        if when and ref.date:
            year, month, day = (int(x) for x in ref.date.split("-"))
            if (day, month, year) != when:
                continue
        elif when and ref.year and int(ref.year) != when[2]:
            continue
        candidates.append(key)
    return candidates[0] if len(candidates) == 1 else None


def legal_basis(preamble: list[dict], references: dict[str, Reference]) -> tuple[list[dict], list[str], list[str]]:
    """legal_basis entries, the keys the plan implements, and what to add to references.bib."""
    basis, implements, review = [], [], []
    for node in preamble:
        for sentence in re.split(r"(?<=[.;])\s+", node["text"]):
            for match in DOC.finditer(sentence):
                doctype = match.group("type")[:1].upper() + match.group("type")[1:].lower()
                key = resolve_reference(references, doctype, match.group("number"), match.group("date"))
                quote = _quote(sentence, match)
                if key is None:
                    review.append(f"{node['id']}: văn bản «{quote}» chưa có trong plans/references.bib: thêm mục "
                                  f"(number = {{{match.group('number')}}}, doctype = {{{doctype}}}) rồi ghi vào legal_basis")
                    continue
                basis.append({"cites": [key], "node": node["id"], "quote": quote})
                if fold(sentence).lower().startswith(("thuc hien", "can cu")) and key not in implements:
                    implements.append(key)
    return basis, implements, review


def _quote(sentence: str, match: re.Match) -> str:
    """The document as the sentence names it: type, number, date, issuer ("của …")."""
    rest = sentence[match.end():]
    issuer = re.match(r"\s+của\s+[^,;.]*?(?=\s+(?:về|phê duyệt|ban hành|thực hiện)\b|[,;.]|$)", rest)
    return (sentence[match.start():match.end()] + (issuer.group(0) if issuer else "")).strip()


def header_number_and_date(header: str) -> tuple[str | None, str | None]:
    number = NUMBER.search(header)
    issued = ISSUED.search(header)
    date = f"{issued.group(3)}-{int(issued.group(2)):02d}-{int(issued.group(1)):02d}" if issued else None
    return (number.group(1) if number else None), date


def signature(lines: list[str]) -> dict:
    """TM./KT. lines, the signer's title, the signer's name (the last line)."""
    lines = [line for line in lines if line.strip()]
    authority = [line for line in lines if re.match(r"^(TM|KT|TL|TUQ)\.", line)]
    others = [line for line in lines if line not in authority]
    title = next((line for line in others if line.isupper()), None)
    name = next((line for line in reversed(others) if not line.isupper()), None)
    return {"authority": authority, "title": title, "name": name}
