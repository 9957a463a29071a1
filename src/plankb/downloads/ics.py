"""iCalendar files of reporting deadlines (RFC 5545), safe for any calendar that opens them."""
from __future__ import annotations

import re

from plankb.deadlines import Deadline

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


# How long before a deadline a calendar reminds: a report needs a week to gather.
REMINDER = "-P7D"


def calendar(name: str, events: list[tuple[Deadline, str, str]]) -> str:
    """An iCalendar file; each event is (deadline, summary, description with the anchor URL). A
    deadline that recurs is one event per year of the plan's period (calendars differ in how they
    show a rule; a list of dates is read by all), each with a reminder a week before."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ke-hoach-pcmd//lich-bao-cao//VI", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}"]
    for deadline, summary, description in events:
        for year in deadline.years:
            lines += ["BEGIN:VEVENT", f"UID:{_escape(deadline.uid_in(year))}",
                      # A fixed stamp keeps builds byte-identical; it is the plan period's start.
                      f"DTSTAMP:{deadline.plan.period_from:04d}0101T000000Z",
                      f"DTSTART;VALUE=DATE:{year:04d}{deadline.month:02d}{deadline.day:02d}",
                      f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}",
                      "BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:{REMINDER}", f"DESCRIPTION:{_escape(summary)}", "END:VALARM",
                      "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
