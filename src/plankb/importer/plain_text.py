"""Reading a `.txt` or `.md` file: UTF-8, NFC; page headers and "Trang n/N" lines dropped as
noise; a text on one line split back into paragraphs; Markdown tables kept as tables. Lines stay
as they are: the importer joins broken ones."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from plankb.importer.extracted import Extracted, Noise, ReadError, Table, words
from plankb.importer.page_furniture import furniture_key, is_page_number, repeated_in_text
from plankb.importer.paragraphs import MARKED, clean_markdown, is_run_on, render, split_run_on

TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$")
BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(
            f"{path.name}: không phải văn bản UTF-8 (byte lạ ở vị trí {err.start}). "
            "Hãy lưu lại tệp với bảng mã UTF-8 (Unicode), hoặc đưa thẳng tệp .docx/.pdf gốc."
        ) from None
    if "\x00" in text:
        raise ReadError(f"{path.name}: tệp có ký tự NUL, không phải văn bản thuần (có thể là UTF-16 hoặc tệp nhị phân).")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> Extracted:
    source = decode(path)
    total = len(words(source))
    if total == 0:
        raise ReadError(f"{path.name}: tệp không có chữ nào.")
    raw = source.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    dropped: list[Noise] = []
    notes: list[str] = []
    keep = [True] * len(raw)

    numbers = [i for i, line in enumerate(raw) if BARE_NUMBER.match(line)]
    values = [int(raw[i]) for i in numbers]
    page_sequence = len(numbers) >= 2 and values == sorted(values) and len(set(values)) == len(values)
    pages = 0
    for i, line in enumerate(raw):
        if line.strip() and is_page_number(line) and (not BARE_NUMBER.match(line) or page_sequence):
            keep[i] = False
            pages += 1
            dropped.append(Noise(line.strip(), "số trang", line=i + 1))
    headers = repeated_in_text([line if keep[i] else "" for i, line in enumerate(raw)])
    repeated = 0
    for i, line in enumerate(raw):
        if keep[i] and line.strip() and furniture_key(line) in headers:
            keep[i] = False
            repeated += 1
            dropped.append(Noise(line.strip(), "đầu/chân trang lặp lại", line=i + 1))
    dropped.sort(key=lambda n: n.line or 0)
    if pages:
        notes.append(f"đã bỏ {pages} dòng số trang (như «{next(n.text for n in dropped if n.reason == 'số trang')}»)")
    if repeated:
        example = next(n.text for n in dropped if n.reason != "số trang")
        notes.append(f"đã bỏ {repeated} dòng đầu/chân trang lặp lại (như «{example}»)")

    # A table closes the paragraph before it: the text is read in segments, joined each alone.
    segments: list[list[tuple[str, bool]]] = [[]]
    tables: list[Table] = []
    rows: list[list[str]] = []
    done = 0

    def close_table() -> None:
        nonlocal done
        if rows:
            done += sum(1 for text, _ in segments[-1] if text)
            tables.append(Table(None, done, list(rows)))
            rows.clear()
            segments.append([])

    for i, line in enumerate(raw):
        if not keep[i]:
            continue
        if TABLE_ROW.match(line):
            if not TABLE_RULE.match(line):
                rows.append([clean_markdown(cell) for cell in line.strip().strip("|").split("|")])
            continue
        close_table()
        text = clean_markdown(line)
        if is_run_on(text):
            pieces = split_run_on(text)
            notes.append(f"dòng {i + 1} chứa cả văn bản ({len(text.split())} từ): đã tách lại thành {len(pieces)} đoạn "
                         "theo số mục (I., 1., a), -) và dấu câu; cần xem lại chỗ tách")
            segments[-1].extend((piece, False) for piece in pieces)
        else:
            segments[-1].append((text, bool(MARKED.match(line))))
    close_table()
    if tables:
        notes.append(f"giữ {len(tables)} bảng dưới dạng bảng (không ghép vào đoạn văn)")
    # Broken lines are joined by the importer, which sees the whole text's width (paragraphs.join_lines).
    paragraphs = [line for segment in segments for line in segment if line[0]]
    return Extracted("\n".join(render(paragraphs)) + "\n", tables, dropped, total, notes)
