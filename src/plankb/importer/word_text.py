"""Reading a Word `.docx`: docx2python for the paragraphs, tables, headers, footers and notes;
Word's automatic numbering rendered here from numbering.xml as Word shows it ("I.", "1.", "a)",
"-"), since docx2python writes every number as "1)" and skips numbering set by a style.

A table that only lays out the page (the header "ỦY BAN NHÂN DÂN … | CỘNG HÒA XÃ HỘI …", the
"Nơi nhận" beside the signature) is read as text, column by column; a table of data stays a table.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from plankb.importer.extracted import Extracted, Noise, ReadError, Table, words
from plankb.importer.paragraphs import join_broken, join_lines, render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LAYOUT_WORDS = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập - Tự do|^Nơi nhận|^(?:TM|KT|TL|TUQ|Q)\.\s",
                          re.MULTILINE)
DOCX2PYTHON_PREFIX = re.compile(r"^\t*(?:--|[0-9A-Za-z]{1,8}\))\t")
DASHES = "-–—‐‑−"


def _val(element: Any, name: str) -> str | None:
    return element.get(f"{W}{name}") if element is not None else None


def _on(element: Any) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): None when absent."""
    if element is None:
        return None
    return _val(element, "val") not in ("0", "false", "off")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letter(n: int) -> str:
    # Word: a … z, then aa … zz, bbb …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = _letter(n)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def bullet_mark(text: str) -> str:
    """A bullet as the importer knows it: dashes "-", a plus "+", any other symbol "•"."""
    text = text.strip()
    if text and all(c in DASHES for c in text):
        return "-"
    if text == "+":
        return "+"
    return "•"


@dataclass
class Level:
    fmt: str
    text: str
    start: int


class Numbering:
    """Word's list counters, kept as Word keeps them: per abstract list, restarted by a num's
    startOverride at its first use, deeper levels restarted when a level above moves on."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        self.levels: dict[str, dict[int, Level]] = {}
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_bold: dict[str, bool | None] = {}
        self.style_heading: set[str] = set()
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[tuple[str, int]] = set()
        if numbering_xml:
            root = etree.fromstring(numbering_xml)
            for abstract in root.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in abstract.iter(f"{W}lvl"):
                    ilvl = int(_val(lvl, "ilvl") or 0)
                    levels[ilvl] = Level(_val(lvl.find(f"{W}numFmt"), "val") or "decimal",
                                         _val(lvl.find(f"{W}lvlText"), "val") or "",
                                         int(_val(lvl.find(f"{W}start"), "val") or 1))
                self.levels[_val(abstract, "abstractNumId") or ""] = levels
            for num in root.iter(f"{W}num"):
                num_id = _val(num, "numId") or ""
                self.num_abstract[num_id] = _val(num.find(f"{W}abstractNumId"), "val") or ""
                for override in num.iter(f"{W}lvlOverride"):
                    start = override.find(f"{W}startOverride")
                    if start is not None:
                        self.overrides[(num_id, int(_val(override, "ilvl") or 0))] = int(_val(start, "val") or 1)
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml))

    def _read_styles(self, root: Any) -> None:
        based: dict[str, str] = {}
        own_num: dict[str, tuple[str, int]] = {}
        own_bold: dict[str, bool | None] = {}
        for style in root.iter(f"{W}style"):
            sid = _val(style, "styleId") or ""
            name = (_val(style.find(f"{W}name"), "val") or "").lower()
            if name.startswith("heading") or name == "title":
                self.style_heading.add(sid)
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[sid] = _val(parent, "val") or ""
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                own_num[sid] = (_val(num_pr.find(f"{W}numId"), "val") or "0", int(_val(num_pr.find(f"{W}ilvl"), "val") or 0))
            own_bold[sid] = _on(style.find(f"{W}rPr/{W}b"))

        def inherited(sid: str, own: dict, seen: frozenset = frozenset()) -> Any:
            if sid in own and own[sid] is not None:
                return own[sid]
            if sid in based and sid not in seen:
                return inherited(based[sid], own, seen | {sid})
            return None
        for sid in own_bold.keys() | based.keys():
            self.style_bold[sid] = inherited(sid, own_bold)
            found = inherited(sid, own_num)
            if found:
                self.style_num[sid] = found

    def paragraph_style(self, p: Any) -> str:
        return _val(p.find(f"{W}pPr/{W}pStyle"), "val") or ""

    def label(self, p: Any) -> str | None:
        """The number Word shows before paragraph `p` ("I.", "1.", "a)", "-"), or None."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        style_num = self.style_num.get(self.paragraph_style(p))
        num_id = _val(num_pr.find(f"{W}numId"), "val") if num_pr is not None and num_pr.find(f"{W}numId") is not None else None
        ilvl_el = num_pr.find(f"{W}ilvl") if num_pr is not None else None
        if num_id is None and style_num:
            num_id = style_num[0]
        if num_id is None or num_id == "0":
            return None
        ilvl = int(_val(ilvl_el, "val") or 0) if ilvl_el is not None else (style_num[1] if style_num else 0)
        abstract = self.num_abstract.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(abstract or "", {})
        if (num_id, ilvl) not in self.used and (num_id, ilvl) in self.overrides:
            counters[ilvl] = self.overrides[(num_id, ilvl)] - 1
        self.used.add((num_id, ilvl))
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return bullet_mark(level.text)

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters.get(k, levels[k].start if k in levels else 1)
            return format_number(value, levels[k].fmt if k in levels else "decimal")
        return re.sub(r"%(\d)", number, level.text).strip() or None

    def is_heading(self, p: Any) -> bool:
        """A paragraph in a heading style, or whose every run with text is bold."""
        style = self.paragraph_style(p)
        if style in self.style_heading:
            return True
        style_bold = bool(self.style_bold.get(style))
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
        if not runs:
            return False
        for run in runs:
            bold = _on(run.find(f"{W}rPr/{W}b"))
            if bold is None:
                run_style = _val(run.find(f"{W}rPr/{W}rStyle"), "val")
                bold = self.style_bold.get(run_style or "") if run_style else None
            if not (style_bold if bold is None else bold):
                return False
        return True


# docx2python's own marks, not the document's words: images, note numbers.
DOCX2PYTHON_MARKS = re.compile(r"----[^\s]*?----|^(?:footnote|endnote)\d+\)\t?")


def _par_text(par: Any) -> str:
    return DOCX2PYTHON_MARKS.sub("", unicodedata.normalize("NFC", "".join(run.text for run in par.runs)))


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def file_words(archive: zipfile.ZipFile) -> int:
    """Words the file holds, counted from its XML (body, headers, footers, notes), apart from
    docx2python: a paragraph's <w:t> runs, a tab or a break as a space; a text box's fallback
    copy is not counted twice."""
    total = 0
    for name in archive.namelist():
        if not re.fullmatch(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
            continue
        root = etree.fromstring(archive.read(name))
        for p in root.iter(f"{W}p"):
            if any(a.tag == MC_FALLBACK for a in p.iterancestors()):
                continue
            if p.find(f".//{W}p") is not None:  # a text box inside: its paragraphs count for themselves
                continue
            text = "".join((el.text or "") if el.tag == f"{W}t" else " " for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"))
            total += len(words(text))
    return total


def _cell_text(cell: list) -> str:
    return "\n".join(t for t in (_par_text(p).strip() for p in cell) if t)


def read_docx(path: Path) -> Extracted:
    from docx2python import docx2python

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ReadError(f"{path.name}: không phải tệp Word .docx (thiếu word/document.xml).")
            numbering = Numbering(archive.read("word/numbering.xml") if "word/numbering.xml" in names else None,
                                  archive.read("word/styles.xml") if "word/styles.xml" in names else None)
            in_file = file_words(archive)
        with docx2python(path) as doc:
            body = doc.body_pars
            parts = {"đầu trang Word": doc.header_pars, "chân trang Word": doc.footer_pars,
                     "chú thích cuối trang": doc.footnotes_pars, "chú thích cuối văn bản": doc.endnotes_pars}
            return _assemble(path, numbering, body, parts, in_file)
    except ReadError:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError) as err:
        raise ReadError(f"{path.name}: tệp Word bị hỏng, không đọc được ({type(err).__name__}: {err}). "
                        "Mở tệp bằng Word hoặc LibreOffice, lưu lại thành .docx rồi thử lại.") from None


def _assemble(path: Path, numbering: Numbering, body: list, parts: dict[str, list], in_file: int) -> Extracted:
    segments: list[list[tuple[str, bool]]] = [[]]
    tables: list[Table] = []
    dropped: list[Noise] = []
    notes: list[str] = []
    done = 0
    rendered = layout = label_words = 0

    def paragraph(par: Any) -> None:
        nonlocal rendered, label_words
        text = _par_text(par)
        label = numbering.label(par.elem)
        if par.elem.find(f"{W}pPr/{W}numPr") is not None:
            text = DOCX2PYTHON_PREFIX.sub("", text)
        heading = numbering.is_heading(par.elem)
        pieces = [" ".join(piece.split()) for piece in text.replace("\t", " ").split("\n")]
        pieces = [piece for piece in pieces if piece]
        if label:
            rendered += 1
            label_words += len(words(label))
            pieces = [f"{label} {pieces[0]}" if pieces else label, *pieces[1:]]
        # a line break inside a paragraph (Shift+Enter) is joined back unless it starts an item
        segments[-1].extend(join_broken([(piece, heading) for piece in pieces]) if not heading else
                            [(piece, True) for piece in pieces])

    for block in body:
        is_table = any(par.lineage[1] == "tbl" for row in block for cell in row for par in cell)
        if not is_table:
            for row in block:
                for cell in row:
                    for par in cell:
                        paragraph(par)
            continue
        rows = [[_cell_text(cell) for cell in row] for row in block]
        if LAYOUT_WORDS.search("\n".join(cell for row in rows for cell in row)):
            layout += 1
            for column in range(max(len(row) for row in block)):
                for row in block:
                    if column < len(row):
                        for par in row[column]:
                            paragraph(par)
            continue
        done += len(join_lines(segments[-1], None))
        segments.append([])
        tables.append(Table(None, done, rows))
    for reason, pars in parts.items():
        for block in pars:
            for row in block:
                for cell in row:
                    for par in cell:
                        text = " ".join(_par_text(par).split())
                        if text:
                            dropped.append(Noise(text, reason))
    # Word paragraphs are joined only where a line break cut a sentence (paragraphs.join_lines).
    paragraphs = [line for segment in segments for line in join_lines(segment, None)]
    text = "\n".join(render(paragraphs))
    if not words(text):
        raise ReadError(f"{path.name}: tệp Word không có chữ nào trong thân văn bản.")
    if rendered:
        notes.append(f"đã ghi lại {rendered} số mục tự động của Word (I., 1., a), -) vào đầu đoạn")
    if layout:
        notes.append(f"đã đọc {layout} bảng trình bày (đầu văn bản, nơi nhận, chữ ký) thành đoạn văn, từng cột một")
    if tables:
        notes.append(f"giữ {len(tables)} bảng dưới dạng bảng (không ghép vào đoạn văn): cần xem lại")
    for reason in parts:
        count = sum(1 for n in dropped if n.reason == reason)
        if count:
            example = next(n.text for n in dropped if n.reason == reason)
            notes.append(f"đã bỏ {count} đoạn {reason} (như «{example[:60]}»)")
    # The file's words and the numbers Word draws before its list items.
    extracted = Extracted(text + "\n", tables, dropped, in_file + label_words, notes)
    out = sum(extracted.words_out().values())
    if out != extracted.source_words:
        notes.append(f"cảnh báo: tệp có {extracted.source_words} từ (kể cả số mục), kết quả đọc có {out}: "
                     "cần đối chiếu với bản Word")
    return extracted
