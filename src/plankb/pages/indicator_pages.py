"""Targets compared across plans: one page per indicator, the matrix, the programme areas."""
from __future__ import annotations

from plankb import links
from plankb.model import LEVELS, Indicator, Measure
from plankb.pages import cite_box
from plankb.pages.render_common import Context, crumbs, format_measure, format_number, plan_label, shown_value, source_sentence, with_title
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


def indicator_page(ctx: Context, indicator: Indicator) -> str:
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
    rows = []
    for plan, node, measure in ctx.relations.measures_by_indicator.get(indicator.id, []):
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


def matrix_page(ctx: Context) -> str:
    """Plans × indicators, grouped by programme area — the page a trainer projects."""
    here = links.INDICATORS_INDEX
    corpus = ctx.corpus
    plans = corpus.plans_newest_first()
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


AREA_WORDS = {
    "tuyen-truyen": ("tuyên truyền", "truyền thông"),
    "phong-ngua-long-ghep": ("lồng ghép", "phòng ngừa"),
    "kiem-tra-xu-ly": ("kiểm tra", "xử lý", "đấu tranh"),
    "giam-hai-ho-tro": ("giảm hại", "giảm tác hại", "hỗ trợ", "tái hòa nhập"),
    "dao-tao-nang-cao-nang-luc": ("tập huấn", "đào tạo", "bồi dưỡng", "nâng cao năng lực"),
}


def area_page(ctx: Context, area_id: str) -> str:
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
    for duty in ctx.relations.duties:
        if any(w in duty.node.words.lower() for w in words):
            by_plan.setdefault(duty.plan.id, []).append(duty)
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


def areas_index(ctx: Context) -> str:
    here = links.AREAS_INDEX
    rows = [[link(ctx.href(here, links.area_page(a.id)), a.name),
             str(sum(i.area == a.id for i in ctx.corpus.indicators.values()))] for a in ctx.corpus.areas.values()]
    return "# Lĩnh vực\n\nCác nhóm nhiệm vụ của Chương trình phòng, chống mại dâm.\n\n" + table(["Lĩnh vực", "Chỉ số"], rows) + "\n"
