"""plans/references.bib: every value a page or download uses is checked with file, line and field,
and whatever the file holds, reading it ends in references or located problems, never a crash."""
from __future__ import annotations

import datetime as dt
import shutil
import unicodedata

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, write_fixture_config
from plankb.downloads import bibtex
from plankb.model import Corpus, Reference
from plankb.problems import Problem
from plankb.sources import references
from test_loader import FIXTURES, run_validate

LABEL = "plans/references.bib"


def entry(**fields: str) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return "% văn bản\n@misc{nd-178-2004,\n" + body + "}\n"


def load(tmp_path, text: str | bytes):
    path = tmp_path / "references.bib"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return references.load(path, LABEL)


def codes(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return [(p.code, p.line, p.field) for p in problems]


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                 "ftp://example.com/a", "//evil.example/a", "https://", "http:/a", "https://a b.vn",
                                 'https://a.vn/"><script>x</script>',
                                 "vbscript:msgbox", "file:///etc/passwd"])
def test_url_other_than_http_is_a_located_error(tmp_path, url):
    refs, problems = load(tmp_path, entry(title="Nghị định", date="2004-10-15", url=url))
    assert codes(problems) == [("E403", 5, "url")]
    assert "http" in problems[0].message and "nd-178-2004" in problems[0].message
    assert refs["nd-178-2004"].url is None  # never reaches tai-lieu.bib, even if problems were ignored


@pytest.mark.parametrize("url", ["http://example.com", "https://thuvienphapluat.vn/van-ban/a-b.aspx?x=1&y=%C3%A1#z",
                                 "HTTPS://CHINHPHU.VN/"])
def test_web_urls_pass(tmp_path, url):
    refs, problems = load(tmp_path, entry(title="Nghị định", url=url))
    assert problems == [] and refs["nd-178-2004"].url == url


@pytest.mark.parametrize(("field", "value"), [("date", "15/10/2004"), ("date", "2026-02-30"), ("date", "2026-2-3"),
                                              ("date", "20260101"), ("date", "2026-W01-1"), ("date", "2004-10-15T00:00"),
                                              ("date", "２００４-10-15"), ("year", "04"), ("year", "2004a"), ("year", "２００４")])
def test_date_and_year_must_be_real_and_iso(tmp_path, field, value):
    refs, problems = load(tmp_path, entry(title="Nghị định", **{field: value}))
    assert codes(problems) == [("E404", 4, field)]
    assert getattr(refs["nd-178-2004"], field) is None


def test_real_dates_pass(tmp_path):
    refs, problems = load(tmp_path, entry(title="Nghị định", date="2024-02-29", year="2024"))
    assert problems == [] and refs["nd-178-2004"].date == "2024-02-29"


def _fixture_with(tmp_path, bib: str):
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "minimal", root)
    path = root / "plans" / "references.bib"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-01-05", bib), encoding="utf-8")
    return root


def test_impossible_date_fails_validation_and_the_build_without_a_crash(tmp_path):
    root = _fixture_with(tmp_path, "15/01/2026")
    result = run_validate(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "plans/references.bib:6: [date] lỗi E404" in result.stderr
    built = build_site(tmp_path / "site", write_fixture_config(root))
    assert built.returncode != 0
    assert "E404" in built.stderr and "Traceback" not in built.stderr


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: a base letter (â, ơ…) then a combining tone mark."""
    out = []
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            try:
                out.append(unicodedata.normalize("NFC", marks[:2]).encode("cp1258") + marks[2:].encode("cp1258"))
            except UnicodeEncodeError:
                out.append(marks.encode("cp1258"))
    return b"".join(out)


def test_non_utf8_file_is_e001_with_its_line(tmp_path):
    text = entry(title="Phòng, chống mại dâm", issuer="Chính phủ")
    refs, problems = load(tmp_path, windows_1258(text.replace("% văn bản", "% van ban")))
    assert refs == {}
    assert [(p.code, p.line, p.field) for p in problems] == [("E001", 3, "")]
    assert problems[0].message.startswith("tệp không phải UTF-8 (")


def test_utf8_bom_and_crlf_are_read(tmp_path):
    text = "\ufeff" + entry(title="Phòng,\n  chống", date="2004-10-15").replace("\n", "\r\n")
    refs, problems = load(tmp_path, text)
    assert problems == []
    assert refs["nd-178-2004"].title == "Phòng,\n  chống"


def test_unreadable_file_is_e001(tmp_path):
    (tmp_path / "references.bib").mkdir()
    refs, problems = references.load(tmp_path / "references.bib", LABEL)
    assert refs == {} and [p.code for p in problems] == ["E001"]


def test_parser_failure_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(references.bibtexparser, "parse_string", explode)
    refs, problems = load(tmp_path, entry(title="x"))
    assert refs == {} and [p.code for p in problems] == ["E401"]


def test_fields_are_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Phòng, chống mại dâm")
    refs, problems = load(tmp_path, entry(title=decomposed, issuer=decomposed))
    assert problems == []
    assert refs["nd-178-2004"].title == refs["nd-178-2004"].issuer == "Phòng, chống mại dâm"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\r"])
def test_control_characters_are_located_e004(tmp_path, char):
    refs, problems = load(tmp_path, entry(title="Nghị định", note=f"dòng một\n  dòng hai {char}x"))
    assert codes(problems) == [("E004", 5, "note")]
    assert f"U+{ord(char):04X}" in problems[0].message
    assert refs["nd-178-2004"].note is None


# Property-based: random files never crash the reader; valid references survive the writer.

FIELDS = ["title", "number", "doctype", "issuer", "author", "date", "year", "note", "url", "x"]
pieces = st.one_of(
    st.text(max_size=12),  # any code point: NFD marks, controls, surrogates
    st.sampled_from(["{", "}", "@", ",", "=", '"', "#", "%", "\\", "\n", "\r", "\r\n", "\t", " ",
                     "@misc{", "@string{", "@comment{", "@preamble{", "a,", "}\n"]),
    st.builds(lambda n, v: f"  {n} = {{{v}}},\n", st.sampled_from(FIELDS), st.text(max_size=20)),
    st.builds(lambda k: f"@misc{{{k},\n", st.text(max_size=6)),
    st.sampled_from(["https://a.vn/x", "javascript:x", "2026-02-30", "15/10/2004", "2004-10-15", "2004",
                     unicodedata.normalize("NFD", "Phòng, chống"), "\ud800", "\udfff", "\x00", "\x85"]),
)
bib_text = st.lists(pieces, max_size=30).map("".join)


def _write_any(path, text: str) -> None:
    # Lone surrogates cannot be UTF-8; written as their 3-byte form they are invalid UTF-8.
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


def _clean_field(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value) and not any(
        unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n" for c in value)


@settings(max_examples=200, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bib_text)
def test_any_file_gives_references_or_located_problems(tmp_path, text):
    path = tmp_path / "references.bib"
    _write_any(path, text)
    refs, problems = references.load(path, LABEL)
    assert isinstance(refs, dict) and isinstance(problems, list)
    assert all(isinstance(p, Problem) and p.file == LABEL and p.message and p.code.startswith("E") for p in problems)
    for ref in refs.values():
        assert isinstance(ref, Reference)
        values = [v for v in (ref.key, ref.doctype, ref.title, ref.number, ref.issuer, ref.date, ref.year, ref.note, ref.url) if v]
        assert all(_clean_field(v) for v in values)
        assert ref.url is None or ref.url.lower().startswith(("http://", "https://"))
        assert ref.date is None or dt.date.fromisoformat(ref.date).isoformat() == ref.date
        assert ref.year is None or (len(ref.year) == 4 and ref.year.isascii() and ref.year.isdigit())


def _shown(value: str | None) -> str | None:
    """What the writer promises to keep: the words, white space runs as one space, no braces or
    backslashes (BibTeX syntax, balanced away so no value can end its field early)."""
    if value is None:
        return None
    kept = " ".join(value.replace("{", "").replace("}", "").replace("\\", "").split())
    return kept or None


text_value = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30).map(
    lambda s: unicodedata.normalize("NFC", s))
valid_reference = st.builds(
    Reference,
    key=st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True),
    doctype=text_value.filter(lambda s: _shown(s) is not None),
    title=st.none() | text_value, number=st.none() | text_value, issuer=st.none() | text_value,
    date=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    year=st.none() | st.integers(1900, 2100).map(str), note=st.none() | text_value,
    url=st.none() | st.sampled_from(["https://a.vn/x?y=1&z=%C3%A1", "http://example.com/%7Ba%7D"]),
)


@settings(max_examples=150, deadline=dt.timedelta(seconds=2))
@given(st.lists(valid_reference, max_size=4, unique_by=lambda r: r.key))
def test_written_entries_parse_back_to_the_same_fields(refs):
    corpus = Corpus({}, {}, {}, {}, {}, {}, references={r.key: r for r in refs})
    library = bibtexparser.parse_string(bibtex.library(corpus, lambda plan_id: plan_id))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == sorted(r.key for r in refs)
    for parsed, ref in zip(library.entries, sorted(refs, key=lambda r: r.key), strict=True):
        fields = {f.key: f.value for f in parsed.fields}
        expected = {"title": ref.title, "number": ref.number, "doctype": ref.doctype, "issuer": ref.issuer,
                    "author": ref.issuer, "date": ref.date, "year": ref.year or (ref.date or "")[:4] or None,
                    "note": ref.note, "url": ref.url}
        assert fields == {k: _shown(v) for k, v in expected.items() if _shown(v)}
        assert bibtexparser.parse_string(bibtex.reference_entry(ref)).entries[0].fields_dict.keys() == fields.keys()
