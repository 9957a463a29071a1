"""/lich-bao-cao/: every reporting obligation in date order, with iCalendar downloads."""
from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from plankb import deadlines, links
from plankb.downloads import ics
from plankb.model import LEVEL_ORDER, LEVELS, Corpus
from plankb.pages import overview
from plankb.pages.render_common import Context, plan_label
from plankb.relations import REPORT_ROLE_WORDS, ReportPart, report_parts
from plankb.text.markup import data_script, esc, link, table

T = TypeVar("T")


def _last_corpus(compute: Callable[[Corpus], T]) -> Callable[[Corpus], T]:
    """`compute` once per corpus (the last one's result kept: the site's calendar, each agency's,
    their pages and the home page's data all ask), and only while that corpus lives: the result
    holds its plans, which a build's child lets go before its last index (site_in_child)."""
    last: list = [None, None]  # a weak reference to the corpus, its result

    def forget(gone: weakref.ref) -> None:
        if last[0] is gone:
            last[:] = [None, None]

    def once(corpus: Corpus) -> T:
        if last[0] is None or last[0]() is not corpus:
            last[:] = [weakref.ref(corpus, forget), compute(corpus)]
        return last[1]

    return once


@_last_corpus
def all_deadlines(corpus: Corpus) -> list[deadlines.Deadline]:
    found = [d for plan in corpus.plans_newest_first() for node in plan.reports() for d in deadlines.of(plan, node)]
    return sorted(found, key=lambda d: (d.month, d.day, -d.year, d.plan.id, d.node.id))


def calendar_file() -> str:
    return links.DATA_DIR + "lich-bao-cao.ics"


def agency_calendar_file(agency_id: str) -> str:
    return f"{links.DATA_DIR}lich/{agency_id}.ics"


def _event(ctx: Context, deadline: deadlines.Deadline, base_url: str,
           part: ReportPart | None = None) -> tuple[deadlines.Deadline, str, str]:
    """The event of a deadline; in an agency's own calendar (`part`), what the agency has to do."""
    corpus, report = ctx.corpus, deadline.node.reporting()
    who = ", ".join(corpus.agencies[a].label for a in report.reporter) or "Các cơ quan được giao"
    if len(report.reporter) > 3:
        who = f"{len(report.reporter)} cơ quan, đơn vị"
    to = ", ".join(corpus.agencies[a].label for a in report.to) or "cấp trên"
    what = f"Hạn báo cáo ({deadline.written})"
    if part is not None:
        jointly = f", giao chung cho {corpus.agencies[part.group].label}" if part.group else ""
        what = f"{REPORT_ROLE_WORDS[part.role].capitalize()} ({deadline.written}{jointly})"
    summary = f"{what}: {who} → {to}"
    url = base_url + ctx.linker.url(links.plan_page(deadline.plan.id)) + "#" + deadline.node.id
    description = f"{plan_label(corpus, deadline.plan.id)}, {deadline.node.label}: {deadline.node.words}\n{url}"
    return deadline, summary, description


UPCOMING_DATA = links.DATA_DIR + "han-bao-cao.js"


def upcoming_data(ctx: Context) -> str:
    """Every dated deadline, one per year it falls due, for the home page's "Sắp đến hạn"
    (docs/assets/javascripts/sap-den-han.js picks the next 60 days in the reader's browser: a
    static page cannot know the day it is read). A script, not JSON: it loads from a folder too."""
    corpus = ctx.corpus
    found: list[dict[str, str | list[str]]] = []
    for deadline in all_deadlines(corpus):
        report = deadline.node.reporting()
        for year in deadline.years:
            found.append({
                "date": f"{year:04d}-{deadline.month:02d}-{deadline.day:02d}", "written": deadline.written,
                "who": [corpus.agencies[a].label for a in report.reporter], "to": [corpus.agencies[a].label for a in report.to],
                "where": f"{plan_label(corpus, deadline.plan.id)}, {deadline.node.label}",
                "url": ctx.linker.url(links.plan_page(deadline.plan.id)) + "#" + deadline.node.id,
            })
    found.sort(key=lambda d: str(d["date"]))
    return data_script("khHanBaoCao", found)


def calendar_makers(ctx: Context, base_url: str) -> dict[str, Callable[[], str]]:
    """Site path → maker of the whole-site calendar and of one per agency that reports, receives
    or forwards reports: each agency's made alone, so a preview keeps those an edit leaves the same."""
    return {calendar_file(): partial(_site_calendar, ctx, base_url),
            **{agency_calendar_file(a): partial(_agency_calendar, ctx, a, base_url) for a in agencies_with_deadlines(ctx.corpus)}}


def _site_calendar(ctx: Context, base_url: str) -> str:
    return ics.calendar("Lịch báo cáo phòng, chống mại dâm", [_event(ctx, d, base_url) for d in all_deadlines(ctx.corpus)])


@_last_corpus
def _parts_by_agency(corpus: Corpus) -> dict[str, list[tuple[deadlines.Deadline, ReportPart]]]:
    """Agency id → each deadline it takes part in (named, or as a member of a group the plan
    names), in date order, with its part (the first)."""
    mine: dict[str, list[tuple[deadlines.Deadline, ReportPart]]] = {}
    for deadline in all_deadlines(corpus):
        for agency_id, parts in report_parts(corpus, deadline.node.reporting()).items():
            mine.setdefault(agency_id, []).append((deadline, parts[0]))
    return mine


def _agency_calendar(ctx: Context, agency_id: str, base_url: str) -> str:
    name = f"Lịch báo cáo — {ctx.corpus.agencies[agency_id].name}"
    return ics.calendar(name, [_event(ctx, deadline, base_url, part) for deadline, part in _parts_by_agency(ctx.corpus)[agency_id]])


@_last_corpus
def agencies_with_deadlines(corpus: Corpus) -> list[str]:
    """Agencies that owe, receive or forward a dated report: those with a calendar."""
    return sorted(_parts_by_agency(corpus))


def has_deadlines(corpus: Corpus, agency_id: str) -> bool:
    """Whether the agency has a calendar, asked by each agency page."""
    return agency_id in _parts_by_agency(corpus)


# A longer list of agencies waits behind its count (<details>): one row of the calendar names 20.
AGENCIES_SHOWN = 4


def _agencies(ctx: Context, here: str, ids: tuple[str, ...]) -> str:
    names = ", ".join(ctx.agency_link(here, a) for a in ids) or "không rõ"
    if len(ids) <= AGENCIES_SHOWN:
        return names
    return f'<details class="kh-more"><summary>{len(ids)} cơ quan, đơn vị</summary>{names}</details>'


# Above this many deadlines, the calendar counts them by day, level and province instead of a row
# each: the .ics download and each agency's own calendar hold every one.
CALENDAR_INLINE = 60


def calendar_page(ctx: Context, inline_limit: int = CALENDAR_INLINE) -> str:
    here = links.CALENDAR
    corpus = ctx.corpus
    every = all_deadlines(corpus)
    if len(every) > inline_limit:
        return _calendar_summary(ctx, every)
    out = ["# Lịch báo cáo", "",
           "Mọi hạn báo cáo mà các kế hoạch đặt ra, xếp theo ngày trong năm. Hạn không ghi năm được lặp lại mỗi năm "
           "trong thời kỳ của kế hoạch khi kế hoạch ghi báo cáo định kỳ.", "",
           f'<p class="kh-download">{link(ctx.href(here, calendar_file()), "Tải lịch (.ics) cho mọi hạn báo cáo")} '
           "— mở bằng Google Calendar, Outlook hoặc lịch của điện thoại. Lịch riêng của từng cơ quan có trên trang cơ quan.</p>", ""]
    rows = []
    for deadline in every:
        report = deadline.node.reporting()
        years = f"{deadline.year}–{deadline.until}" if deadline.until else str(deadline.year)
        rows.append([
            f"<strong>{deadline.day:02d}/{deadline.month:02d}</strong> ({esc(years)})",
            esc(deadline.written),
            _agencies(ctx, here, report.reporter),
            ", ".join(ctx.agency_link(here, a) for a in report.to) or "không rõ",
            ", ".join(ctx.agency_link(here, a) for a in report.via) or "—",
            esc(", ".join(report.frequency) or "không rõ"),
            ctx.plan_link(here, deadline.plan.id, deadline.node.id, text=f"{plan_label(corpus, deadline.plan.id)}, {deadline.node.label}"),
        ])
    out += ["## Theo ngày {#theo-ngay}", "", table(["Hạn", "Như văn bản", "Ai báo cáo", "Gửi đến", "Qua", "Định kỳ", "Nguồn"], rows), ""]
    undated = [(plan, node) for plan in corpus.plans_newest_first() for node in plan.reports() if not deadlines.of(plan, node)]
    if undated:
        rows = [[_agencies(ctx, here, node.reporting().reporter),
                 ", ".join(ctx.agency_link(here, a) for a in node.reporting().to) or "không rõ",
                 esc(", ".join(node.reporting().frequency) or "không rõ"),
                 ctx.plan_link(here, plan.id, node.id, text=f"{plan_label(corpus, plan.id)}, {node.label}")]
                for plan, node in undated]
        out += ["## Báo cáo không ghi ngày {#khong-ghi-ngay}", "",
                "Kế hoạch yêu cầu báo cáo nhưng không ghi ngày cụ thể:", "",
                table(["Ai báo cáo", "Gửi đến", "Định kỳ", "Nguồn"], rows), ""]
    return "\n".join(out) + "\n"


def _calendar_summary(ctx: Context, every: list[deadlines.Deadline]) -> str:
    """The days reports fall due, with how many plans at each level set each one; how often
    reports are due ("6 tháng", "hằng năm"); by province."""
    here = links.CALENDAR
    corpus = ctx.corpus
    plans = {d.plan.id: d.plan for d in every}
    out = ["# Lịch báo cáo", "",
           f"{overview.number(len(every))} hạn báo cáo trong {overview.number(len(plans))} kế hoạch, xếp theo ngày trong năm; "
           "mỗi dòng đếm các kế hoạch đặt hạn vào ngày đó. Từng hạn, ai báo cáo và gửi đến đâu: trong tệp lịch dưới đây, "
           "trên trang của từng cơ quan (kèm lịch riêng của cơ quan) và trong toàn văn kế hoạch.", "",
           f'<p class="kh-download">{link(ctx.href(here, calendar_file()), "Tải lịch (.ics) cho mọi hạn báo cáo")} '
           "— mở bằng Google Calendar, Outlook hoặc lịch của điện thoại.</p>", ""]
    by_day: dict[tuple[int, int], list[deadlines.Deadline]] = {}
    for deadline in every:
        by_day.setdefault((deadline.month, deadline.day), []).append(deadline)
    levels = [lv for lv in LEVEL_ORDER if any(p.level == lv for p in plans.values())]
    rows = []
    for (month, day), found in sorted(by_day.items()):
        mine = {d.plan.id: d.plan for d in found}
        rows.append([f"<strong>{day:02d}/{month:02d}</strong>", overview.number(len(mine)),
                     *(overview.number(sum(p.level == lv for p in mine.values())) for lv in levels)])
    out += ["## Theo ngày {#theo-ngay}", "",
            table(["Hạn", "Kế hoạch", *(f"Cấp {LEVELS[lv].lower()}" for lv in levels)], rows), ""]
    reports: dict[str, dict[tuple[str, str], None]] = {}  # how often, as plans write it → the reports
    for plan in corpus.plans_newest_first():
        for node in plan.reports():
            for frequency in node.reporting().frequency or ("không ghi",):
                reports.setdefault(frequency, {})[(plan.id, node.id)] = None
    out += ["## Theo kỳ báo cáo {#theo-ky}", "",
            table(["Định kỳ", "Yêu cầu báo cáo", "Kế hoạch"],
                  [[esc(frequency), overview.number(len(found)), overview.number(len({plan_id for plan_id, _ in found}))]
                   for frequency, found in sorted(reports.items(), key=lambda item: -len(item[1]))]), ""]
    out += ["## Theo tỉnh, thành phố {#theo-tinh}", "",
            "Trang của tỉnh liệt kê kế hoạch của tỉnh và các địa bàn trực thuộc; hạn báo cáo của từng kế hoạch ở trang kế hoạch.", ""]
    out += overview.province_table(ctx, here, overview.by_province(ctx, every, lambda d: d.plan.place),
                                   ["Tỉnh, thành phố", "Hạn báo cáo", "Kế hoạch"],
                                   lambda found: [overview.number(len(found)), overview.number(len({d.plan.id for d in found}))])
    undated = [plan for plan in corpus.plans_newest_first() for node in plan.reports() if not deadlines.of(plan, node)]
    if undated:
        out += ["## Báo cáo không ghi ngày {#khong-ghi-ngay}", "",
                f"<p>{overview.number(len(undated))} yêu cầu báo cáo không ghi ngày cụ thể, trong "
                f"{overview.number(len({p.id for p in undated}))} kế hoạch ({overview.level_counts({p.id: p for p in undated}.values())}).</p>", ""]
    return "\n".join(out) + "\n"
