"""/lich-bao-cao/: every reporting obligation in date order, with iCalendar downloads."""
from __future__ import annotations

import json

from plankb import deadlines, links
from plankb.downloads import ics
from plankb.model import Corpus
from plankb.pages.render_common import Context, plan_label
from plankb.relations import REPORT_ROLE_WORDS, ReportPart, report_parts
from plankb.text.markup import esc, link, table


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
    return "window.khHanBaoCao = " + json.dumps(found, ensure_ascii=False) + ";\n"


def calendar_paths(corpus: Corpus) -> list[str]:
    """The paths calendar_files makes, in its order, without making them."""
    return [calendar_file(), *map(agency_calendar_file, agencies_with_deadlines(corpus))]


def calendar_files(ctx: Context, base_url: str) -> dict[str, str]:
    """The whole-site calendar and one per agency that reports, receives or forwards reports."""
    every = all_deadlines(ctx.corpus)
    files = {calendar_file(): ics.calendar("Lịch báo cáo phòng, chống mại dâm", [_event(ctx, d, base_url) for d in every])}
    mine: dict[str, list] = {}
    for deadline in every:
        for agency_id, parts in report_parts(ctx.corpus, deadline.node.reporting()).items():
            mine.setdefault(agency_id, []).append(_event(ctx, deadline, base_url, parts[0]))
    for agency_id in agencies_with_deadlines(ctx.corpus):
        name = f"Lịch báo cáo — {ctx.corpus.agencies[agency_id].name}"
        files[agency_calendar_file(agency_id)] = ics.calendar(name, mine[agency_id])
    return files


_with_deadlines: tuple[Corpus, list[str]] | None = None


def agencies_with_deadlines(corpus: Corpus) -> list[str]:
    """Agencies that owe, receive or forward a dated report, named or as members of a group the
    plan names (computed once per corpus:
    every agency page asks)."""
    global _with_deadlines
    if _with_deadlines is None or _with_deadlines[0] is not corpus:
        ids: dict[str, None] = {}
        for deadline in all_deadlines(corpus):
            ids.update(dict.fromkeys(report_parts(corpus, deadline.node.reporting())))
        _with_deadlines = (corpus, sorted(ids))
    return _with_deadlines[1]


# A longer list of agencies waits behind its count (<details>): one row of the calendar names 20.
AGENCIES_SHOWN = 4


def _agencies(ctx: Context, here: str, ids: tuple[str, ...]) -> str:
    names = ", ".join(ctx.agency_link(here, a) for a in ids) or "không rõ"
    if len(ids) <= AGENCIES_SHOWN:
        return names
    return f'<details class="kh-more"><summary>{len(ids)} cơ quan, đơn vị</summary>{names}</details>'


def calendar_page(ctx: Context) -> str:
    here = links.CALENDAR
    corpus = ctx.corpus
    out = ["# Lịch báo cáo", "",
           "Mọi hạn báo cáo mà các kế hoạch đặt ra, xếp theo ngày trong năm. Hạn không ghi năm được lặp lại mỗi năm "
           "trong thời kỳ của kế hoạch khi kế hoạch ghi báo cáo định kỳ.", "",
           f'<p class="kh-download">{link(ctx.href(here, calendar_file()), "Tải lịch (.ics) cho mọi hạn báo cáo")} '
           "— mở bằng Google Calendar, Outlook hoặc lịch của điện thoại. Lịch riêng của từng cơ quan có trên trang cơ quan.</p>", ""]
    rows = []
    for deadline in all_deadlines(corpus):
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
