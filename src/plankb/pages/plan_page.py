"""The full text of one plan, with its metadata card, anchors and annotations."""
from __future__ import annotations

from collections.abc import Sequence

from plankb import links
from plankb.model import LEVELS, Node, Plan
from plankb.pages import cite_box
from plankb.pages.glossary_pages import cite_html
from plankb.pages.render_common import Context, crumbs, plan_label, role_badges, shown_value, with_title
from plankb.text.markup import date_vi, esc, link, md_inline, number_ranges_unbroken, spans_to_html, unknown

MAX_HEADING = 6


def render(ctx: Context, plan: Plan) -> str:
    here = links.plan_page(plan.id)
    trail = [("Kế hoạch", links.PLANS_INDEX), (f"Cấp {LEVELS[plan.level].lower()}", links.level_page(plan.level)),
             (plan_label(ctx.corpus, plan.id), None)]
    out = [crumbs(ctx, here, trail), "", f"# {md_inline(plan.title)}", ""]
    if ctx.ended(plan):
        out += [f'<p class="kh-ended-note">Kế hoạch này đã hết thời kỳ ({esc(plan.period)}): các nhiệm vụ, chỉ tiêu và hạn '
                "dưới đây là của thời kỳ đó.</p>", ""]
    out += [_card(ctx, plan, here), "",
           cite_box.plan_box(ctx.corpus, plan, ctx.page_url(here), ctx.site_url), ""]
    out += _relations(ctx, plan, here)
    quotes = {b.node: b for b in plan.legal_basis}
    for node in plan.preamble:
        out += _node(ctx, plan, node, here, 2, quotes)
    for node in plan.body:
        out += _node(ctx, plan, node, here, 2, quotes)
    for node in plan.closing:
        out += _node(ctx, plan, node, here, 2, quotes)
    out += _signature(plan)
    return with_title(plan.title, "\n".join(out) + "\n")


def _card(ctx: Context, plan: Plan, here: str) -> str:
    corpus = ctx.corpus
    authority = ", ".join(filter(None, [*plan.signature.authority, plan.signature.title]))
    signer = f"{plan.signature.name} ({authority})" if authority else plan.signature.name
    signer_html = esc(signer) if plan.signature.name else unknown()
    basis = ", ".join(ctx.reference_link(here, key) for b in plan.legal_basis for key in b.cites)
    rows = [
        ("Loại văn bản", esc(plan.kind)),
        ("Số, ký hiệu", esc(plan.number) if plan.number else unknown()),
        ("Ngày ban hành", esc(date_vi(plan.issued)) if plan.issued else unknown()),
        ("Cơ quan ban hành", ctx.agency_link(here, plan.issuer, full=True)),
        ("Cấp", ctx.level_link(here, plan.level)),
        ("Địa bàn", ctx.place_link(here, plan.place)),
        ("Thời kỳ", esc(plan.period)),
        ("Người ký", signer_html),
        ("Căn cứ", basis or unknown()),
        ("Nội dung", f"{len(plan.targets())} chỉ tiêu, {len(plan.duties())} nhiệm vụ được giao, "
                     f"{len(plan.reports())} nghĩa vụ báo cáo"),
    ]
    source = link(ctx.href(here, links.plan_source(plan.id)), plan.file, title="Bản dữ liệu gốc (YAML) mà trang này được dựng từ đó")
    if ctx.repo_edit_url:
        source += " · " + link(ctx.repo_edit_url + plan.file, "sửa bản dữ liệu gốc")
    rows.append(("Bản dữ liệu gốc", source))
    rows.append(("Trích dẫn", link(ctx.href(here, links.plan_bib(plan.id)), "Tải trích dẫn (BibTeX)")))
    items = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    label = esc(f"{LEVELS[plan.level]} · {plan_label(corpus, plan.id)}")
    return (f'<div class="kh-card" id="thong-tin" role="region" aria-label="Thông tin văn bản">'
            f'<p class="kh-card-label">{label}</p><dl>{items}</dl></div>')


def _relations(ctx: Context, plan: Plan, here: str) -> list[str]:
    implements = [ctx.reference_link(here, key) for key in plan.implements]
    children = [ctx.plan_link(here, p.id) for p in ctx.corpus.plans.values() if plan.id in p.implements]
    if not implements and not children:
        return []
    parts = []
    if implements:
        parts.append(f"Thực hiện: {', '.join(implements)}")
    if children:
        parts.append(f"Được thực hiện bởi: {', '.join(children)}")
    return [f'<p class="kh-relations" id="lien-quan">{" · ".join(parts)}</p>', ""]


def _anchor(node: Node) -> str:
    """The item's "#": its link, and (docs/assets/cite.js) its citation, named as a reader counts it."""
    label = esc(f"Sao chép liên kết và trích dẫn {node.label}")
    return f'<a class="kh-anchor" href="#{esc(node.id)}" title="{label}" aria-label="{label}" data-item="{esc(node.label)}">#</a>'


def _words_html(ctx: Context, plan: Plan, node: Node, here: str, quotes: dict) -> str:
    """The node's own words, escaped, with agency names and legal-basis quotes linked."""
    text = node.words
    spans: list[tuple[int, int, str]] = []
    basis = quotes.get(node.id)
    if basis and basis.quote in text:
        start = text.index(basis.quote)
        href = ctx.href(here, links.REFERENCES, basis.cites[0]) if basis.cites[0] in ctx.corpus.references \
            else ctx.href(here, links.plan_page(basis.cites[0]))
        spans.append((start, start + len(basis.quote), f'<a class="kh-cite" href="{esc(href)}">'))
    for start, end, key in ctx.relations.document_matches(plan.id, text):
        href = ctx.href(here, links.REFERENCES, key)
        spans.append((start, end, f'<a class="kh-cite" href="{esc(href)}">'))
    if node.kind == "duty" or node.report:
        for start, end, aid in ctx.relations.agency_matches(plan.id, text):
            href = ctx.href(here, links.agency_page(aid))
            spans.append((start, end, f'<a class="kh-agency" href="{esc(href)}">'))
    return number_ranges_unbroken(spans_to_html(text, spans))


def _extras(ctx: Context, plan: Plan, node: Node, here: str) -> str:
    parts = []
    if node.kind == "duty":
        agencies = ", ".join(ctx.agency_link(here, a) for a in node.assigned)
        parts.append(f'<span class="kh-tag kh-duty-tag">Nhiệm vụ của {agencies}</span>')
        if node.roles:
            parts.append(role_badges(node.roles))
    for measure in node.measures:
        indicator = ctx.corpus.indicators[measure.indicator]
        href = ctx.href(here, links.indicator_page(indicator.id))
        parts.append(f'<a class="kh-measure" href="{esc(href)}" title="{esc(indicator.name)}">'
                     f'{esc(indicator.name)}: {esc(shown_value(measure))}</a>')
    if node.report:
        report = node.report
        bits = ["Báo cáo"]
        if report.frequency:
            bits.append(", ".join(report.frequency))
        if report.deadline:
            bits.append(", ".join(report.deadline))
        who = ", ".join(ctx.agency_link(here, a) for a in report.reporter)
        to = ", ".join(ctx.agency_link(here, a) for a in report.to)
        via = ", ".join(ctx.agency_link(here, a) for a in report.via)
        detail = esc(" · ".join(bits))
        if to:
            detail += f" → {to}"
        if via:
            detail += f" (qua {via})"
        if who:
            detail = f"{who}: {detail}"
        parts.append(f'<span class="kh-report">{detail}</span>')
    if node.note:
        parts.append(f'<span class="kh-note">Ghi chú biên tập: {cite_html(ctx, here, node.note)}</span>')
    if not parts:
        return ""
    return f'<span class="kh-extras">{"".join(parts)}</span>'


def _paragraph(ctx: Context, plan: Plan, node: Node, here: str, quotes: dict, tag: str) -> str:
    number = f'<span class="kh-num">{esc(node.number)}</span> ' if node.number else ""
    classes = f"kh-item kh-{node.kind}"
    return (f'<{tag} id="{esc(node.id)}" class="{classes}" data-path="{esc(node.path)}">'
            f'<span class="kh-words">{number}{_words_html(ctx, plan, node, here, quotes)}</span>'
            f'{_anchor(node)}{_extras(ctx, plan, node, here)}</{tag}>')


def _node(ctx: Context, plan: Plan, node: Node, here: str, depth: int, quotes: dict) -> list[str]:
    if node.title is not None:
        level = min(depth, MAX_HEADING)
        number = f"{md_inline(node.number)} " if node.number else ""
        out = [f"{'#' * level} {number}{md_inline(node.title)} {{#{node.id}}}", ""]
        if node.agencies:
            names = ", ".join(ctx.agency_link(here, a, full=True) for a in node.agencies)
            out += [f'<p class="kh-block-agencies">Cơ quan được giao: {names}</p>', ""]
        if node.measures or node.report or node.note:
            out += [f'<p class="kh-block-extras">{_extras(ctx, plan, node, here)}</p>', ""]
        out += _children(ctx, plan, node.children, here, depth + 1, quotes)
        return out
    out = [_paragraph(ctx, plan, node, here, quotes, "p"), ""]
    out += _children(ctx, plan, node.children, here, depth + 1, quotes)
    return out


def _children(ctx: Context, plan: Plan, nodes: Sequence[Node], here: str, depth: int, quotes: dict) -> list[str]:
    out: list[str] = []
    bullets: list[str] = []
    for node in nodes:
        if node.bullet and node.title is None and not node.children:
            bullets.append(_paragraph(ctx, plan, node, here, quotes, "li"))
            continue
        if bullets:
            out += [f'<ul class="kh-list">{"".join(bullets)}</ul>', ""]
            bullets = []
        out += _node(ctx, plan, node, here, depth, quotes)
    if bullets:
        out += [f'<ul class="kh-list">{"".join(bullets)}</ul>', ""]
    return out


def _signature(plan: Plan) -> list[str]:
    out = []
    if plan.recipients:
        items = "".join(f"<li>{esc(r)}</li>" for r in plan.recipients)
        out += [f'<div class="kh-recipients" id="noi-nhan"><p><strong>Nơi nhận:</strong></p><ul>{items}</ul></div>', ""]
    sig = plan.signature
    if sig.name or sig.title or sig.authority:
        lines = "".join(f"<span>{esc(line)}</span>" for line in (*sig.authority, sig.title) if line)
        name = f'<span class="kh-signer">{esc(sig.name)}</span>' if sig.name else ""
        out += [f'<p class="kh-signature" id="chu-ky">{lines}{name}</p>', ""]
    return out
