"""Read plans/references.bib (bibtexparser v2) into Reference objects.

Every value a page or download uses is checked here, with file, line and field: whatever the file
holds, `load` returns references and problems, never raises. A value that fails a check is left
out of its Reference, so nothing downstream sees it even if the problems were ignored."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser

from .model import Reference
from .problems import Problem

# C0 controls but tab and newline (a CR is left only when it is not part of CRLF), DEL, C1 controls
# and lone surrogates: invisible in an editor, and they break the downloads (a CR starts a line).
BAD_CHAR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # [0-9]: \d would take other scripts' digits
YEAR = re.compile(r"[0-9]{4}")
# Never in a URL (RFC 3986 wants them percent-encoded); a quote or bracket would end an attribute.
NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}]')


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message: cut short, and nothing the terminal would act on."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    return text if len(text) <= limit else text[:limit] + "…"


def _read(path: Path, label: str) -> tuple[str | None, Problem | None]:
    """The file's text with LF line ends, or the E001 problem that stops reading it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, Problem(label, 0, "", "không tìm thấy tệp tài liệu tham khảo", "E001")
    except OSError as error:
        return None, Problem(label, 0, "", f"không đọc được tệp ({error.strerror or type(error).__name__})", "E001")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = (f"tệp không phải UTF-8 (byte 0x{data[error.start]:02X} ở dòng {line}; tệp có thể được lưu "
                   "bằng Windows-1258 hay mã khác: mở lại và lưu dạng UTF-8)")
        return None, Problem(label, line, "", message, "E001")
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), None


def _failed(block, label: str) -> Problem:
    reason = "khóa trích dẫn bị lặp" if "Duplicate" in type(block).__name__ else "mục BibTeX không đọc được"
    key = getattr(block, "key", "") or ""
    return Problem(label, (block.start_line or 0) + 1, _shown(key), reason, "E401")


def _url_problem(url: str) -> str | None:
    """Only web links: a `javascript:` or `data:` URL in tai-lieu.bib acts when a reader opens it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts and parts.scheme.lower() in ("http", "https") and parts.netloc and not NOT_IN_URL.search(url):
        return None
    return f"địa chỉ «{_shown(url)}» không phải liên kết web: chỉ nhận địa chỉ bắt đầu bằng http:// hoặc https://"


def _date_problem(value: str) -> str | None:
    if not ISO_DATE.fullmatch(value):
        return f"ngày «{_shown(value)}» phải viết dạng năm-tháng-ngày YYYY-MM-DD, ví dụ 2004-10-15"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"ngày «{value}» không có trên lịch"
    return None


def _year_problem(value: str) -> str | None:
    return None if YEAR.fullmatch(value) else f"năm «{_shown(value)}» phải gồm đúng 4 chữ số, ví dụ 2004"


CHECKS = {"url": (_url_problem, "E403"), "date": (_date_problem, "E404"), "year": (_year_problem, "E404")}


def _bad_char(text: str, label: str, line: int, field: str, key: str) -> Problem | None:
    match = BAD_CHAR.search(text)
    if not match:
        return None
    where = line + text[: match.start()].count("\n")
    message = (f"mục «{_shown(key)}»: có ký tự điều khiển hoặc ký tự không hợp lệ U+{ord(match.group()):04X} "
               "(thường lẫn vào khi dán từ Word hay PDF); xóa ký tự đó")
    return Problem(label, where, field, message, "E004")


def _fields(entry, label: str, key: str) -> tuple[dict[str, str], list[Problem]]:
    """Each field's checked value: outer braces off, NFC (Word and macOS give decomposed text)."""
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for field in entry.fields:
        raw = str(field.value)
        line = (field.start_line if field.start_line is not None else entry.start_line or 0) + 1
        problem = _bad_char(raw, label, line, field.key, key)
        value = raw.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        value = unicodedata.normalize("NFC", value)
        check, code = CHECKS.get(field.key, (None, ""))
        if problem is None and value and check and (message := check(value)):
            problem = Problem(label, line, field.key, f"mục «{_shown(key)}»: {message}", code)
        if problem:
            problems.append(problem)
        elif value:
            values[field.key] = value
    return values, problems


def _reference(entry, label: str) -> tuple[Reference | None, list[Problem]]:
    line = (entry.start_line or 0) + 1
    if problem := _bad_char(entry.key, label, line, "", entry.key):
        return None, [problem]
    key = unicodedata.normalize("NFC", entry.key)
    values, problems = _fields(entry, label, key)
    return Reference(
        key=key, doctype=values.get("doctype") or "Văn bản", title=values.get("title"), number=values.get("number"),
        issuer=values.get("issuer") or values.get("author"), date=values.get("date"), year=values.get("year"),
        note=values.get("note"), url=values.get("url"),
    ), problems


def load(path: Path, label: str) -> tuple[dict[str, Reference], list[Problem]]:
    text, problem = _read(path, label)
    if text is None:
        return {}, [problem]
    try:
        library = bibtexparser.parse_string(text)
        failed, entries = list(library.failed_blocks), list(library.entries)
    except Exception as error:  # the parser raises on some garbage; validation reports it, never crashes
        return {}, [Problem(label, 0, "", f"tệp BibTeX không đọc được ({type(error).__name__})", "E401")]
    problems = [_failed(block, label) for block in failed]
    references: dict[str, Reference] = {}
    for entry in entries:
        reference, found = _reference(entry, label)
        problems += found
        if reference is None:
            continue
        if reference.key in references:  # two spellings (NFD, NFC) of one key
            problems.append(Problem(label, (entry.start_line or 0) + 1, _shown(reference.key), "khóa trích dẫn bị lặp", "E401"))
            continue
        references[reference.key] = reference
    return references, problems


def entry_lines(path: Path) -> dict[str, int]:
    """Line of each entry's key, for messages about an entry."""
    lines: dict[str, int] = {}
    text = path.read_bytes().decode("utf-8", "replace")
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("@") and "{" in stripped:
            key = stripped.split("{", 1)[1].split(",", 1)[0].strip()
            lines.setdefault(unicodedata.normalize("NFC", key), number)
    return lines
