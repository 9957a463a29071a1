"""Agency pages: what an agency must do in every plan, with whom, and by when."""
from __future__ import annotations

from collections import defaultdict

from plankb import deadlines, links
from plankb.model import LEVELS, Agency, Place, PlaceChange
from plankb.pages import calendar_pages, cite_box, overview, sector_pages
from plankb.pages.render_common import Context, crumbs, plan_label, role_badges, shown_value, with_title
from plankb.relations import REPORT_ROLE_WORDS, Duty, report_parts
from plankb.text.markup import date_vi, esc, link, md_inline, table
from plankb.text.vietnamese import sort_key

# Above this many duties of others naming an agency (a ministry, named by every province), its
# page counts them by level and province instead of quoting each.
MENTIONS_INLINE = 30


# Above this many reports an agency takes part in (a ministry receives every province's), its page
# counts them by role and province; its calendar (.ics) holds every one.
REPORTS_INLINE = 40


def render(ctx: Context, agency: Agency, mentions_limit: int = MENTIONS_INLINE, reports_limit: int = REPORTS_INLINE) -> str:
    corpus, rel = ctx.corpus, ctx.relations
    here = links.agency_page(agency.id)
    facts = [
        ("Cấp", ctx.level_link(here, agency.level)),
        ("Địa bàn", ctx.place_link(here, agency.place)),
        ("Ngành", sector_pages.sector_fact(ctx, here, agency)),
    ]
    if agency.parent:
        facts.append(("Trực thuộc", ctx.agency_link(here, agency.parent, full=True)))
    if agency.aliases:
        facts.append(("Cách gọi trong văn bản", esc("; ".join(agency.aliases))))
    if agency.collective:
        facts.append(("Loại", "Nhóm cơ quan, đơn vị (giao chung)"))
    trail = [("Cơ quan", links.AGENCIES_INDEX), (LEVELS[agency.level], links.level_page(agency.level)),
             (corpus.places[agency.place].name, links.place_page(agency.place)), (agency.label, None)]
    out = [crumbs(ctx, here, trail), "", f"# {md_inline(agency.name)}", ""]
    duties = rel.duties_by_agency.get(agency.id, [])
    out += _summary(ctx, agency, duties, here)
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    out += [f'<div class="kh-card" id="thong-tin"><dl>{items}</dl></div>', ""]
    out += _succession(ctx, agency, here)
    out += _duties(ctx, duties, here)
    out += _partners(ctx, agency, duties, here)
    out += _mentions(ctx, agency, here, mentions_limit)
    out += _reports(ctx, agency, here, reports_limit)
    out += [cite_box.page_box(agency.name, f"co-quan-{agency.id}", ctx.page_url(here), ctx.site_url), ""]
    return with_title(agency.name, "\n".join(out) + "\n")


def _ends(place: Place, change: PlaceChange) -> bool:
    """Whether a change ends the place for its agencies: a district (the level ended on 1/7/2025),
    or a place merged into another one."""
    return place.level == "huyen" or (change.successor is not None and change.successor != place.id)


def _told(note: str | None, iso: str) -> bool:
    """Whether the agency's own note already tells the change of that date ("01/7/2025")."""
    year, month, day = (int(part) for part in iso.split("-"))
    return note is not None and any(f"{d}/{m}/{year}" in note for d in (f"{day}", f"{day:02d}") for m in (f"{month}", f"{month:02d}"))


def _succession(ctx: Context, agency: Agency, here: str) -> list[str]:
    """What changed for the agency, at the top: its own succession, whom it took over from (the
    predecessor's note once: the agency's own note, when it has one, tells the same change), and
    the 2025 reform of its place (district level ended, provinces merged) when the registry gives
    the agency no successor of its own."""
    corpus, notes, of_place = ctx.corpus, [], []
    if agency.successor:
        text = esc(agency.successor.note)
        if agency.successor.agency:
            text += f" Cơ quan kế nhiệm: {ctx.agency_link(here, agency.successor.agency, full=True)}."
        notes.append(text)
    for other_id in ctx.relations.predecessors.get(agency.id, ()):
        succession = corpus.agencies[other_id].successor
        said = "" if agency.note or not succession else f": {esc(succession.note)}"
        since = f" từ {date_vi(succession.date)}" if succession else ""
        notes.append(f"Kế nhiệm {ctx.agency_link(here, other_id, full=True)}{since}{said}")
    if agency.note:
        notes.append(esc(agency.note))
    if not agency.successor:
        place: Place | None = corpus.places[agency.place]
        while place is not None:
            for change in (c for c in place.changes if _ends(place, c) and not _told(agency.note, c.date)):
                where = ctx.place_link(here, place.id)
                after = f" Địa bàn tiếp nhận: {ctx.place_link(here, change.successor)}." if change.successor else ""
                unsure = " (thông tin chưa chắc chắn)" if change.unsure else ""
                of_place.append(f"Từ {date_vi(change.date)}, {where}{unsure}: {esc(change.text)}{after} Cơ quan kế nhiệm: "
                                '<span class="kh-unknown">chưa rõ</span> (danh mục chưa ghi cơ quan nào nhận nhiệm vụ của cơ quan này).')
            place = corpus.places[place.parent] if place.parent else None
    # A change of the place is told on the page of every agency there: the site search finds it
    # on the place's page.
    return ([f'<div class="admonition note"><p class="admonition-title">Thay đổi</p><p>{n}</p></div>' for n in notes]
            + [f'<div class="admonition note" data-search-exclude><p class="admonition-title">Thay đổi</p><p>{n}</p></div>'
               for n in of_place] + [""])


def _summary(ctx: Context, agency: Agency, duties: list[Duty], here: str) -> list[str]:
    """The first line: how many duties, and the deadlines the agency owes apart from those of the
    reports it receives or that go through it."""
    said = []
    if duties:
        said.append(f"{len(duties)} nhiệm vụ trong {len(set(d.plan.id for d in duties))} kế hoạch")
    owed: dict[tuple, str] = {}
    handled: dict[tuple, str] = {}
    for plan, node in ctx.relations.reports_by_agency.get(agency.id, []):
        for part in report_parts(ctx.corpus, node.reporting()).get(agency.id, []):
            jointly = f" (giao chung cho {esc(ctx.corpus.agencies[part.group].label)})" if part.group else ""
            for d in deadlines.of(plan, node):
                (owed if part.role == "reporter" else handled)[(d.month, d.day, d.written, jointly)] = esc(d.written) + jointly
    if owed:
        said.append("phải báo cáo: " + ", ".join(owed[k] for k in sorted(owed)))
    if handled:
        said.append("nhận hoặc tổng hợp báo cáo có hạn: " + ", ".join(handled[k] for k in sorted(handled)))
    if not said:
        # The same sentence on thousands of pages: no search matches it.
        return ['<p data-search-exclude>Cơ quan này không được giao nhiệm vụ trực tiếp trong các kế hoạch hiện có.</p>', ""]
    sentence = "; ".join(said)
    # It repeats deadlines plans set: the site search finds them there (and in the calendar).
    return [f'<p class="kh-summary" data-search-exclude>{sentence[:1].upper()}{sentence[1:]}.</p>', ""]


def _duties(ctx: Context, duties: list[Duty], here: str) -> list[str]:
    if not duties:
        return []
    out = ["## Nhiệm vụ {#nhiem-vu}", ""]
    by_plan: dict[str, list[Duty]] = defaultdict(list)
    for duty in duties:
        by_plan[duty.plan.id].append(duty)
    for plan_id, items in by_plan.items():  # duties arrive newest plan first
        plan = ctx.corpus.plans[plan_id]
        out += [f"### {md_inline(plan_label(ctx.corpus, plan_id))} {{#kh-{plan_id}}}", ""]
        out += [f'<p class="kh-plan-ref">{ctx.plan_link(here, plan_id, text=plan.title)} '
                f'({LEVELS[plan.level].lower()}, {esc(plan.period)})</p>', ""]
        rows = []
        for duty in items:
            node = duty.node
            where = ctx.plan_link(here, plan_id, node.id, text=node.label)
            partners = ", ".join(ctx.agency_link(here, a) for a in duty.partners) or "—"
            targets = "".join(
                f' · {link(ctx.href(here, links.indicator_page(m.indicator)), ctx.corpus.indicators[m.indicator].name)}: {esc(shown_value(m))}'
                for m in node.measures)
            # The row repeats the plan's duty, its words and its agencies: the site search finds it
            # in the plan (they were a twelfth of the index's words).
            rows.append(f'<li class="kh-duty-row" id="{esc(plan_id)}--{esc(node.id)}">'
                        f'<blockquote class="kh-quote">{esc(node.words)}</blockquote>'
                        f'<span class="kh-extras" data-search-exclude>{role_badges(node.roles)} {where} · Phối hợp: {partners}{targets}</span></li>')
        out += [f'<ol class="kh-duties">{"".join(rows)}</ol>', ""]
    return out


def _partners(ctx: Context, agency: Agency, duties: list[Duty], here: str) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for duty in duties:
        for partner in duty.partners:
            if partner != agency.id:
                counts[partner] += 1
    if not counts:
        return []
    ordered = sorted(counts, key=lambda a: sort_key(ctx.corpus.agencies[a].name))
    rows = [[ctx.agency_link(here, a, full=True), str(counts[a])] for a in ordered]
    return ["## Cơ quan phối hợp {#phoi-hop}", "", table(["Cơ quan", "Số nhiệm vụ nêu tên"], rows), ""]


def _mentions(ctx: Context, agency: Agency, here: str, inline_limit: int = MENTIONS_INLINE) -> list[str]:
    mentions = [d for d in ctx.relations.mentions_by_agency.get(agency.id, []) if agency.id not in d.agencies]
    if not mentions:
        return []
    if len(mentions) > inline_limit:
        plans = list({d.plan.id: d.plan for d in mentions}.values())
        out = ["## Được nhắc đến trong nhiệm vụ của cơ quan khác {#duoc-nhac-den}", "",
               f'<p class="kh-overview">{overview.number(len(mentions))} nhiệm vụ của {overview.number(len(plans))} kế hoạch '
               f"({overview.level_counts(plans)}) nhắc đến cơ quan này. Mới nhất: {overview.newest(ctx, here, plans)}.</p>", ""]
        return out + overview.province_table(ctx, here, overview.by_province(ctx, mentions, lambda d: d.plan.place),
                                             ["Tỉnh, thành phố", "Kế hoạch", "Nhiệm vụ"],
                                             lambda found: [overview.number(len({d.plan.id for d in found})), overview.number(len(found))])
    rows = []
    for duty in mentions:
        owners = ", ".join(ctx.agency_link(here, a) for a in duty.agencies)
        where = ctx.plan_link(here, duty.plan.id, duty.node.id, text=f"{plan_label(ctx.corpus, duty.plan.id)}, {duty.node.label}")
        rows.append(f"<li>{owners} — {where}: <q>{esc(duty.node.words)}</q></li>")
    # Each row repeats a duty of another agency: the site search finds it in the plan.
    return ["## Được nhắc đến trong nhiệm vụ của cơ quan khác {#duoc-nhac-den}", "",
            f'<ul class="kh-mentions" data-search-exclude>{"".join(rows)}</ul>', ""]


def _reports(ctx: Context, agency: Agency, here: str, inline_limit: int = REPORTS_INLINE) -> list[str]:
    items = ctx.relations.reports_by_agency.get(agency.id, [])
    if not items:
        return []
    download = ""  # a link to a file, on every page that has reports: not for the site search
    if calendar_pages.has_deadlines(ctx.corpus, agency.id):
        calendar = ctx.href(here, calendar_pages.agency_calendar_file(agency.id))
        download = (f'<p class="kh-download" data-search-exclude>{link(calendar, "Tải lịch báo cáo (.ics)")}'
                    f" của cơ quan này · {link(ctx.href(here, links.CALENDAR), 'Lịch báo cáo chung')}</p>")
    if len(items) > inline_limit:
        return ["## Báo cáo {#bao-cao}", "", *_reports_summary(ctx, agency, here, items), download, ""]
    rows = []
    for plan, node in items:
        report = node.reporting()
        roles = [REPORT_ROLE_WORDS[part.role] + (f" (giao chung cho {ctx.agency_link(here, part.group)})" if part.group else "")
                 for part in report_parts(ctx.corpus, report).get(agency.id, [])]
        rows.append([
            ctx.plan_link(here, plan.id, node.id, text=f"{plan_label(ctx.corpus, plan.id)}, {node.label}"),
            "; ".join(roles),
            ", ".join(ctx.agency_link(here, a) for a in report.to) or "không rõ",
            ", ".join(ctx.agency_link(here, a) for a in report.via) or "—",
            esc(", ".join(report.frequency) or "không rõ"),
            esc(", ".join(report.deadline) or "không rõ"),
        ])
    # Each row repeats a report of a plan: the site search finds it there (and in the calendar).
    reports = table(["Kế hoạch", "Vai trò", "Gửi đến", "Qua", "Định kỳ", "Hạn"], rows).replace("<table", "<table data-search-exclude", 1)
    return ["## Báo cáo {#bao-cao}", "", reports, "", download, ""]


def _reports_summary(ctx: Context, agency: Agency, here: str, items: list) -> list[str]:
    parts = [(plan, node, part.role) for plan, node in items
             for part in report_parts(ctx.corpus, node.reporting()).get(agency.id, [])[:1]]
    plans = list({plan.id: plan for plan, _ in items}.values())
    said = ", ".join(f"{overview.number(n)} {REPORT_ROLE_WORDS[role]}" for role in REPORT_ROLE_WORDS
                     if (n := sum(r == role for *_, r in parts)))
    out = [f'<p class="kh-overview">{overview.number(len(items))} báo cáo trong {overview.number(len(plans))} kế hoạch '
           f"({overview.level_counts(plans)}): {said}. Từng báo cáo, hạn và nơi gửi: trong lịch của cơ quan (tệp dưới) và "
           f"trong toàn văn kế hoạch. Mới nhất: {overview.newest(ctx, here, plans)}.</p>", ""]
    return out + overview.province_table(ctx, here, overview.by_province(ctx, items, lambda item: item[0].place),
                                         ["Tỉnh, thành phố", "Kế hoạch", "Báo cáo"],
                                         lambda found: [overview.number(len({p.id for p, _ in found})), overview.number(len(found))])
