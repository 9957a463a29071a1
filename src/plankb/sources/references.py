"""Read plans/references.bib (bibtexparser v2) into Reference objects.

Every value a page or download uses is checked here, with file, line and field: whatever the file
holds, `load` returns references and problems, never raises. A value that fails a check is left
out of its Reference, so nothing downstream sees it even if the problems were ignored."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser

from plankb.model import Reference
from plankb.problems import Problem
from plankb.sources.source_text import CONTROL, ISO_DATE, control_message, is_real_date, nfc, shown
from plankb.sources.source_text import read as read_text

YEAR = re.compile(r"[0-9]{4}")
# Never in a URL (RFC 3986 wants them percent-encoded); a quote or bracket would end an attribute.
NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}]')


def _failed(block, label: str) -> Problem:
    reason = "khóa trích dẫn bị lặp" if "Duplicate" in type(block).__name__ else "mục BibTeX không đọc được"
    key = getattr(block, "key", "") or ""
    return Problem(label, (block.start_line or 0) + 1, shown(key), reason, "E401")


def _url_problem(url: str) -> str | None:
    """Only web links: a `javascript:` or `data:` URL in tai-lieu.bib acts when a reader opens it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts and parts.scheme.lower() in ("http", "https") and parts.netloc and not NOT_IN_URL.search(url):
        return None
    return f"địa chỉ «{shown(url)}» không phải liên kết web: chỉ nhận địa chỉ bắt đầu bằng http:// hoặc https://"


def _date_problem(value: str) -> str | None:
    if not ISO_DATE.fullmatch(value):
        return f"ngày «{shown(value)}» phải viết dạng năm-tháng-ngày YYYY-MM-DD, ví dụ 2004-10-15"
    return None if is_real_date(value) else f"ngày «{value}» không có trên lịch"


def _year_problem(value: str) -> str | None:
    return None if YEAR.fullmatch(value) else f"năm «{shown(value)}» phải gồm đúng 4 chữ số, ví dụ 2004"


CHECKS = {"url": (_url_problem, "E403"), "date": (_date_problem, "E404"), "year": (_year_problem, "E404")}


def _bad_char(text: str, label: str, line: int, field: str, key: str) -> Problem | None:
    match = CONTROL.search(text)
    if not match:
        return None
    where = line + text[: match.start()].count("\n")
    return Problem(label, where, field, f"mục «{shown(key)}»: {control_message(match.group())}", "E004")


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
        value = nfc(value)
        check, code = CHECKS.get(field.key, (None, ""))
        if problem is None and value and check and (message := check(value)):
            problem = Problem(label, line, field.key, f"mục «{shown(key)}»: {message}", code)
        if problem:
            problems.append(problem)
        elif value:
            values[field.key] = value
    return values, problems


def _reference(entry, label: str) -> tuple[Reference | None, list[Problem]]:
    line = (entry.start_line or 0) + 1
    if problem := _bad_char(entry.key, label, line, "", entry.key):
        return None, [problem]
    key = nfc(entry.key)
    values, problems = _fields(entry, label, key)
    return Reference(
        key=key, doctype=values.get("doctype") or "Văn bản", title=values.get("title"), number=values.get("number"),
        issuer=values.get("issuer") or values.get("author"), date=values.get("date"), year=values.get("year"),
        note=values.get("note"), url=values.get("url"),
    ), problems


def load(path: Path, label: str) -> tuple[dict[str, Reference], list[Problem]]:
    text = read_text(path, label, "không tìm thấy tệp tài liệu tham khảo")
    if isinstance(text, Problem):
        return {}, [text]
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
            problems.append(Problem(label, (entry.start_line or 0) + 1, shown(reference.key), "khóa trích dẫn bị lặp", "E401"))
            continue
        references[reference.key] = reference
    return references, problems
