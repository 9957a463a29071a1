"""Reading source files (issue 17): PDF with a text layer, Word, text, Markdown.

Every seed is read as it is, in five text variants, and as a .docx and a .pdf made from it in
this session (tests/doc_fixtures.py). Words in = words out, word for word: every word of the
file is in the text, in a table or in the dropped noise. The draft the importer makes from a
.docx or .pdf is the draft it makes from the seed.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import doc_fixtures
from conftest import PLAN_IDS, ROOT
from plankb.importer.importer import draft_plan
from plankb.importer.reading import ReadError, read_source, words
from source_variants import VARIANTS, hard_breaks, page_headers, plain
from test_importer import sections

SEEDS = ROOT / "plans" / "sources"
# PDFs take a second or more each to write and to read: one seed in the fast tier, the rest in `make test`.
SLOW_REST = [pytest.param(p, marks=pytest.mark.slow) if p != "hong-ngu-2022" else p for p in PLAN_IDS]


def seed(plan_id: str) -> str:
    return (SEEDS / f"{plan_id}.txt").read_text(encoding="utf-8")


def file_words(path: Path) -> Counter[str]:
    return Counter(words(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The .docx and .pdf of each seed, made once."""
    folder = tmp_path_factory.mktemp("made")
    cache: dict[tuple[str, str], doc_fixtures.Made] = {}

    def get(plan_id: str, kind: str) -> doc_fixtures.Made:
        if (plan_id, kind) not in cache:
            make = doc_fixtures.make_docx if kind == "docx" else doc_fixtures.make_pdf
            cache[(plan_id, kind)] = make(seed(plan_id), folder / f"{plan_id}.{kind}")
        return cache[(plan_id, kind)]
    return get


# --- Text ----------------------------------------------------------------------------------

@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_seed_text_reads_to_the_same_draft(plan_id):
    path = SEEDS / f"{plan_id}.txt"
    extracted = read_source(path)
    assert extracted.words_out() == file_words(path)
    assert extracted.source_words == sum(file_words(path).values())
    assert extracted.dropped == [] and extracted.tables == []
    assert draft_plan(extracted.text, plan_id) == draft_plan(seed(plan_id), plan_id)
    assert extracted.text == unicodedata.normalize("NFC", extracted.text)
    assert all(line.strip() for line in extracted.text.splitlines())


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_text_variants_keep_every_word(plan_id, variant, tmp_path):
    path = tmp_path / f"{plan_id}.txt"
    path.write_text(VARIANTS[variant](seed(plan_id)), encoding="utf-8")
    extracted = read_source(path)
    assert extracted.words_out() == file_words(path)
    assert extracted.source_words == sum(file_words(path).values())


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_page_headers_every_40_lines_are_dropped(plan_id, tmp_path):
    noisy, clean_ = tmp_path / "noisy.txt", tmp_path / "clean.txt"
    noisy.write_text(page_headers(seed(plan_id)), encoding="utf-8")
    clean_.write_text(hard_breaks(seed(plan_id)), encoding="utf-8")
    extracted = read_source(noisy)
    assert extracted.text == read_source(clean_).text
    pages = noisy.read_text(encoding="utf-8").count("\f")
    assert [n.text for n in extracted.dropped if n.reason == "số trang"] == [f"Trang {k}/{pages}" for k in range(1, pages + 1)]
    assert sum(n.text == doc_fixtures.HEADER or n.text == __import__("source_variants").HEADER
               for n in extracted.dropped) == pages - 1
    assert any("đầu/chân trang" in note for note in extracted.notes)


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_hard_line_breaks_give_the_seed_sections(plan_id, tmp_path):
    path = tmp_path / f"{plan_id}.txt"
    path.write_text(hard_breaks(seed(plan_id)), encoding="utf-8")
    wanted = sections(draft_plan(plain(seed(plan_id)), plan_id)["body"])
    got = set(sections(draft_plan(read_source(path).text, plan_id)["body"]))
    assert sum(s in got for s in wanted) >= 0.95 * len(wanted)


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_text_on_one_line_is_split_back_into_paragraphs(plan_id, tmp_path):
    """Before: 5,736 words in, an empty body out. Now: every word, most sections."""
    path = tmp_path / f"{plan_id}.txt"
    path.write_text(VARIANTS["one-line"](seed(plan_id)), encoding="utf-8")
    extracted = read_source(path)
    assert len(extracted.text.splitlines()) > 50
    assert any("tách lại" in note for note in extracted.notes)
    wanted = sections(draft_plan(plain(seed(plan_id)), plan_id)["body"])
    draft = draft_plan(extracted.text, plan_id)
    got = set(sections(draft["body"]))
    assert sum(s in got for s in wanted) >= 0.6 * len(wanted)
    romans = [n["number"] for n in draft["body"] if n.get("number")]
    assert romans == [n["number"] for n in draft_plan(plain(seed(plan_id)), plan_id)["body"] if n.get("number")]


def test_one_line_signature_block_is_split():
    extracted_lines = __import__("plankb.importer.paragraphs", fromlist=["split_run_on"]).split_run_on(
        "KẾ HOẠCH Phòng, chống mại dâm năm 2026 Thực hiện Kế hoạch số 1/KH-UBND. I. MỤC ĐÍCH 1. Mục đích: "
        "Phòng ngừa tệ nạn. Nơi nhận: - Sở Y tế; - Lưu: VT. TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Bùi Thị Phúc")
    assert extracted_lines == ["KẾ HOẠCH", "Phòng, chống mại dâm năm 2026", "Thực hiện Kế hoạch số 1/KH-UBND.",
                               "I. MỤC ĐÍCH", "1. Mục đích:", "Phòng ngừa tệ nạn.", "Nơi nhận:", "- Sở Y tế;", "- Lưu: VT.",
                               "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Bùi Thị Phúc"]


def test_markdown_table_stays_a_table(tmp_path):
    path = tmp_path / "bang.md"
    path.write_text("I. MỤC TIÊU\n\nCác chỉ tiêu như sau:\n\n| STT | Chỉ tiêu |\n|---|---|\n| 1 | 100% xã |\n"
                    "| 2 | Trên 70% |\n\n- Đoạn sau bảng.\n", encoding="utf-8")
    extracted = read_source(path)
    assert [(t.line, t.rows) for t in extracted.tables] == [(2, [["STT", "Chỉ tiêu"], ["1", "100% xã"], ["2", "Trên 70%"]])]
    assert extracted.text.splitlines() == ["I. MỤC TIÊU", "Các chỉ tiêu như sau:", "- Đoạn sau bảng."]
    assert extracted.words_out() == file_words(path)


def test_decomposed_text_comes_out_composed(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", seed("kim-tan-2026")), encoding="utf-8")
    assert read_source(path).text == read_source(SEEDS / "kim-tan-2026.txt").text


# --- Word ----------------------------------------------------------------------------------

@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_docx_gives_the_seed_draft_and_every_word(plan_id, made):
    docx = made(plan_id, "docx")
    extracted = read_source(docx.path)
    assert extracted.words_out() == docx.expected
    assert extracted.source_words == sum(docx.expected.values())
    assert draft_plan(extracted.text, plan_id) == draft_plan(seed(plan_id), plan_id)
    assert [t.rows for t in extracted.tables] == [doc_fixtures.TABLE]
    assert {n.reason for n in extracted.dropped} == {"đầu trang Word", "chân trang Word"}
    assert any("số mục tự động" in note for note in extracted.notes)


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_docx_numbering_is_word_automatic_numbering(plan_id, made):
    """The fixture proves the point: its numbers are not in its text, a plain reader loses them."""
    docx = made(plan_id, "docx")
    assert docx.auto_numbered == docx.numbered > 50
    with zipfile.ZipFile(docx.path) as archive:
        xml = archive.read("word/document.xml").decode()
        assert xml.count("<w:numPr>") == docx.auto_numbered
        assert "<w:t>I. " not in xml and "<w:t>1. " not in xml
    from docx2python import docx2python
    with docx2python(docx.path) as plain_reader:
        assert not re.search(r"(?m)^I\. ", plain_reader.text)  # docx2python alone writes "I)"
    text = read_source(docx.path).text
    assert re.search(r"(?m)^(\*\*)?I\. ", text) and re.search(r"(?m)^(\*\*)?1\. ", text) and re.search(r"(?m)^- ", text)


def test_docx_table_stands_where_it_was(made):
    docx = made("hong-ngu-2022", "docx")
    extracted = read_source(docx.path)
    lines = extracted.text.splitlines()
    (table,) = extracted.tables
    assert lines[table.line].startswith("**II.") and not lines[table.line - 1].startswith("**II.")


def test_docx_style_numbering_and_line_breaks(tmp_path):
    """Numbering set by a paragraph style (Word's "List Number"), bullets, a line break inside a
    paragraph, a heading style."""
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading("Kế hoạch thử", level=1)
    document.add_paragraph("Mục tiêu:", style="List Number")
    document.add_paragraph("Chỉ tiêu:", style="List Number")
    document.add_paragraph("tuyên truyền;", style="List Bullet")
    broken = document.add_paragraph("Đoạn văn bị ngắt")
    broken.add_run().add_break()
    broken.add_run("giữa câu.")
    path = tmp_path / "style.docx"
    document.save(path)
    assert read_source(path).text.splitlines() == ["**Kế hoạch thử**", "1. Mục tiêu:", "2. Chỉ tiêu:", "• tuyên truyền;",
                                                   "Đoạn văn bị ngắt giữa câu."]


# --- PDF -----------------------------------------------------------------------------------

@pytest.mark.parametrize("plan_id", SLOW_REST)
def test_pdf_gives_the_seed_draft_and_every_word(plan_id, made):
    pdf = made(plan_id, "pdf")
    extracted = read_source(pdf.path)
    assert extracted.words_out() == pdf.expected
    assert extracted.source_words == sum(pdf.expected.values())
    assert draft_plan(extracted.text, plan_id) == draft_plan(seed(plan_id), plan_id)
    numbers = [n for n in extracted.dropped if n.reason == "số trang"]
    assert [(n.page, n.text) for n in numbers] == [(k, f"Trang {k}/{pdf.pages}") for k in range(1, pdf.pages + 1)]
    headers = [n for n in extracted.dropped if n.reason != "số trang"]
    assert [(n.page, n.text) for n in headers] == [(k, doc_fixtures.HEADER) for k in range(1, pdf.pages + 1)]
    (table,) = extracted.tables
    assert table.rows == doc_fixtures.TABLE and table.page is not None
    assert extracted.text.splitlines()[table.line].lstrip("*").startswith("II.")


def test_scanned_pdf_is_refused_with_what_to_do(tmp_path):
    scan = doc_fixtures.make_scanned_pdf(tmp_path / "ban-quet.pdf", ["KẾ HOẠCH", "Phòng, chống mại dâm"])
    with pytest.raises(ReadError) as refused:
        read_source(scan, ocr=False)
    message = refused.value.message_vi
    assert "bản quét" in message and "không có lớp chữ" in message and "ocrmypdf -l vie" in message
    assert "tesseract-ocr-vie" in message
    if shutil.which("ocrmypdf") is None:
        with pytest.raises(ReadError):
            read_source(scan)


@pytest.mark.skipif(shutil.which("ocrmypdf") is None, reason="ocrmypdf (Debian) not installed")
def test_scanned_pdf_through_ocr_is_flagged(tmp_path):
    scan = doc_fixtures.make_scanned_pdf(tmp_path / "ban-quet.pdf", ["KẾ HOẠCH", "Phòng, chống mại dâm trên địa bàn xã"])
    extracted = read_source(scan)
    assert extracted.ocr and "OCR" in extracted.notes[0]
    assert "HOẠCH" in extracted.text


# --- What cannot be read -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "says"), [
    ("rong.txt", b"", "tệp rỗng"),
    ("trang.txt", b" \n\n\t\n", "không có chữ"),
    ("cu.doc", b"\xd0\xcf\x11\xe0", "lưu thành .docx"),
    ("anh.png", b"\x89PNG", "không đọc được loại tệp"),
    ("latin.txt", "Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe", "không phải văn bản UTF-8"),
    ("utf16.txt", "Kế hoạch".encode("utf-16"), "UTF-8"),
    ("hong.docx", b"PK\x03\x04 not really a zip", "tệp Word bị hỏng"),
    ("hong.pdf", b"%PDF-1.7\n garbage", "tệp PDF bị hỏng"),
])
def test_unreadable_files_end_in_a_clear_message(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as refused:
        read_source(path)
    assert says in refused.value.message_vi and name in refused.value.message_vi


def test_zip_that_is_not_word(tmp_path):
    path = tmp_path / "khac.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ReadError, match="không phải tệp Word"):
        read_source(path)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="không mở được"):
        read_source(tmp_path / "khong-co.txt")
