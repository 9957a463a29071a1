"""Targets compared across plans: one page per indicator, the matrix, the programme areas."""
from __future__ import annotations

import statistics

from plankb import links
from plankb.model import LEVEL_ORDER, LEVELS, Indicator, Measure
from plankb.pages import cite_box, overview
from plankb.pages.render_common import AREA_WORDS, Context, crumbs, format_measure, format_number, plan_label, shown_value, source_sentence, with_title
from plankb.text.markup import esc, link, md_inline, table

# The chart, one layout for every screen and paper: each plan's name and value on a line, its bar
# under them across the whole width. 360 units wide, it is drawn about 1:1 on a phone (text at
# 13 px) and a little larger on a desktop (max-width in site.css).
CHART_WIDTH, LINE, BAR_HEIGHT, GAP = 360, 16, 14, 10
ROW = LINE + BAR_HEIGHT + GAP


def national_text(indicator: Indicator) -> str | None:
    national = indicator.national
    if national is None:
        return None
    if national.text:
        return national.text
    comparator = {">=": "ít nhất ", ">": "trên ", "=": ""}.get(national.comparator, "")
    unit = national.unit or indicator.unit
    value = format_number(national.value) + (unit if unit == "%" else f" {unit}")
    year = f" (đến năm {national.year})" if national.year else ""
    return f"{comparator}{value}{year}"


def national_short(indicator: Indicator) -> str:
    """The national target as a value ("≥ 20%"), for a matrix cell or the chart's line."""
    national = indicator.national
    if national is None:
        return ""
    return format_measure(Measure(indicator.id, national.comparator, national.value, national.unit or indicator.unit,
                                  value_max=national.value_max))


def bar_chart(ctx: Context, indicator: Indicator) -> str:
    """Inline SVG bars of every plan's value; no script, readable on paper, values as text."""
    rows = ctx.relations.measures_by_indicator.get(indicator.id, [])
    if not rows:
        return ""
    top = max([m.value_max or m.value for _, _, m in rows] + [indicator.national.value if indicator.national else 0])
    scale = 100.0 if indicator.unit == "%" and top <= 100 else (top or 1)
    national = indicator.national if indicator.national and indicator.national.comparator != "range" \
        and not indicator.national.unit else None
    height = len(rows) * ROW + GAP + (LINE + 4 if national else 0)
    parts = []
    summary = []
    for index, (plan, _node, measure) in enumerate(rows):
        y = GAP + index * ROW
        width = max(2.0, CHART_WIDTH * (measure.value_max or measure.value) / scale)
        label = plan_label(ctx.corpus, plan.id)
        value = shown_value(measure)
        summary.append(f"{label}: {value}")
        parts.append(
            f'<text x="0" y="{y + LINE - 4}" class="kh-chart-label">{esc(label)}</text>'
            f'<text x="{CHART_WIDTH}" y="{y + LINE - 4}" text-anchor="end" class="kh-chart-value">{esc(value)}</text>'
            f'<rect x="0" y="{y + LINE}" width="{width:.1f}" height="{BAR_HEIGHT}" class="kh-bar kh-bar-{plan.level}"/>')
    if national:
        x = CHART_WIDTH * national.value / scale
        anchor = "end" if x > CHART_WIDTH * 0.7 else "start" if x < CHART_WIDTH * 0.3 else "middle"
        bottom = len(rows) * ROW + GAP
        parts.append(f'<line x1="{x:.1f}" y1="{GAP}" x2="{x:.1f}" y2="{bottom}" class="kh-chart-national"/>'
                     f'<text x="{x:.1f}" y="{bottom + LINE}" text-anchor="{anchor}" class="kh-chart-label">'
                     f"toàn quốc: {esc(national_short(indicator))}</text>")
        summary.append(f"mục tiêu toàn quốc: {national_text(indicator)}")
    title = f"Biểu đồ: {indicator.name}"
    desc = "; ".join(summary)
    return (f'<figure class="kh-chart"><svg role="img" aria-labelledby="t-{indicator.id} d-{indicator.id}" '
            f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="t-{indicator.id}">{esc(title)}</title><desc id="d-{indicator.id}">{esc(desc)}</desc>'
            f'{"".join(parts)}</svg><figcaption>{esc(desc)}</figcaption></figure>')


# Above this many plans setting an indicator, its page shows their distribution (by level, by
# value set, by province) instead of a row and a bar per plan; the matrix above this many plans
# shows an indicator's distribution per row instead of a column per plan.
INDICATOR_INLINE = 40
MATRIX_INLINE = 10
VALUES_SHOWN = 20


def comparable(indicator: Indicator, found: list) -> list[float]:
    """The values of `found` (plan, node, measure) in the indicator's own unit, low end of a range."""
    return sorted(m.value for _, _, m in found if m.unit == indicator.unit and m.of is None)


def meets(indicator: Indicator, value: float) -> bool:
    national = indicator.national
    return bool(national and not national.unit and national.comparator != "range" and value >= national.value)


def distribution(indicator: Indicator, found: list) -> list[str]:
    """Plans, lowest, median, highest value, plans at or above the national target."""
    values = comparable(indicator, found)
    unit = indicator.unit if indicator.unit == "%" else f" {indicator.unit}"
    shown = [format_number(v) + unit for v in (values[0], statistics.median(values), values[-1])] if values else ["", "", ""]
    reach = overview.number(sum(meets(indicator, v) for v in values)) if indicator.national and values else ""
    return [overview.number(len({p.id for p, _, _ in found})), *shown, reach]


DISTRIBUTION = ["Kế hoạch", "Thấp nhất", "Trung vị", "Cao nhất", "Đạt mức toàn quốc"]


def indicator_page(ctx: Context, indicator: Indicator, inline_limit: int = INDICATOR_INLINE) -> str:
    here = links.indicator_page(indicator.id)
    corpus = ctx.corpus
    area = corpus.areas[indicator.area]
    national = national_text(indicator)
    facts = [("Lĩnh vực", link(ctx.href(here, links.area_page(area.id)), area.name)),
             ("Đơn vị", esc(indicator.unit)),
             ("Mục tiêu toàn quốc", esc(national) + " " + " ".join(f"[{ctx.reference_link(here, k)}]" for k in indicator.national.cites)
              if national and indicator.national else '<span class="kh-unknown">nguồn chưa nêu</span>')]
    trail = [("Chỉ tiêu", links.INDICATORS_INDEX), (area.name, links.area_page(area.id)), (indicator.name, None)]
    out = [crumbs(ctx, here, trail), "", f"# {md_inline(indicator.name)}", "",
           '<div class="kh-card" id="thong-tin"><dl>' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl></div>", "",
           cite_box.page_box(indicator.name, f"chi-tieu-{indicator.id}", ctx.page_url(here), ctx.site_url), ""]
    found = ctx.relations.measures_by_indicator.get(indicator.id, [])
    if len({p.id for p, _, _ in found}) > inline_limit:
        out += _indicator_summary(ctx, here, indicator, found)
        return with_title(indicator.name, "\n".join(out) + "\n")
    rows = []
    for plan, node, measure in found:
        rows.append([ctx.plan_link(here, plan.id), LEVELS[plan.level], ctx.place_link(here, plan.place), esc(plan.period),
                     link(ctx.href(here, links.plan_page(plan.id), node.id), shown_value(measure), title=source_sentence(node, measure))
                     + (f" ({esc(measure.scope)})" if measure.scope else ""),
                     esc(str(measure.year or "")),
                     ctx.plan_link(here, plan.id, node.id, text=node.label)])
    out += ["## Các kế hoạch đặt chỉ tiêu này {#ke-hoach}", ""]
    if rows:
        out += [table(["Kế hoạch", "Cấp", "Địa bàn", "Thời kỳ", "Chỉ tiêu (như văn bản)", "Năm", "Nguồn"], rows), "",
                bar_chart(ctx, indicator), ""]
    else:
        out += ["<p>Chưa kế hoạch nào trong kho đặt chỉ tiêu bằng số cho chỉ số này.</p>", ""]
    return with_title(indicator.name, "\n".join(out) + "\n")


def _indicator_summary(ctx: Context, here: str, indicator: Indicator, found: list) -> list[str]:
    plans = list({p.id: p for p, _, _ in found}.values())
    out = ["## Các kế hoạch đặt chỉ tiêu này {#ke-hoach}", "",
           f'<p class="kh-overview">{overview.number(len(plans))} kế hoạch ({overview.level_counts(plans)}) đặt chỉ tiêu bằng số '
           "cho chỉ số này. Giá trị và câu chỉ tiêu của từng kế hoạch ở trang kế hoạch; kế hoạch của một tỉnh ở trang "
           "của tỉnh (bảng dưới). Giá trị khác đơn vị của chỉ số không được tính vào thấp nhất, trung vị, cao nhất.</p>", ""]
    rows = [[link(ctx.href(here, links.level_page(lv)), LEVELS[lv]), *distribution(indicator, [f for f in found if f[0].level == lv])]
            for lv in LEVEL_ORDER if any(p.level == lv for p in plans)]
    rows.append(["<strong>Cả kho</strong>", *distribution(indicator, found)])
    out += ["### Phân bố theo cấp {#phan-bo}", "", table(["Cấp", *DISTRIBUTION], rows), ""]
    values: dict[str, set[str]] = {}
    for plan, _node, measure in found:
        values.setdefault(format_measure(measure), set()).add(plan.id)
    ordered = sorted(values.items(), key=lambda kv: -len(kv[1]))
    rows = [[esc(value), overview.number(len(ids))] for value, ids in ordered[:VALUES_SHOWN]]
    more = f"<p>và {len(ordered) - VALUES_SHOWN} mức khác.</p>" if len(ordered) > VALUES_SHOWN else ""
    out += ["### Các mức được đặt {#muc}", "", table(["Mức", "Kế hoạch"], rows), "", more, ""]
    out += ["### Theo tỉnh, thành phố {#theo-tinh}", ""]
    out += overview.province_table(ctx, here, overview.by_province(ctx, found, lambda f: f[0].place),
                                   ["Tỉnh, thành phố", *DISTRIBUTION], lambda rows_: distribution(indicator, rows_))
    newest = sorted(found, key=lambda f: (-f[0].period_to, -f[0].period_from, f[0].id))[:overview.NEWEST]
    items = "".join(f"<li>{ctx.plan_link(here, p.id)}: {link(ctx.href(here, links.plan_page(p.id), node.id), format_measure(m))}</li>"
                    for p, node, m in newest)
    out += ["### Kế hoạch mới nhất {#moi-nhat}", "", f"<ul>{items}</ul>", ""]
    return out


def matrix_page(ctx: Context, inline_limit: int = MATRIX_INLINE) -> str:
    """Plans × indicators, grouped by programme area — the page a trainer projects."""
    here = links.INDICATORS_INDEX
    corpus = ctx.corpus
    plans = corpus.plans_newest_first()
    if len(plans) > inline_limit:
        return _matrix_summary(ctx)
    out = ["# Chỉ tiêu", "",
           "Mỗi dòng là một chỉ số, mỗi cột là một kế hoạch; ô trống là kế hoạch không đặt chỉ tiêu bằng số cho chỉ số đó. "
           "Bấm vào giá trị để mở đúng câu chỉ tiêu trong kế hoạch.", ""]
    headers = ["Chỉ số", "Toàn quốc"] + [ctx.plan_link(here, p.id) for p in plans]
    for area in corpus.areas.values():
        indicators = [i for i in corpus.indicators.values() if i.area == area.id]
        if not indicators:
            continue
        rows = []
        for indicator in indicators:
            short = national_short(indicator)
            row = [link(ctx.href(here, links.indicator_page(indicator.id)), indicator.name),
                   f'<span title="{esc(national_text(indicator) or "")}">{esc(short)}</span>']
            found = ctx.relations.measures_by_indicator.get(indicator.id, [])
            for plan in plans:
                cells = [link(ctx.href(here, links.plan_page(plan.id), node.id), shown_value(m) + (f" ({m.scope})" if m.scope else ""),
                              title=source_sentence(node, m))
                         for p, node, m in found if p.id == plan.id]
                row.append("<br>".join(cells))
            rows.append(row)
        out += [f"## {md_inline(area.name)} {{#{area.id}}}", "",
                f'<p>{link(ctx.href(here, links.area_page(area.id)), "Xem lĩnh vực " + area.name)}</p>', "",
                table(headers, rows, "kh-table kh-matrix-table", box="kh-scroll kh-matrix", cards=False), ""]
    # The matrix is wide: give it the width the navigation sidebar would take.
    return "---\nhide: [navigation, toc]\n---\n\n" + "\n".join(out) + "\n"


def _matrix_summary(ctx: Context) -> str:
    """A row per indicator: its national target and how the plans set it; each indicator's page
    has the plans by level and province."""
    here = links.INDICATORS_INDEX
    corpus = ctx.corpus
    out = ["# Chỉ tiêu", "",
           f"Mỗi dòng là một chỉ số: mục tiêu toàn quốc và cách {overview.number(len(corpus.plans))} kế hoạch trong kho đặt chỉ tiêu "
           "cho nó (số kế hoạch, giá trị thấp nhất, trung vị, cao nhất, số kế hoạch đạt mức toàn quốc). Bấm vào chỉ số để xem "
           "theo cấp và theo tỉnh, thành phố; giá trị của từng kế hoạch ở trang kế hoạch.", ""]
    for area in corpus.areas.values():
        indicators = [i for i in corpus.indicators.values() if i.area == area.id]
        if not indicators:
            continue
        rows = [[link(ctx.href(here, links.indicator_page(i.id)), i.name),
                 f'<span title="{esc(national_text(i) or "")}">{esc(national_short(i))}</span>',
                 *distribution(i, ctx.relations.measures_by_indicator.get(i.id, []))] for i in indicators]
        out += [f"## {md_inline(area.name)} {{#{area.id}}}", "",
                f'<p>{link(ctx.href(here, links.area_page(area.id)), "Xem lĩnh vực " + area.name)}</p>', "",
                table(["Chỉ số", "Toàn quốc", *DISTRIBUTION], rows), ""]
    return "\n".join(out) + "\n"


# Above this many plans with duties in an area, its page counts them by level, sector and
# province instead of listing every duty (a national collection: megabytes).
AREA_INLINE = 10


def area_duties(ctx: Context, area_id: str) -> list:
    return ctx.duties_by_area.get(area_id, [])


def area_page(ctx: Context, area_id: str, inline_limit: int = AREA_INLINE) -> str:
    here = links.area_page(area_id)
    corpus = ctx.corpus
    area = corpus.areas[area_id]
    indicators = [i for i in corpus.indicators.values() if i.area == area_id]
    out = [f"# {md_inline(area.name)}", "", "## Chỉ số {#chi-so}", ""]
    out += [f'<ul>{"".join(f"<li>{link(ctx.href(here, links.indicator_page(i.id)), i.name)}</li>" for i in indicators)}</ul>', ""]
    words = AREA_WORDS.get(area_id, ())
    out += ["## Nhiệm vụ thuộc lĩnh vực này {#nhiem-vu}", "",
            f"Nhiệm vụ được giao có nhắc đến: {esc(', '.join(words))}.", ""]
    by_plan: dict[str, list] = {}
    for duty in area_duties(ctx, area_id):
        by_plan.setdefault(duty.plan.id, []).append(duty)
    if len(by_plan) > inline_limit:
        return "\n".join(out + _area_summary(ctx, here, by_plan)) + "\n"
    for plan in corpus.plans_newest_first():
        duties = by_plan.get(plan.id, [])
        if not duties:
            continue
        items = "".join(
            f"<li>{', '.join(ctx.agency_link(here, a) for a in d.agencies)}: "
            f"{ctx.plan_link(here, plan.id, d.node.id, text=d.node.words[:180] + ('…' if len(d.node.words) > 180 else ''))}</li>"
            for d in duties)
        out += [f"### {md_inline(plan_label(corpus, plan.id))} {{#{plan.id}}}", "", f"<ul>{items}</ul>", ""]
    return "\n".join(out) + "\n"


def _area_summary(ctx: Context, here: str, by_plan: dict[str, list]) -> list[str]:
    """An area's duties counted by level, sector and province; each province's plans on its page."""
    corpus = ctx.corpus
    plans = [corpus.plans[p] for p in by_plan]
    duties = [d for found in by_plan.values() for d in found]
    out = [f'<p class="kh-overview">{overview.number(len(duties))} nhiệm vụ trong {overview.number(len(plans))} kế hoạch '
           f"({overview.level_counts(plans)}). Mỗi kế hoạch, và nhiệm vụ của từng cơ quan, ở trang của nó; "
           f"kế hoạch của một tỉnh ở trang của tỉnh (bảng dưới).</p>", ""]
    rows = []
    for level in LEVEL_ORDER:
        found = [d for d in duties if d.plan.level == level]
        if found:
            rows.append([link(ctx.href(here, links.level_page(level)), LEVELS[level]),
                         overview.number(len({d.plan.id for d in found})), overview.number(len(found)),
                         overview.number(len({a for d in found for a in d.agencies}))])
    out += ["### Theo cấp {#theo-cap}", "", table(["Cấp", "Kế hoạch", "Nhiệm vụ", "Cơ quan"], rows), ""]
    by_sector: dict[str, list] = {}
    for duty in duties:
        for sector in dict.fromkeys(corpus.agencies[a].sector for a in duty.agencies):
            by_sector.setdefault(sector, []).append(duty)
    rows = [[link(ctx.href(here, links.sector_page(s)), corpus.sectors[s].label) if s in ctx.sectors_used else esc(corpus.sectors[s].label),
             overview.number(len(found)), overview.number(len({a for d in found for a in d.agencies if corpus.agencies[a].sector == s}))]
            for s, found in sorted(by_sector.items(), key=lambda kv: -len(kv[1]))]
    out += ["### Theo ngành chủ trì {#theo-nganh}", "", "Một nhiệm vụ giao chung cho nhiều ngành được đếm ở mỗi ngành.", "",
            table(["Ngành", "Nhiệm vụ", "Cơ quan"], rows), ""]
    out += ["### Theo tỉnh, thành phố {#theo-tinh}", ""]
    out += overview.province_table(ctx, here, overview.by_province(ctx, duties, lambda d: d.plan.place),
                                   ["Tỉnh, thành phố", "Kế hoạch", "Nhiệm vụ"],
                                   lambda found: [overview.number(len({d.plan.id for d in found})), overview.number(len(found))])
    out += ["### Kế hoạch mới nhất {#moi-nhat}", "", f"<p>{overview.newest(ctx, here, plans)}</p>", ""]
    return out


def areas_index(ctx: Context) -> str:
    here = links.AREAS_INDEX
    rows = [[link(ctx.href(here, links.area_page(a.id)), a.name),
             str(sum(i.area == a.id for i in ctx.corpus.indicators.values()))] for a in ctx.corpus.areas.values()]
    return "# Lĩnh vực\n\nCác nhóm nhiệm vụ của Chương trình phòng, chống mại dâm.\n\n" + table(["Lĩnh vực", "Chỉ số"], rows) + "\n"
