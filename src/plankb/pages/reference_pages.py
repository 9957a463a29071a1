"""The bibliography of legal documents, and which plans rely on each."""
from __future__ import annotations

from collections import defaultdict

from plankb import links
from plankb.pages import overview
from plankb.pages.render_common import Context, format_reference, plan_label
from plankb.text.markup import esc, link
from plankb.text.vietnamese import slugify

TYPE_ORDER = ["Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị",
              "Thông tư liên tịch", "Thông tư", "Kế hoạch", "Công văn"]


# A document relied on (or mentioned) by more plans than this has them counted, by level, with the
# newest named; the list of the collection's own plans gives way to a link to /ke-hoach/ above
# PLANS_LISTED plans.
RELYING_INLINE = 20
PLANS_LISTED = 100


def _plans_summary(ctx: Context, here: str, plans: list) -> str:
    return (f"{overview.number(len(plans))} kế hoạch ({overview.level_counts(plans)}); mới nhất: "
            f"{overview.newest(ctx, here, plans, 5)}")


def references_page(ctx: Context, inline_limit: int = RELYING_INLINE, plans_listed: int = PLANS_LISTED) -> str:
    here = links.REFERENCES
    corpus = ctx.corpus
    by_type: dict[str, list] = defaultdict(list)
    for reference in corpus.references.values():
        by_type[reference.doctype].append(reference)
    order = TYPE_ORDER + sorted(t for t in by_type if t not in TYPE_ORDER)
    out = ["# Văn bản", "",
           "Văn bản pháp luật và kế hoạch cấp trên mà các kế hoạch dựa vào, theo loại văn bản và ngày ban hành. "
           "Mỗi mục ghi những kế hoạch trong kho căn cứ vào hoặc thực hiện văn bản đó.", ""]
    for doctype in order:
        items = sorted(by_type.get(doctype, []), key=lambda r: (r.date or r.year or "9999", r.key))
        if not items:
            continue
        out += [f"## {esc(doctype)} {{#loai-{slugify(doctype)}}}", ""]
        for reference in items:
            users = ctx.relations.plans_citing.get(reference.key, [])
            if len(users) > inline_limit:
                doing = sum(reference.key in p.implements for p in users)
                relying = (_plans_summary(ctx, here, users)
                           + f" — {overview.number(doing)} thực hiện, {overview.number(len(users) - doing)} căn cứ")
            else:
                relying = ", ".join(
                    ctx.plan_link(here, p.id) + (" (thực hiện)" if reference.key in p.implements else " (căn cứ)")
                    for p in users)
            note = f'<br><span class="kh-note">{esc(reference.note)}</span>' if reference.note else ""
            user_ids = {p.id for p in users}
            mentioned = [p for p in ctx.relations.plans_mentioning.get(reference.key, []) if p.id not in user_ids]
            if len(mentioned) > inline_limit:
                note += "<br>Được nhắc đến trong: " + _plans_summary(ctx, here, mentioned)
            elif mentioned:
                note += "<br>Được nhắc đến trong: " + ", ".join(ctx.plan_link(here, p.id) for p in mentioned)
            users_html = f"<br>Được dựa vào bởi: {relying}" if relying else ""
            out += [f'<p class="kh-reference" id="{esc(reference.key)}"><strong>{esc(format_reference(reference))}</strong>'
                    f'{note}{users_html} <a class="kh-anchor" href="#{esc(reference.key)}" title="Liên kết đến văn bản này">#</a></p>', ""]
    out += ["## Các kế hoạch trong kho {#ke-hoach-trong-kho}", ""]
    if len(corpus.plans) > plans_listed:
        out += [f"<p>{overview.number(len(corpus.plans))} kế hoạch ({overview.level_counts(corpus.plans.values())}), mỗi kế hoạch "
                "một văn bản: thông tin văn bản và trích dẫn ở đầu trang của nó; danh sách theo năm và tỉnh, thành phố: "
                f"{link(ctx.href(here, links.PLANS_INDEX), 'Kế hoạch')}.</p>", ""]
        return "\n".join(out) + "\n"
    for plan in corpus.plans_newest_first():
        parents = ", ".join(ctx.reference_link(here, k) for k in plan.implements)
        out += [f'<p class="kh-reference" id="{esc(plan.id)}">{ctx.plan_link(here, plan.id, text=plan.title)} '
                f"({esc(plan_label(corpus, plan.id))}){' — thực hiện ' + parents if parents else ''}</p>", ""]
    return "\n".join(out) + "\n"



