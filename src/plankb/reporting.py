"""The reporting deadlines: dates read from the plans' own words, and iCalendar files."""
from __future__ import annotations

import re
from dataclasses import dataclass

from plankb.model import Node, Plan
from plankb.sources.source_text import is_real_date

DEADLINE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")
RECURRING = {"hàng năm", "6 tháng", "định kỳ"}


@dataclass(frozen=True)
class Deadline:
    plan: Plan
    node: Node
    written: str          # "trước 15/6" exactly as in the plan
    month: int
    day: int
    year: int             # the first year it falls due
    until: int | None     # last year for a yearly recurrence; None for a single date

    @property
    def uid(self) -> str:
        return f"{self.plan.id}-{self.node.id}-{self.month:02d}{self.day:02d}@ke-hoach-pcmd"


def impossible_date(written: str) -> str | None:
    """The date a deadline's words name, when no calendar has it ("30/02", "31/04/2026").
    Without a year, 29/02 may fall due in the leap years of a plan's period."""
    match = DEADLINE.search(written)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3) or 2024)
    return None if is_real_date(f"{year:04d}-{month:02d}-{day:02d}") else match.group()


def deadlines(plan: Plan, node: Node) -> list[Deadline]:
    """Dated deadlines of one reporting obligation. A deadline without a year falls due in
    every year of the plan's period when the plan calls the report periodic, else once."""
    report = node.reporting()
    out = []
    for written in report.deadline:
        match = DEADLINE.search(written)
        if not match:
            continue
        day, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if match.group(3):
            out.append(Deadline(plan, node, written, month, day, int(match.group(3)), None))
        elif plan.period_from != plan.period_to and report.frequency in RECURRING:
            out.append(Deadline(plan, node, written, month, day, plan.period_from, plan.period_to))
        else:
            out.append(Deadline(plan, node, written, month, day, plan.period_to, None))
    return out


# Everything a reader may take for a line break (str.splitlines' set: CR, LF, VT, FF, FS-RS, NEL,
# LS, PS): a bare CR left in a value is read by some parsers as the start of a new property.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# RFC 5545 TEXT allows no other control character (tab is white space); surrogates cannot be
# written as UTF-8 at all.
UNWRITABLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(text: str) -> str:
    """An RFC 5545 TEXT value: escapes, every line break as the `\\n` escape, other controls dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return UNWRITABLE.sub("", LINE_BREAK.sub(r"\\n", text))


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; continuation lines start with a space. Cut at the
    last character boundary that fits (UTF-8 continuation bytes are 10xxxxxx)."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    if not parts:
        return line
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def ics(name: str, events: list[tuple[Deadline, str, str]]) -> str:
    """An iCalendar file; each event is (deadline, summary, description with the anchor URL)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ke-hoach-pcmd//lich-bao-cao//VI", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}"]
    for deadline, summary, description in events:
        start = f"{deadline.year:04d}{deadline.month:02d}{deadline.day:02d}"
        lines += ["BEGIN:VEVENT", f"UID:{_escape(deadline.uid)}",
                  # A fixed stamp keeps builds byte-identical; it is the plan period's start.
                  f"DTSTAMP:{deadline.plan.period_from:04d}0101T000000Z",
                  f"DTSTART;VALUE=DATE:{start}", f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}"]
        if deadline.until:
            lines.append(f"RRULE:FREQ=YEARLY;UNTIL={deadline.until:04d}{deadline.month:02d}{deadline.day:02d}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
