"""Read a plan's source file (PDF with a text layer, Word, plain text or Markdown) into the text
the importer drafts from, its tables, and the noise it dropped.

    read_source(path) -> Extracted      # raises ReadError, in Vietnamese, for what cannot be read

Words in = words out: every word of the file is in `text`, in one of `tables`, or in `dropped`
(page headers and footers, page numbers). `source_words` counts the file's words.
"""
from __future__ import annotations

from pathlib import Path

from plankb.importer.extracted import Extracted, Noise, ReadError, Table, words

__all__ = ["Extracted", "Noise", "ReadError", "Table", "read_source", "words", "FORMATS"]

FORMATS = (".pdf", ".docx", ".txt", ".md")


def read_source(path: Path, *, ocr: bool = True) -> Extracted:
    """The text of a source file. `ocr=False`: a scanned PDF is refused even where ocrmypdf is installed."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        hint = " (tệp .doc cũ: mở bằng Word hoặc LibreOffice và lưu thành .docx)" if suffix == ".doc" else ""
        raise ReadError(f"{path.name}: không đọc được loại tệp «{suffix or 'không có đuôi'}»; "
                        f"chỉ nhận .pdf (có lớp chữ), .docx, .txt, .md{hint}.")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ReadError(f"{path}: không mở được tệp ({err.strerror}).") from None
    if size == 0:
        raise ReadError(f"{path.name}: tệp rỗng (0 byte).")
    if suffix == ".pdf":
        from plankb.importer.pdf_text import read_pdf
        return read_pdf(path, ocr=ocr)
    if suffix == ".docx":
        from plankb.importer.word_text import read_docx
        return read_docx(path)
    from plankb.importer.plain_text import read_text
    return read_text(path)
