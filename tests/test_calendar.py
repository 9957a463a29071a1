"""Reporting deadlines: read from the plans' words, published as iCalendar a real parser accepts."""
import datetime as dt
import gc
import re
import weakref

import icalendar

from conftest import ROOT
from plankb import deadlines
from plankb.downloads import ics
from plankb.model import Node, Plan, Report
from plankb.pages import calendar_pages
from plankb.site_files import make_site
from plankb.sources.loader import load_corpus


def plan(period=(2022, 2025)):
    return Plan("p", "Kế hoạch", "t", None, None, "a", "tinh", "x", *period)


def node(deadline, frequency):
    return Node("n", text="…", report=Report(("a",), ("b",), (), (frequency,) if frequency else (), tuple(deadline)))


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
    # Quảng Trị's yearly report "trước ngày 15/12" is one event in each year of 2022–2025.
    assert {start for uid, start in starts if uid.startswith("quang-tri-2022-2025-vi-1-")} == {
        dt.date(year, 12, 15) for year in range(2022, 2026)}
    assert not any("RRULE" in e for e in found)
    assert len({uid for uid, _ in starts}) == len(found)
    # Every event reminds a week before.
    assert all([a.decoded("TRIGGER") for a in e.walk("VALARM")] == [dt.timedelta(days=-7)] for e in found)


def test_a_deadline_given_to_a_group_reaches_each_member(site):
    """Kim Tân's closing asks "các phòng, đơn vị liên quan và các thôn" to report before 15/12:
    Công an xã is one of the xã's units (registry `members`), so its page and calendar say so."""
    page = (site / "co-quan" / "cong-an-xa-kim-tan" / "index.html").read_text(encoding="utf-8")
    assert "phải báo cáo: trước ngày 15/12 (giao chung cho Các phòng, ban, đơn vị liên quan của xã Kim Tân)" in page
    found = events(site / "du-lieu" / "lich" / "cong-an-xa-kim-tan.ics")
    jointly = [e for e in found if e.decoded("DTSTART") == dt.date(2026, 12, 15)]
    assert len(jointly) == 1 and "giao chung cho Các phòng, ban, đơn vị" in str(jointly[0]["SUMMARY"])
    assert str(jointly[0]["SUMMARY"]).startswith("Phải báo cáo")
    # The unit that receives that report does not owe it to itself.
    vhxh = (site / "co-quan" / "phong-vhxh-kim-tan" / "index.html").read_text(encoding="utf-8")
    assert "nhận hoặc tổng hợp báo cáo có hạn: trước ngày 15/12" in vhxh and "giao chung" not in vhxh.split('id="bao-cao"')[0]


def test_an_agency_that_reports_go_through_does_not_owe_them(site):
    """Quảng Nam's districts report through Sở Y tế: their deadlines are not the Sở's own."""
    page = (site / "co-quan" / "so-y-te-quang-nam" / "index.html").read_text(encoding="utf-8")
    summary = page.split('class="kh-summary"', 1)[1].split(">", 1)[1].split("</p>", 1)[0]
    assert "phải báo cáo" not in summary.lower() and "nhận hoặc tổng hợp báo cáo có hạn: trước ngày 20/6/2025, trước ngày 05/12/2025" in summary
    assert "báo cáo qua cơ quan này" in page


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


def test_frequencies_are_kept_as_the_plan_writes_them(site):
    """"Báo cáo nhanh, báo cáo định kỳ tháng, quý, năm" (Kim Tân IV.4) is four frequencies, not
    "hàng tháng"; the open data keeps `frequency` a string and lists each in `frequencies`."""
    import json

    page = (site / "co-quan" / "cong-an-xa-kim-tan" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<td[^>]*>báo cáo nhanh, hàng tháng, hàng quý, hàng năm</td>", page)
    data = json.loads((site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))
    plan = next(p for p in data["plans"] if p["id"] == "kim-tan-2026")
    report = next(r for r in plan["reporting"] if r["id"] == "iv-4-p8")
    assert report["frequency"] == "báo cáo nhanh, hàng tháng, hàng quý, hàng năm"
    assert report["frequencies"] == ["báo cáo nhanh", "hàng tháng", "hàng quý", "hàng năm"]


def test_with_the_sites_address_calendars_link_back_to_the_duty(tmp_path):
    """A calendar opened in Google Calendar or Outlook needs the absolute URL of the duty, which
    the build knows when mkdocs.yml gives `site_url`."""
    site = make_site(ROOT / "tests" / "fixtures" / "minimal", in_parallel=False, keep_for_rebuilds=True,
                     site_url="https://ke-hoach.example/")
    site.close()
    cal = icalendar.Calendar.from_ical(site.pages["du-lieu/lich/tram-y-te-xa-a.ics"].encode("utf-8"))
    description = str(next(iter(cal.walk("VEVENT")))["DESCRIPTION"])
    assert description.endswith("\nhttps://ke-hoach.example/ke-hoach/xa-a-2026/#ii-1-p1")


def test_the_deadlines_kept_for_a_corpus_go_when_the_corpus_goes():
    """The calendar's deadlines are computed once per corpus and kept for it only while it
    lives: they hold its plans, which a build's child lets go before its last index."""
    corpus = load_corpus(ROOT / "tests" / "fixtures" / "minimal")
    plan = weakref.ref(next(iter(corpus.plans.values())))
    found = calendar_pages.all_deadlines(corpus)
    assert found and calendar_pages.all_deadlines(corpus) is found
    del corpus, found
    gc.collect()
    assert plan() is None
