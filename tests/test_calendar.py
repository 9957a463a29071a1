"""Reporting deadlines: read from the plans' words, published as iCalendar a real parser accepts."""
import datetime as dt

import icalendar

from plankb import deadlines
from plankb.downloads import ics
from plankb.model import Node, Plan, Report


def plan(period=(2022, 2025)):
    return Plan("p", "Kế hoạch", "t", None, None, "a", "tinh", "x", *period)


def node(deadline, frequency):
    return Node("n", text="…", report=Report(("a",), ("b",), (), frequency, tuple(deadline)))


def test_deadline_with_year_is_one_date():
    found = deadlines.of(plan(), node(["trước ngày 20/6/2025"], "6 tháng"))
    assert [(d.year, d.month, d.day, d.until) for d in found] == [(2025, 6, 20, None)]


def test_periodic_deadline_recurs_over_the_period():
    found = deadlines.of(plan(), node(["trước ngày 15/12"], "hàng năm"))
    assert [(d.year, d.month, d.day, d.until) for d in found] == [(2022, 12, 15, 2025)]


def test_one_year_plan_deadline_is_that_year():
    found = deadlines.of(plan((2022, 2022)), node(["trước 15/6", "trước 15/12"], "định kỳ"))
    assert [(d.year, d.month, d.day) for d in found] == [(2022, 6, 15), (2022, 12, 15)]


def test_deadline_without_date_has_no_event():
    assert deadlines.of(plan(), node(["theo quy định"], "hàng năm")) == []


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [e for e in cal.walk("VEVENT")]


def test_site_calendar_parses_and_holds_the_plans_deadlines(site):
    found = events(site / "du-lieu" / "lich-bao-cao.ics")
    starts = {(e.decoded("UID").decode() if isinstance(e.decoded("UID"), bytes) else str(e["UID"]), e.decoded("DTSTART")) for e in found}
    dates = {start for _, start in starts}
    assert {dt.date(2022, 6, 15), dt.date(2022, 12, 15), dt.date(2025, 6, 20), dt.date(2025, 12, 5)} <= dates
    yearly = [e for e in found if "RRULE" in e]
    assert yearly and all(e["RRULE"]["FREQ"] == ["YEARLY"] for e in yearly)
    assert len({uid for uid, _ in starts}) == len(found)


def test_agency_calendar_holds_only_its_reports(site):
    found = events(site / "du-lieu" / "lich" / "phong-ldtbxh-hong-ngu.ics")
    assert sorted(e.decoded("DTSTART") for e in found) == [dt.date(2022, 6, 15), dt.date(2022, 12, 15)]
    assert all("Hồng Ngự" in str(e["SUMMARY"]) for e in found)


def test_calendar_page_lists_deadlines_in_date_order(site):
    html = (site / "lich-bao-cao" / "index.html").read_text(encoding="utf-8")
    import re
    days = [(int(m), int(d)) for d, m in re.findall(r"<strong>(\d\d)/(\d\d)</strong>", html)]
    assert days == sorted(days) and len(days) >= 4


def test_long_lines_fold_at_75_octets_between_characters():
    line = "DESCRIPTION:" + "Công an xã chủ trì, phối hợp Trạm Y tế " * 4
    folded = ics._fold(line).split("\r\n")
    assert len(folded) > 2
    assert all(len(part.encode("utf-8")) <= 75 for part in folded)
    assert all(part.startswith(" ") for part in folded[1:])
    assert folded[0] + "".join(part[1:] for part in folded[1:]) == line
