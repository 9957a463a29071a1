"""The glossary page: every term in Vietnamese A–Z order, with where each is used."""
from __future__ import annotations

from collections import defaultdict

from plankb import links
from plankb.model import Term
from plankb.pages import cite_box, overview
from plankb.pages.render_common import Context, plan_label
from plankb.text import citations
from plankb.text.markup import esc, link
from plankb.text.vietnamese import first_letter, sort_key


def cite_html(ctx: Context, here: str, text: str) -> str:
    """Escape text and turn its [@key] citations into links to the bibliography."""
    parts = []
    pos = 0
    for match in citations.CITATION.finditer(text):
        parts.append(esc(text[pos:match.start()]))
        keys = citations.keys_in(match.group(0))
        parts.append("[" + "; ".join(ctx.reference_link(here, k) for k in keys) + "]")
        pos = match.end()
    parts.append(esc(text[pos:]))
    return "".join(parts)


# Anchors for the letter bar, spelled as Vietnamese typists do in Telex (ă → aw, đ → dd).
TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw", "0–9": "so"}


# A term used in more plans than this has its "Dùng trong" list folded (<details>).
USAGE_SHOWN = 2
# A term used in more plans than this has its uses counted, by level, with the newest plans
# named: a list of every plan would make the glossary megabytes long in a national collection.
USAGE_INLINE = 5


def letter_anchor(letter: str) -> str:
    return "chu-" + TELEX.get(letter, letter.lower())


def glossary_page(ctx: Context, usage: dict, inline_limit: int = USAGE_INLINE) -> str:
    here = links.GLOSSARY
    terms = sorted(ctx.corpus.terms.values(), key=lambda t: sort_key(t.term))
    letters: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        letters[first_letter(term.term)].append(term)
    bar = " ".join(link(f"#{letter_anchor(letter)}", letter) for letter in letters)
    out = ["# Thuật ngữ", "",
           f"{len(terms)} thuật ngữ, từ viết tắt và tên cơ quan thường gặp trong các kế hoạch, xếp theo vần tiếng Việt. "
           "Trong toàn văn kế hoạch, lần xuất hiện đầu tiên của mỗi thuật ngữ trong một mục được gạch chân; "
           "di chuột (hoặc chạm) để xem giải thích.", "",
           f'<nav class="kh-letters" aria-label="Chữ cái">{bar}</nav>', "",
           cite_box.page_box("Thuật ngữ", "thuat-ngu", ctx.page_url(here), ctx.site_url), ""]
    for letter, items in letters.items():
        out += [f'<h2 id="{letter_anchor(letter)}">{esc(letter)}</h2>', ""]
        for term in items:
            out += [_entry(ctx, here, term, usage.get(term.id, []), inline_limit), ""]
    return "\n".join(out) + "\n"


def _entry(ctx: Context, here: str, term: Term, used: list, inline_limit: int = USAGE_INLINE) -> str:
    rows = [f'<p class="kh-definition">{cite_html(ctx, here, " ".join(term.definition.split()))}</p>']
    facts = []
    if term.english:
        facts.append(("Tiếng Anh", f"<em>{esc(term.english)}</em>"))
    if term.aliases:
        facts.append(("Cách viết khác", esc("; ".join(term.aliases))))
    if term.related:
        facts.append(("Liên quan", ", ".join(link(f"#{r}", ctx.corpus.terms[r].term) for r in term.related)))
    if term.sources:
        facts.append(("Nguồn", ", ".join(ctx.reference_link(here, k) for k in term.sources)))
    if term.note:
        facts.append(("Thay đổi", cite_html(ctx, here, term.note)))
    plans = list({plan.id: plan for plan, _, _, _ in used}.values())
    if len(plans) > inline_limit:
        facts.append(("Dùng trong", _usage_summary(ctx, here, used, plans)))
    elif used:
        by_plan: dict[str, dict[str, str]] = defaultdict(dict)  # plan → part of it → its first use
        totals: dict[str, int] = defaultdict(int)
        for plan, node_id, section, count in used:
            by_plan[plan.id].setdefault(section, node_id)
            totals[plan.id] += count
        parts = []
        for plan_id, places in by_plan.items():
            total = totals[plan_id]
            sections = ", ".join(ctx.plan_link(here, plan_id, node_id, text=section) for section, node_id in list(places.items())[:6])
            more = f" và {len(places) - 6} phần khác" if len(places) > 6 else ""
            parts.append(f"<li>{ctx.plan_link(here, plan_id, text=plan_label(ctx.corpus, plan_id))}: "
                         f"{total} lần — {sections}{more}</li>")
        usage = f'<ul class="kh-usage">{"".join(parts)}</ul>'
        if len(parts) > USAGE_SHOWN:  # a long list waits behind its count (a phone scrolls less)
            usage = (f'<details class="kh-more"><summary>{len(parts)} kế hoạch, {sum(totals.values())} lần</summary>'
                     f"{usage}</details>")
        facts.append(("Dùng trong", usage))
    else:
        facts.append(("Dùng trong", "chưa kế hoạch nào trong kho"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (f'<div class="kh-term-entry" id="{esc(term.id)}" data-term="{esc(term.id)}">'
            f'<h3 class="kh-term-name">{esc(term.term)} <a class="kh-anchor" href="#{esc(term.id)}" title="Liên kết đến thuật ngữ này">#</a></h3>'
            f"{''.join(rows)}<dl>{dl}</dl></div>")


def _usage_summary(ctx: Context, here: str, used: list, plans: list) -> str:
    """How many plans use a term, by level, the newest of them, and where a province's plans are."""
    times = sum(count for _, _, _, count in used)  # not `*_, count`: a list per use (52,400 for one term at 1,000 plans)
    return (f'<p class="kh-usage-summary">{overview.number(len(plans))} kế hoạch, {overview.number(times)} lần '
            f"({overview.level_counts(plans)}). Mới nhất: {overview.newest(ctx, here, plans, 5)}.</p>"
            f"<p>Trong toàn văn, thuật ngữ được gạch chân ở lần đầu trong mỗi mục; kế hoạch của từng tỉnh: "
            f"{link(ctx.href(here, links.PLACES_INDEX), 'Địa bàn')}.</p>")
