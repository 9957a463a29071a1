"""Lines into logical paragraphs: where a paragraph starts, how broken lines are joined, how a
text written on one line is split back at its numbering.

The rules follow the importer's (`importer.logical_lines`): a line that starts an item (a
bullet, a number, "Căn cứ", an upper-case caption) or follows a sentence end starts a
paragraph; a line marked as a heading stands alone. Joining the same way means the importer,
reading this text again, finds the same paragraphs.
"""
from __future__ import annotations

import re

BULLET = re.compile(r"^([-·•+*])\s+")
NUMBERINGS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^([IVXL]+)\.\s*")),
    ("arabic3", re.compile(r"^(\d+\.\d+\.\d+)\.?\s+")),
    ("arabic2", re.compile(r"^(\d+\.\d+)\.?\s+")),
    ("arabic", re.compile(r"^(\d{1,2})[.)]\s+")),  # "178) theo …" is a broken line, not item 178
    ("letter", re.compile(r"^([a-zđ])\)\s+")),
]
NUMBERING = re.compile(r"^(?:[IVXL]+\.|\d+(?:\.\d+){1,2}\.?|\d{1,2}[.)]|[a-zđ]\))\s+")
SENTENCE_END = re.compile(r"(?:[.;:!?\"”)]|\./\.\S*)$")
OPENERS = ("Căn cứ", "Thực hiện", "Trên đây", "Nơi nhận")
MARKED = re.compile(r"^\s*(#+\s*)?\*\*.*\*\*\s*$|^\s*#+\s")


def clean_markdown(raw: str) -> str:
    """A line without its Markdown marks (bold, headings, escapes, italics); the words stay."""
    line = raw.replace("**", "").replace("\u00a0", " ")
    line = re.sub(r"\\(?=[^\w\s])", "", line)
    line = re.sub(r"^\s*#+\s*", "", line)
    line = re.sub(r"(?<!\w)\*([^*\s][^*]*)\*(?!\w)", r"\1", line)
    return re.sub(r"\s+", " ", line).strip()


def is_caption(line: str) -> bool:
    """An upper-case line (title, signature) or a "Nơi nhận:" label stands alone."""
    return (line.isupper() and any(c.isalpha() for c in line)) or line.casefold().startswith("nơi nhận")


def marker(line: str) -> re.Match[str] | None:
    return BULLET.match(line) or next((m for _, p in NUMBERINGS if (m := p.match(line))), None)


def starts_item(line: str) -> bool:
    return marker(line) is not None or line.startswith(OPENERS) or is_caption(line)


def line_width(lines: list[str]) -> int | None:
    """The width a text is wrapped at (its 9th-decile line length), or None when its lines are
    paragraphs (longer than any wrapping)."""
    lengths = sorted(len(line) for line in lines if line)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    return width if 0 < width <= 200 else None


def join_broken(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """(text, heading) lines of one paragraph-finding step (a PDF's lines, a Word paragraph's
    pieces) by the text alone: a line that neither starts an item nor follows a sentence end
    continues the one before. A heading is joined to nothing."""
    out: list[tuple[str, bool]] = []
    for text, heading in lines:
        if not text:
            continue
        if out and not heading and not out[-1][1] and not starts_item(text):
            prev = out[-1][0]
            if not SENTENCE_END.search(prev) and not is_caption(prev):
                glue = "" if prev.endswith("-") and text[:1].isdigit() else " "
                out[-1] = (prev + glue + text, False)
                continue
        out.append((text, heading))
    return out


def join_lines(lines: list[tuple[str, bool]], width: int | None) -> list[tuple[str, bool]]:
    """A text file's lines into paragraphs, where no layout tells them apart.

    A heading stands alone, and so does a line that starts an item (a capital after its number
    or bullet, "Căn cứ", an upper-case caption). A line in lower case goes on the previous
    paragraph, even after ";". Otherwise, in a text wrapped at `width`, the previous physical
    line decides: one that ran to the width was cut (after a sentence end or a numbered heading
    only when it ran quite to the width), a short one ended its paragraph ("1. Mục đích"). In a
    text of paragraph lines (`width` None) a line stopping mid-sentence goes on unless it is a
    numbered heading.
    """
    out: list[tuple[str, bool]] = []
    last = ""  # the previous physical line: its length tells a wrapped line from a short one
    for text, heading in lines:
        if not text:
            continue
        before, last = last, text
        if not out or heading or out[-1][1]:
            out.append((text, heading))
            continue
        prev = out[-1][0]
        found = marker(text)
        # "- xã hội …" after "chính trị" is a wrapped hyphen, not a bullet: items start in capitals.
        hyphen = found is not None and text.startswith("-") and text[found.end():found.end() + 1].islower()
        item = (found is not None and not hyphen) or text.startswith(OPENERS) or is_caption(text)
        heading_like = bool(NUMBERING.match(prev)) and len(prev.split()) <= 15
        ended = bool(SENTENCE_END.search(prev))
        if item or is_caption(prev):
            goes_on = False
        elif text[:1].islower() or hyphen:
            goes_on = True
        elif width is None:
            goes_on = not ended and not heading_like
        elif ended or heading_like:
            goes_on = len(before) >= 0.9 * width
        else:
            goes_on = len(before) >= 0.75 * width
        if goes_on:
            glue = "" if prev.endswith("-") and text[:1].isdigit() else " "
            out[-1] = (prev + glue + text, False)
        else:
            out.append((text, heading))
    return out


def render(lines: list[tuple[str, bool]]) -> list[str]:
    """Text lines: a heading written `**…**`."""
    return [f"**{text}**" if heading else text for text, heading in lines]


# --- A text on one line -----------------------------------------------------------------
# Split before a numbering marker that follows a sentence end or an upper-case heading, before a
# Roman section number followed by an upper-case title, before the openers, before the parts of
# the signature block; in the head (before section I), at sentence ends too. The words stay where
# they are: only spaces become line breaks.
VI_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
UPPER = f"[{VI_LOWER.upper()}]"
LOWER = f"[{VI_LOWER}]"
_END = r"[.;:!?\"”)]"  # "./." ends with "." too
_AFTER_END_OR_CAPS = rf"(?:(?<={_END})|(?<={UPPER}{UPPER})|(?<=\d\d\d\d))"
ROMAN = re.compile(rf"\s+(?=[IVXL]+\.\s+{UPPER}{UPPER})")
SPLIT_BEFORE = [
    # "…: 1. Mục tiêu", "…CẦU 1. Mục đích", "… 1.2. Nội dung"
    re.compile(rf"{_AFTER_END_OR_CAPS}\s+(?=\d{{1,2}}(?:\.\d+){{0,2}}[.)]\s+{UPPER})"),
    # "… mại dâm 1.1. Chỉ tiêu": a number of two levels needs nothing before it
    re.compile(rf"\s+(?=\d{{1,2}}\.\d{{1,2}}(?:\.\d{{1,2}})?\.?\s+{UPPER}{LOWER})"),
    # "…; a) Chỉ tiêu"
    re.compile(rf"(?<={_END})\s+(?=[a-zđ]\)\s+\S)"),
    # "…; - Đề ra", "… sau: + Các"
    re.compile(rf"(?<={_END})\s+(?=[-+•]\s+\S)"),
    # "…./. Nơi nhận: …", "… tiến độ. Trên đây là …"
    re.compile(rf"(?<={_END})\s+(?=(?:Trên đây|Nơi nhận)\b)"),
    # signature: "… KGVX. TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Nam"
    re.compile(rf"{_AFTER_END_OR_CAPS}\s+(?=(?:TM|KT|TL|TUQ|Q)\.\s+{UPPER})"),
]
# A sentence end before a capital starts a paragraph, but for a number ("1. Mục tiêu") and an
# abbreviation ("TP. Hồ Chí Minh", "KT. Chủ tịch").
class _Sentences:
    GAP = re.compile(rf"(?<=[.!?])\s+(?={UPPER}{LOWER})")
    NOT_AN_END = re.compile(rf"(?:^|\s)(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\.|[IVXL]+\.|{UPPER}{{1,4}}\.|[a-zđ]\.)$")

    def split(self, piece: str) -> list[str]:
        out, start = [], 0
        for gap in self.GAP.finditer(piece):
            if not self.NOT_AN_END.search(piece[start:gap.start()]):
                out.append(piece[start:gap.start()])
                start = gap.end()
        return [*out, piece[start:]]


SENTENCE = _Sentences()
# Headings a one-line text glued to their first paragraph: "II. NỘI DUNG, GIẢI PHÁP Tiếp tục …"
# (an upper-case title ends before the first word in lower case), "6. Phòng Tư pháp: Phối hợp …",
# "1. Sở Y tế - Chủ trì …" (a short title, then a dash; not "Lao động - Thương binh").
_MARKER = r"(?:[IVXL]+\.|\d{1,2}(?:\.\d{1,2}){0,2}[.)]|[a-zđ]\))"
CAPS_TITLE = re.compile(rf"^([IVXL]+\.\s+(?:(?!{_MARKER}\s)[^\s{VI_LOWER}]+\s+)*?[^\s{VI_LOWER}]+)\s+(?={UPPER}{LOWER}|{_MARKER}\s)")
COLON_TITLE = re.compile(rf"^({_MARKER}\s+(?:[^\s:;.]+\s+){{0,11}}[^\s:;.]+:)\s+(?=\S+\s+\S+\s+\S)")
DASH_TITLE = re.compile(rf"^({_MARKER}\s+(?:[^\s:;.]+\s+){{0,7}}[^\s:;.]+)\s+(?=-\s+(?!Thương binh){UPPER}{LOWER})")
HEAD_SPLIT = [
    # "… năm 2026 Thực hiện kế hoạch số …"
    re.compile(r"(?<![,(\"“])\s+(?=(?:Căn cứ|Thực hiện)\b)"),
    # sentence ends: "… 2026-2030. Ủy ban nhân dân xã …"
    re.compile(rf"(?<={_END})\s+(?={UPPER})"),
]
SIGNER_TITLES = ("PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN",
                 "PHÓ BÍ THƯ", "BÍ THƯ", "PHÓ TRƯỞNG PHÒNG", "TRƯỞNG PHÒNG")


def is_run_on(line: str) -> bool:
    """A line that holds a whole text: long, with several section numbers inside."""
    return len(line.split()) >= 250 and len(ROMAN.findall(line)) + len(SPLIT_BEFORE[0].findall(line)) >= 3


def _split_all(pieces: list[str], patterns: list[re.Pattern[str]] | list) -> list[str]:
    for pattern in patterns:
        pieces = [part for piece in pieces for part in pattern.split(piece)]
    return [p.strip() for p in pieces if p.strip()]


def split_run_on(line: str) -> list[str]:
    """A text written on one line, back into its paragraphs."""
    sections = ROMAN.split(line)
    head = _split_all([sections[0]], HEAD_SPLIT) if ROMAN.search(line) else [sections[0]]
    head = [part for piece in head[:1] for part in _split_head(piece)] + head[1:]
    body = _split_all(sections[1:] if len(sections) > 1 else [], [*SPLIT_BEFORE, SENTENCE])
    if len(sections) == 1:
        head = _split_all(head, [*SPLIT_BEFORE, SENTENCE])
    body = [part for piece in body for part in _split_title(piece)]
    return [part for piece in head + body for part in _split_signature(piece)]


def _split_title(piece: str) -> list[str]:
    for pattern in (CAPS_TITLE, COLON_TITLE, DASH_TITLE):
        match = pattern.match(piece)
        if match:
            return [match.group(1), *_split_title(piece[match.end():])]
    return [piece]


# The kinds of document a plan text opens with, as its first line writes them in capitals.
DOCUMENT_KINDS = ("Kế hoạch", "Quyết định", "Chương trình", "Chỉ thị", "Báo cáo")
KIND_LINE = "|".join(kind.upper() for kind in DOCUMENT_KINDS)
_TITLE_HEAD = re.compile(rf"^((?:{UPPER}\S*\s+)*?(?:{KIND_LINE}))\s+(?={UPPER}{LOWER})")


def _split_head(piece: str) -> list[str]:
    """ "KẾ HOẠCH Phòng, chống …" → the kind, then the title."""
    match = _TITLE_HEAD.match(piece)
    return [match.group(1), piece[match.end():]] if match else [piece]


_SIGNATURE = re.compile(rf"^(?:TM|KT|TL|TUQ|Q)\.\s+{UPPER}")


def _split_signature(piece: str) -> list[str]:
    """ "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Bùi Thị Phúc" → "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Thị Phúc"."""
    if not _SIGNATURE.match(piece):
        return [piece]
    words_ = piece.split()
    caps_end = len(words_)
    while caps_end > 0 and not words_[caps_end - 1].isupper():
        caps_end -= 1
    caps, name = " ".join(words_[:caps_end]), " ".join(words_[caps_end:])
    out = [caps]
    for title in SIGNER_TITLES:  # the signer's own title closes the block: a line of its own
        if caps.endswith(" " + title):
            out = [caps[: -len(title)].strip(), title]
            break
    return [p for p in [*out, name] if p]
