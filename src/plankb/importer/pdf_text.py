"""Reading a `.pdf` with a text layer (pdfplumber): lines rebuilt from the words' positions,
page headers, footers and page numbers removed, tables found by their rules kept as tables,
two columns side by side ("Nơi nhận" and the signature) read one after the other, lines joined
into paragraphs by the layout (a gap, a first-line indent, a short last line, bold type).

A PDF with no text layer (a scan) is refused with what to do, or read through ocrmypdf where it
is installed, and flagged.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from plankb.importer.extracted import Extracted, Noise, ReadError, Table, words
from plankb.importer.page_furniture import furniture_key, is_page_number, repeated_on_pages
from plankb.importer.paragraphs import BULLET, NUMBERING, SENTENCE_END, is_caption, join_broken, render

EDGE = 2  # lines at the top and at the bottom of a page where furniture is looked for


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    bold: bool
    page: int
    column: int = 0  # 0: the page's width; 1, 2: left and right of a block in two columns


@dataclass
class TableAt:
    page: int
    top: float
    rows: list[list[str]]


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return "bold" in name or "black" in name or name.endswith(",b") or "-b" == name[-2:]


def _lines(words_: list[dict], page: int) -> list[list[dict]]:
    """Words into lines by their baseline."""
    rows: list[list[dict]] = []
    for word in sorted(words_, key=lambda w: (round(w["bottom"], 0), w["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) <= max(1.5, 0.25 * word["size"]):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _segments(row: list[dict]) -> list[list[dict]]:
    """A line cut where the space between two words is wide enough to part two columns."""
    out = [[row[0]]]
    for word in row[1:]:
        gap = word["x0"] - out[-1][-1]["x1"]
        if gap > max(18.0, 1.8 * word["size"]):
            out.append([word])
        else:
            out[-1].append(word)
    return out


def _make_line(segment: list[dict], page: int, column: int = 0) -> Line:
    text = unicodedata.normalize("NFC", " ".join(w["text"] for w in segment))
    return Line(text, segment[0]["x0"], segment[-1]["x1"], min(w["top"] for w in segment),
                median(w["size"] for w in segment), all(_is_bold(w["fontname"]) for w in segment), page, column)


def _page_lines(rows: list[list[dict]], page: int) -> list[Line]:
    """Lines in reading order: a block where the page runs in two columns is read left column
    first, then the right one."""
    out: list[Line] = []
    i = 0
    while i < len(rows):
        segments = _segments(rows[i])
        if len(segments) < 2:
            out.append(_make_line(rows[i], page))
            i += 1
            continue
        split = segments[1][0]["x0"]  # the right column's left edge, the smallest seen
        left: list[Line] = []
        right: list[Line] = []
        last = rows[i][0]["bottom"]
        while i < len(rows):
            row = rows[i]
            if row[0]["bottom"] - last > 2.5 * row[0]["size"]:  # a gap: the block is over
                break
            segments = _segments(row)
            if len(segments) > 1:
                split = min(split, segments[1][0]["x0"])
            sides = [2 if s[0]["x0"] >= split - 20 else 1 if s[-1]["x1"] < split else 0 for s in segments]
            if 0 in sides or len(segments) > 2:
                break
            for side, s in zip(sides, segments, strict=True):
                (left if side == 1 else right).append(_make_line(s, page, side))
            last = row[0]["bottom"]
            i += 1
        out.extend(left + right)
    return out


def _open(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 - reads the page tree: a broken file fails here
        return pdf
    except PDFSyntaxError as err:
        raise ReadError(f"{path.name}: tệp PDF bị hỏng, không đọc được ({err}).") from None
    except Exception as err:  # pdfminer raises many kinds: password, broken xref, …
        name = type(err).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError(f"{path.name}: tệp PDF có mật khẩu; hãy xin bản không khóa.") from None
        raise ReadError(f"{path.name}: tệp PDF bị hỏng, không đọc được ({name}: {err}).") from None


def read_pdf(path: Path, *, ocr: bool = True) -> Extracted:
    pdf = _open(path)
    try:
        return _read(pdf, path, ocr)
    finally:
        pdf.close()


def _read(pdf: Any, path: Path, ocr: bool) -> Extracted:
    pages_lines: list[list[Line]] = []
    tables: list[TableAt] = []
    source_words = 0
    image_only: list[int] = []
    for number, page in enumerate(pdf.pages, 1):
        all_words = page.extract_words(extra_attrs=["fontname", "size"])
        source_words += sum(len(words(w["text"])) for w in all_words)
        if not all_words:
            if page.images:
                image_only.append(number)
            pages_lines.append([])
            continue
        found = page.find_tables()
        boxes = [t.bbox for t in found]
        for table in found:
            rows = [[unicodedata.normalize("NFC", " ".join((cell or "").split())) for cell in row] for row in table.extract()]
            tables.append(TableAt(number, table.bbox[1], rows))

        def outside(w: dict, boxes: list = boxes) -> bool:
            cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
        pages_lines.append(_page_lines(_lines([w for w in all_words if outside(w)], number), number))

    if not any(pages_lines):
        return _scanned(path, len(pdf.pages), image_only, ocr)

    notes: list[str] = []
    dropped: list[Noise] = []
    repeated = repeated_on_pages([[line.text for line in lines] for lines in pages_lines], EDGE)
    kept_pages: list[list[Line]] = []
    for lines in pages_lines:
        keep = []
        for index, line in enumerate(lines):
            at_edge = index < EDGE or index >= len(lines) - EDGE
            if at_edge and line.column == 0 and is_page_number(line.text):
                dropped.append(Noise(line.text, "số trang", page=line.page))
            elif at_edge and line.column == 0 and furniture_key(line.text) in repeated:
                dropped.append(Noise(line.text, "đầu/chân trang lặp lại", page=line.page))
            else:
                keep.append(line)
        kept_pages.append(keep)
    numbers = [n for n in dropped if n.reason == "số trang"]
    furniture = [n for n in dropped if n.reason != "số trang"]
    if furniture:
        notes.append(f"đã bỏ {len(furniture)} dòng đầu/chân trang lặp lại (như «{furniture[0].text[:60]}»)")
    if numbers:
        notes.append(f"đã bỏ {len(numbers)} dòng số trang (như «{numbers[0].text}»)")
    if image_only:
        notes.append(f"trang {', '.join(map(str, image_only))} chỉ có ảnh, không có lớp chữ: nội dung các trang này "
                     "chưa được đọc (nhận dạng chữ bằng ocrmypdf -l vie rồi đối chiếu)")

    paragraphs, placed = _paragraphs(kept_pages, tables)
    text = "\n".join(render(paragraphs))
    if not words(text):
        raise ReadError(f"{path.name}: tệp PDF không có chữ nào ngoài đầu trang, chân trang và bảng.")
    if tables:
        notes.append(f"giữ {len(tables)} bảng dưới dạng bảng (không ghép vào đoạn văn): cần xem lại")
    if any(line.column for lines in kept_pages for line in lines):
        notes.append("có khối hai cột (nơi nhận, chữ ký): đã đọc cột trái rồi cột phải")
    extracted = Extracted(text + "\n", placed, dropped, source_words, notes)
    out = sum(extracted.words_out().values())
    if out != source_words:
        notes.append(f"cảnh báo: tệp có {source_words} từ, kết quả đọc có {out}: cần đối chiếu với bản PDF")
    return extracted


def _paragraphs(pages: list[list[Line]], tables: list[TableAt]) -> tuple[list[tuple[str, bool]], list[Table]]:
    body = [line for lines in pages for line in lines if line.column == 0]
    if not body:
        body = [line for lines in pages for line in lines]
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = sorted(line.x1 for line in body)[int(0.9 * (len(body) - 1))]
    pitches = [b.top - a.top for lines in pages for a, b in zip(lines, lines[1:], strict=False)
               if a.column == b.column == 0 and 0 < b.top - a.top < 3 * a.size]
    pitch = median(pitches) if pitches else 14.0
    # the paragraph spacing shows as the pitch of some lines: the line pitch is the smallest common one
    common = Counter(round(p) for p in pitches).most_common(3)
    if common:
        pitch = min(p for p, _ in common if _ >= 0.2 * common[0][1])

    out: list[tuple[str, bool]] = []
    placed: list[Table] = []
    pending = sorted(tables, key=lambda t: (t.page, t.top))
    prev: Line | None = None
    for lines in pages:
        for line in lines:
            while pending and (pending[0].page, pending[0].top) < (line.page, line.top):
                table = pending.pop(0)
                placed.append(Table(table.page, len(out), table.rows))
                prev = None
            if prev is not None and not _starts_paragraph(prev, line, left, right, pitch):
                glue = "" if prev_text(out).endswith("-") and line.text[:1].isdigit() else " "
                out[-1] = (out[-1][0] + glue + line.text, out[-1][1])
            else:
                out.append((line.text, line.bold))
            prev = line
    for table in pending:
        placed.append(Table(table.page, len(out), table.rows))
    return out, placed


def prev_text(out: list[tuple[str, bool]]) -> str:
    return out[-1][0] if out else ""


def _caps(text: str) -> bool:
    """An upper-case heading ("I. MỤC ĐÍCH"), not a wrapped "HIV/AIDS."."""
    return is_caption(text) and len([w for w in text.split() if any(c.isalpha() for c in w)]) >= 2


def _symmetric(line: Line, left: float, right: float) -> bool:
    return abs((line.x0 - left) - (right - line.x1)) < max(6.0, line.size)


def _centered(line: Line, left: float, right: float) -> bool:
    return line.x0 > left + 2 * line.size and _symmetric(line, left, right)


def _starts_paragraph(prev: Line, line: Line, left: float, right: float, pitch: float) -> bool:
    if line.column != prev.column or line.bold != prev.bold or _caps(line.text) != _caps(prev.text):
        return True  # a column, bold type or an upper-case heading begins or ends
    if line.column:  # a column of a two-column block: by the words, as a text file
        return len(join_broken([(prev.text, False), (line.text, False)])) > 1
    if line.page == prev.page and line.top - prev.top > 1.25 * pitch:
        return True
    if (BULLET.match(line.text) or NUMBERING.match(line.text)) and SENTENCE_END.search(prev.text) \
            and prev.x1 < right - 1.0 * prev.size:
        return True
    if _centered(line, left, right):  # a title over two lines: by the words
        return not _symmetric(prev, left, right) or len(join_broken([(prev.text, False), (line.text, False)])) > 1
    if line.x0 > left + 0.8 * line.size:  # a first-line indent
        return True
    return prev.x1 < right - 2.5 * prev.size  # the line before ended short of the margin: the end of a paragraph


def _scanned(path: Path, pages: int, image_only: list[int], ocr: bool) -> Extracted:
    how = (f"Hãy nhận dạng chữ (OCR) trước, ví dụ: ocrmypdf -l vie «{path.name}» «{path.stem}-ocr.pdf» "
           "(Debian: apt-get install ocrmypdf tesseract-ocr-vie), rồi nhập tệp mới và soát lại từng câu; "
           "tốt hơn: xin cơ quan ban hành bản Word hoặc PDF gốc.")
    what = (f"{path.name}: tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ) trên cả {pages} trang: không đọc được chữ nào."
            if image_only else f"{path.name}: tệp PDF không có chữ nào (không có lớp chữ) trên {pages} trang.")
    tool = shutil.which("ocrmypdf")
    if not ocr or tool is None:
        raise ReadError(f"{what} {how}")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"{path.stem}-ocr.pdf"
        try:
            done = subprocess.run([tool, "-l", "vie", "--quiet", str(path), str(target)], capture_output=True, text=True,
                                  timeout=900)
        except subprocess.TimeoutExpired:
            raise ReadError(f"{what} ocrmypdf chạy quá 15 phút. {how}") from None
        if done.returncode != 0 or not target.exists():
            raise ReadError(f"{what} ocrmypdf không nhận dạng được ({done.stderr.strip()[-200:]}). {how}")
        extracted = read_pdf(target, ocr=False)
    extracted.ocr = True
    extracted.notes.insert(0, "ĐÃ NHẬN DẠNG CHỮ (OCR) bằng ocrmypdf -l vie: chữ có thể sai dấu, sai số; "
                              "phải đối chiếu từng câu với bản quét trước khi duyệt")
    return extracted
