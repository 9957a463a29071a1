"""Text as maintainers' files deliver it: read as UTF-8 into NFC, and the characters no source
may carry (controls, lone surrogates) or should carry (look-alikes of Đ, invisible marks).

One place for what every reader of a source (YAML, BibTeX) checks the same way."""
from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

from plankb.problems import Problem

# C0 controls but tab and line feed, DEL, C1 controls, lone surrogates (from "\ud800" escapes)
# and non-characters: invisible in an editor, and they break what reads the downloads (a CR
# starts a new line in a CSV or calendar, a NUL ends a string).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Look-alikes of Đ/đ and invisible characters inside words: the text looks right, but linking
# and search miss the word.
SUSPECT = {
    "\u00d0": "Ð (U+00D0, chữ Eth, không phải Đ U+0110)", "\u00f0": "ð (U+00F0, chữ eth, không phải đ U+0111)",
    "\u0189": "Ɖ (U+0189, không phải Đ U+0110)", "\u200b": "dấu cách không độ rộng (U+200B)",
    "\u200c": "ký tự nối không độ rộng (U+200C)", "\u200d": "ký tự nối không độ rộng (U+200D)",
    "\u2060": "ký tự nối từ vô hình (U+2060)", "\ufeff": "ký tự BOM giữa văn bản (U+FEFF)",
    "\u00ad": "gạch nối mềm (U+00AD)",
}
SUSPECT_CHARS = re.compile("[" + "".join(SUSPECT) + "]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # [0-9]: \d would take other scripts' digits


def read(path: Path, label: str, missing: str = "không tìm thấy tệp") -> str | Problem:
    """The file's text in NFC with LF line ends, or the E001 problem that stops reading it.

    Word (Unikey's "Unicode tổ hợp") and macOS PDFs give decomposed text; all code sees NFC."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Problem(label, 0, "", missing, "E001")
    except OSError as error:
        return Problem(label, 0, "", f"không đọc được tệp ({error.strerror or type(error).__name__})", "E001")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = (f"tệp không phải UTF-8 (byte 0x{data[error.start]:02X} ở dòng {line}; tệp có thể được lưu "
                   "bằng Windows-1258 hay mã khác: mở lại và lưu dạng UTF-8)")
        return Problem(label, line, "", message, "E001")
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n"))


def nfc(text: str) -> str:
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def control_message(char: str) -> str:
    return f"ký tự điều khiển hoặc không hợp lệ U+{ord(char):04X} (thường lẫn vào khi dán từ Word hay PDF); hãy xóa nó"


def suspect_message(char: str) -> str:
    return f"văn bản chứa {SUSPECT[char]}: liên kết và tìm kiếm sẽ không nhận ra từ này; hãy gõ lại"


def shown(value: object, limit: int = 60) -> str:
    """A value quoted in a message: cut short (a wrong value can be thousands of characters
    long), and nothing a terminal would act on."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in str(value))
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} ký tự)"


def is_real_date(value: str) -> bool:
    """'2026-02-30' has the shape of a date but names no day."""
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        return False
    return True
