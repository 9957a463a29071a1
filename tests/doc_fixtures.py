"""Word and PDF files made from a seed, as maintainers receive them, and what they hold.

- `.docx`: Word's automatic numbering (numbering.xml, numPr) for "I.", "1.", "a)" and the "-"
  bullets, so a reader that does not render numbering loses them; headings in bold; a page
  header and a "Trang {PAGE}/{NUMPAGES}" footer; one table; "Nơi nhận" and the signature side by
  side in a borderless table, as Word plans are laid out.
- `.pdf` with a text layer (DejaVu Serif from Debian's fonts-dejavu-core): the same, with the
  header and "Trang n/N" printed on every page, paragraphs justified with a first-line indent.
- a scanned `.pdf`: one page that is only an image.

`expected_words` is what each file holds, word for word: the seed's words plus the furniture
and the table the fixture added.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plankb.importer.extracted import words
from plankb.importer.paragraphs import MARKED as MARKED_LINE
from plankb.importer.structure import clean, logical_lines

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEADER = "Kế hoạch phòng, chống mại dâm - bản để thử"
TABLE = [["STT", "Chỉ tiêu", "Năm 2025"], ["1", "Xã, phường không có tệ nạn mại dâm", "Trên 70%"],
         ["2", "Cán bộ được tập huấn", "100%"], ["3", "Người bán dâm được hỗ trợ", "Ít nhất 50 người"]]
ROMAN = re.compile(r"^([IVXL]+)\.\s+")
ARABIC = re.compile(r"^(\d{1,2})\.\s+")
LETTER = re.compile(r"^([a-z])\)\s+")
BULLET = re.compile(r"^([-+])\s+")


@dataclass
class Paragraph:
    text: str
    bold: bool


@dataclass
class Made:
    path: Path
    expected: Counter[str]
    auto_numbered: int = 0   # paragraphs whose number Word renders (not in their text)
    numbered: int = 0        # paragraphs with a number or bullet at all
    pages: int = 0
    extra: dict = field(default_factory=dict)


def seed_paragraphs(seed: str) -> list[Paragraph]:
    """The seed's paragraphs as the importer reads them; bold where the seed marked the line."""
    marked = {clean(raw) for raw in seed.splitlines() if MARKED_LINE.match(raw)}
    return [Paragraph(text, text in marked) for text in logical_lines(seed)]


def split_signature(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph], list[Paragraph]]:
    """Body, recipients ("Nơi nhận:" and its bullets), signature lines."""
    at = next((i for i, p in enumerate(paragraphs) if p.text.startswith("Nơi nhận")), None)
    if at is None:
        return paragraphs, [], []
    tail = paragraphs[at:]
    recipients = [tail[0]] + [p for p in tail[1:] if BULLET.match(p.text)]
    signature = [p for p in tail[1:] if not BULLET.match(p.text)]
    return paragraphs[:at], recipients, signature


def table_position(body: list[Paragraph]) -> int:
    """The table stands before the second Roman section (or at the end)."""
    romans = [i for i, p in enumerate(body) if ROMAN.match(p.text)]
    return romans[1] if len(romans) > 1 else len(body)


def table_words() -> Counter[str]:
    return Counter(w for row in TABLE for cell in row for w in words(cell))


# --- Word ---------------------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbering_xml() -> str:
    def level(ilvl: int, fmt: str, text: str, indent: int) -> str:
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>')
    abstracts = {90: level(0, "upperRoman", "%1.", 360), 91: level(0, "decimal", "%1.", 360),
                 92: level(0, "lowerLetter", "%1)", 720), 93: level(0, "bullet", "–", 720),
                 94: level(0, "bullet", "+", 1080)}
    return "".join(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{k}"><w:multiLevelType w:val="singleLevel"/>{v}'
                   "</w:abstractNum>" for k, v in abstracts.items())


class _Lists:
    """Word lists the way a writer makes them: one list per run of items, restarted (a new num
    with a startOverride) where the run starts again."""
    KIND = {"roman": 90, "arabic": 91, "letter": 92, "-": 93, "+": 94}
    DEPTH = {"roman": 0, "arabic": 1, "letter": 2, "-": 3, "+": 4}

    def __init__(self, numbering) -> None:
        from docx.oxml import parse_xml
        self.parse_xml = parse_xml
        self.numbering = numbering
        for abstract in reversed(parse_xml(f'<w:numbering xmlns:w="{W}">{_numbering_xml()}</w:numbering>')):
            numbering.insert(0, abstract)
        self.next_id = 900
        self.current: dict[str, tuple[int, int]] = {}  # kind -> (numId, last value)

    def num_for(self, kind: str, value: int) -> int | None:
        numid, last = self.current.get(kind, (None, 0))
        if numid is not None and value == last + 1:
            self.current[kind] = (numid, value)
            return numid
        if value < 1:
            return None
        self.next_id += 1
        self.numbering.append(self.parse_xml(
            f'<w:num xmlns:w="{W}" w:numId="{self.next_id}"><w:abstractNumId w:val="{self.KIND[kind]}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{value}"/></w:lvlOverride></w:num>'))
        self.current[kind] = (self.next_id, value)
        return self.next_id

    def enter(self, kind: str) -> None:
        """A higher item ends the runs below it."""
        for other, depth in self.DEPTH.items():
            if depth > self.DEPTH[kind] and depth < 3:
                self.current.pop(other, None)


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _marker(text: str) -> tuple[str, int, str] | None:
    """(kind, value, text after the marker) for what Word can number."""
    for kind, pattern in (("roman", ROMAN), ("arabic", ARABIC), ("letter", LETTER)):
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            value = _roman_value(raw) if kind == "roman" else int(raw) if kind == "arabic" else ord(raw) - 96
            return kind, value, text[match.end():]
    match = BULLET.match(text)
    if match:
        return match.group(1), 0, text[match.end():]
    return None


def _set_num(paragraph, numid: int) -> None:
    from docx.oxml import parse_xml
    paragraph._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{numid}"/></w:numPr>'))


def _field(paragraph, instr: str, cached: str) -> None:
    from docx.oxml import parse_xml
    paragraph._p.append(parse_xml(
        f'<w:fldSimple xmlns:w="{W}" w:instr="{instr}"><w:r><w:t>{cached}</w:t></w:r></w:fldSimple>'))


def make_docx(seed: str, path: Path) -> Made:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    lists = _Lists(document.part.numbering_part.element)
    body, recipients, signature = split_signature(seed_paragraphs(seed))
    made = Made(path, Counter())
    at_table = table_position(body)

    def add(container, p: Paragraph, numbered: bool = True) -> None:
        marker = _marker(p.text) if numbered else None
        text = p.text
        numid = None
        if marker:
            made.numbered += 1
            kind, value, rest = marker
            if kind in ("-", "+"):
                numid = lists.num_for(kind, lists.current.get(kind, (None, 0))[1] + 1)
            else:
                lists.enter(kind)
                numid = lists.num_for(kind, value)
            if numid is not None:
                text = rest
                made.auto_numbered += 1
        paragraph = container.add_paragraph()
        paragraph.add_run(text).bold = p.bold or None
        if numid is not None:
            _set_num(paragraph, numid)

    for i, p in enumerate(body):
        if i == at_table:
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            table.style = "Table Grid"
            for r, row in enumerate(TABLE):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        add(document, p)
    if recipients or signature:
        layout = document.add_table(rows=1, cols=2)
        left, right = layout.cell(0, 0), layout.cell(0, 1)
        left.paragraphs[0].text = recipients[0].text if recipients else ""
        for p in recipients[1:]:
            add(left, p)
        right.paragraphs[0].text = signature[0].text if signature else ""
        for p in signature[1:]:
            right.add_paragraph(p.text)
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = "Trang "
    _field(footer, "PAGE", "1")
    footer.add_run("/")
    _field(footer, "NUMPAGES", "1")
    document.save(path)
    made.expected = Counter(w for p in seed_paragraphs(seed) for w in words(p.text))
    made.expected.update(words(HEADER))
    made.expected.update(["Trang", "1", "1"])
    made.expected.update(table_words())
    return made


# --- PDF ----------------------------------------------------------------------------------
def _pdf_class():
    from fpdf import FPDF

    class Plan(FPDF):
        def header(self) -> None:
            self.set_font("Serif", "", 9)
            self.cell(0, 5, HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Serif", "", 9)
            self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")
    return Plan


def new_pdf():
    pdf = _pdf_class()(format="A4")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Serif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    return pdf


def make_pdf(seed: str, path: Path) -> Made:
    pdf = new_pdf()
    pdf.add_page()
    body, recipients, signature = split_signature(seed_paragraphs(seed))
    at_table = table_position(body)
    title = 0
    while title < len(body) and not ROMAN.match(body[title].text) and not body[title].text.startswith(("Căn cứ", "Thực hiện")):
        title += 1

    def write(p: Paragraph, align: str = "J", indent: float = 10) -> None:
        pdf.set_font("Serif", "B" if p.bold else "", 12)
        with pdf.text_columns(text_align=align, line_height=1.15) as columns:
            with columns.paragraph(first_line_indent=indent, bottom_margin=1.6) as paragraph:
                paragraph.write(p.text)

    for i, p in enumerate(body):
        if i == at_table:
            pdf.set_font("Serif", "", 11)
            with pdf.table(col_widths=(12, 100, 40), line_height=6) as table:
                for row in TABLE:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.ln(3)
        write(p, "C" if i < title else "J", 0 if i < title or p.bold else 10)
    if recipients or signature:
        left = "\n".join(p.text for p in recipients)
        right = "\n".join(p.text for p in signature)
        pdf.set_font("Serif", "", 10)
        height = max(len(pdf.multi_cell(75, 5, left, dry_run=True, output="LINES")),
                     len(pdf.multi_cell(75, 5, right, dry_run=True, output="LINES"))) * 5
        if pdf.get_y() + height + 5 > pdf.h - 20:
            pdf.add_page()
        pdf.ln(4)
        top = pdf.get_y()
        pdf.multi_cell(75, 5, left, align="L")
        pdf.set_xy(30 + 85, top)
        pdf.set_font("Serif", "B", 11)
        pdf.multi_cell(75, 5, right, align="C")
    pdf.output(str(path))
    pages = pdf.page_no()
    made = Made(path, Counter(w for p in seed_paragraphs(seed) for w in words(p.text)), pages=pages)
    for k in range(1, pages + 1):
        made.expected.update(words(HEADER))
        made.expected.update(["Trang", str(k), str(pages)])
    made.expected.update(table_words())
    return made


def make_scanned_pdf(path: Path, lines: list[str]) -> Path:
    """One page that is only a picture of text (no text layer), as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), 28)
    for n, line in enumerate(lines):
        draw.text((120, 150 + 48 * n), line, fill=0, font=font)
    image.save(path, "PDF", resolution=150)
    return path
