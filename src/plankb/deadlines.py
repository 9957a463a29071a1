"""The reporting deadlines: dates read from the plans' own words (validated by the loader, shown by
the pages, written to calendars by downloads/ics.py)."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from plankb.model import Node, Plan

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
    def years(self) -> range:
        """Every year it falls due: the first, through `until` for a yearly recurrence."""
        return range(self.year, (self.until or self.year) + 1)

    def uid_in(self, year: int) -> str:
        """The calendar event's id for the deadline in `year`: the same in every build."""
        return f"{self.plan.id}-{self.node.id}-{year:04d}{self.month:02d}{self.day:02d}@ke-hoach-pcmd"


def impossible_date(written: str) -> str | None:
    """The date a deadline's words name, when no calendar has it ("30/02", "31/04/2026").
    Without a year, 29/02 may fall due in the leap years of a plan's period."""
    match = DEADLINE.search(written)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3) or 2024)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return match.group()
    return None


def of(plan: Plan, node: Node) -> list[Deadline]:
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
        elif plan.period_from != plan.period_to and RECURRING.intersection(report.frequency):
            out.append(Deadline(plan, node, written, month, day, plan.period_from, plan.period_to))
        else:
            out.append(Deadline(plan, node, written, month, day, plan.period_to, None))
    return out
