"""Sector pages (/nganh/…) in the 2025 structure: a current sector lists its agencies at every
level, side by side, and says what it took over in 2025 (with the old sector's name); a sector
that ended says so at the top, and where its work went. An agency of a plan issued before the
reform keeps the sector of its time, and its page says where that work went."""
from __future__ import annotations

import heapq

from plankb import links
from plankb.model import LEVEL_ORDER, LEVELS, Agency, Sector
from plankb.pages import overview
from plankb.pages.render_common import Context
from plankb.text.markup import date_vi, esc, link, md_inline, table
from plankb.text.vietnamese import sort_key


def sectors_in_use(ctx: Context) -> list[str]:
    return [s for s in ctx.corpus.sectors if s in ctx.sectors_used]


def _sector_link(ctx: Context, here: str, sector: Sector, text: str | None = None) -> str:
    """A link to the sector's page, or its name alone when it has none (no agency in it)."""
    shown = text if text is not None else sector.label
    if sector.id not in ctx.sectors_used:
        return esc(shown)
    return link(ctx.href(here, links.sector_page(sector.id)), shown)


def _cites(ctx: Context, here: str, keys: tuple[str, ...]) -> str:
    return "; ".join(ctx.reference_link(here, key) for key in keys)


def _went(ctx: Context, here: str, sector: Sector) -> list[str]:
    """Where each part of an ended sector's work went, as list items (HTML)."""
    return [f"{esc(s.work)}: sang ngành {_sector_link(ctx, here, ctx.corpus.sectors[s.sector])}"
            + (f" ({_cites(ctx, here, s.cites)})" if s.cites else "") for s in sector.successors]


def _taken_over(ctx: Context, sector_id: str) -> list[tuple[Sector, list[str]]]:
    """The ended sectors some of whose work this sector took over, with that work."""
    return [(old, [s.work for s in old.successors if s.sector == sector_id])
            for old in ctx.corpus.sectors.values() if any(s.sector == sector_id for s in old.successors)]


def sector_fact(ctx: Context, here: str, agency: Agency) -> str:
    """The agency card's "Ngành": the sector, and what the 2025 reform changed for it."""
    sectors = ctx.corpus.sectors
    sector = sectors[agency.sector]
    if sector.ended:
        went = "; ".join(f"chuyển sang ngành {_sector_link(ctx, here, sectors[s.sector])}: {esc(s.work)}" for s in sector.successors)
        return (f'{_sector_link(ctx, here, sector, sector.name)} <span class="kh-count">— ngành không còn từ '
                f'{date_vi(sector.ended)}; {went or "chưa rõ ngành nào tiếp nhận phần việc của ngành"}</span>')
    out = _sector_link(ctx, here, sector)
    if agency.former_sector:
        former = sectors[agency.former_sector]
        works = "; ".join(esc(s.work) for s in former.successors if s.sector == agency.sector)
        out += (f' <span class="kh-count">— từ {date_vi(former.ended)}; trước đó phần việc này thuộc ngành '
                f'{_sector_link(ctx, here, former, former.name)} (tên cũ): {works}</span>')
    return out


def _ended_note(ctx: Context, here: str, sector: Sector) -> list[str]:
    assert sector.ended
    went = _went(ctx, here, sector)
    items = f"<ul>{''.join(f'<li>{w}</li>' for w in went)}</ul>" if went else \
        '<p>Ngành tiếp nhận: <span class="kh-unknown">chưa rõ</span> (các nguồn của kho chưa ghi).</p>'
    note = f"<p>{esc(sector.note)}</p>" if sector.note else ""
    return ['<div class="admonition warning" id="thay-doi"><p class="admonition-title">Ngành không còn từ '
            f'{date_vi(sector.ended)}</p><p>Từ {date_vi(sector.ended)} ngành {esc(sector.name)} (tên cũ) không còn trong cơ cấu '
            'năm 2025 mà kho dùng để xếp ngành. Phần việc của ngành chuyển đi:</p>'
            f'{items}{note}<p>Các cơ quan dưới đây thuộc ngành này trong các kế hoạch ban hành trước ngày đó và giữ ngành '
            'của thời điểm ấy; cơ quan của các kế hoạch ban hành từ ngày đó thuộc ngành tiếp nhận.</p></div>', ""]


def _took_note(ctx: Context, here: str, sector: Sector) -> list[str]:
    notes = []
    for old, works in _taken_over(ctx, sector.id):
        cites = [key for s in old.successors if s.sector == sector.id for key in s.cites]
        notes.append(f"<p>Từ {date_vi(old.ended)}, ngành {esc(sector.name)} tiếp nhận {', '.join(esc(w) for w in works)} từ ngành "
                     f"{_sector_link(ctx, here, old, old.name)} (tên cũ{'; theo ' + _cites(ctx, here, tuple(dict.fromkeys(cites))) if cites else ''}). "
                     "Cơ quan của ngành cũ trong các kế hoạch trước ngày đó ở trang của ngành ấy.</p>")
    if not notes:
        return []
    return ['<div class="admonition note" id="tiep-nhan"><p class="admonition-title">Tiếp nhận năm 2025</p>'
            f'{"".join(notes)}</div>', ""]


# Above this many agencies in a sector, its page counts them by level and province, naming the
# busiest few at each level, instead of a card per agency with its first duties.
SECTOR_INLINE = 60
BUSIEST = 5


def sector_page(ctx: Context, sector_id: str, inline_limit: int = SECTOR_INLINE) -> str:
    here = links.sector_page(sector_id)
    corpus, rel = ctx.corpus, ctx.relations
    sector = corpus.sectors[sector_id]
    out = [f"# Ngành {md_inline(sector.label)}", ""]
    out += _ended_note(ctx, here, sector) if sector.ended else _took_note(ctx, here, sector)
    members = ctx.agencies_by_sector.get(sector_id, [])
    if len(members) > inline_limit:
        return "\n".join(out + _sector_summary(ctx, here, members)) + "\n"
    out += ["Cùng một ngành ở các cấp, đặt cạnh nhau: nhiệm vụ chuyển từ tỉnh xuống huyện, xã như thế nào.", ""]
    columns = []
    for level in LEVEL_ORDER:
        agencies = sorted((a for a in corpus.agencies.values() if a.sector == sector_id and a.level == level),
                          key=lambda a: sort_key(a.name))
        if not agencies:
            continue
        items = []
        for agency in agencies:
            duties = rel.duties_by_agency.get(agency.id, [])
            sample = "".join(
                f"<li>{ctx.plan_link(here, d.plan.id, d.node.id, text=d.node.words[:140] + ('…' if len(d.node.words) > 140 else ''))}</li>"
                for d in duties[:3])
            more = f'<p class="kh-count">{len(duties)} nhiệm vụ</p>'
            if agency.former_sector:
                former = corpus.sectors[agency.former_sector]
                more += f'<p class="kh-count">Trước {date_vi(former.ended)}: phần việc này thuộc ngành {esc(former.name)}</p>'
            if sector.ended and agency.successor and agency.successor.agency:
                more += f'<p class="kh-count">Kế nhiệm: {ctx.agency_link(here, agency.successor.agency, full=True)}</p>'
            items.append(f"<li>{ctx.agency_link(here, agency.id, full=True)}{more}<ul>{sample}</ul></li>")
        columns.append(f'<div class="kh-column"><h2 id="cap-{level}">{LEVELS[level]}</h2><ul>{"".join(items)}</ul></div>')
    out += [f'<div class="kh-columns">{"".join(columns)}</div>', ""]
    # Levels side by side need the width of the navigation sidebar.
    return "---\nhide: [navigation, toc]\n---\n\n" + "\n".join(out) + "\n"


def _sector_summary(ctx: Context, here: str, members: list[Agency]) -> list[str]:
    """A sector's agencies counted by level (the busiest named) and by province."""
    rel = ctx.relations

    def duties(found: list[Agency]) -> int:
        return sum(len(rel.duties_by_agency.get(a.id, [])) for a in found)

    out = [f'<p class="kh-overview">{overview.number(len(members))} cơ quan của ngành, {overview.number(duties(members))} nhiệm vụ. '
           "Nhiệm vụ của từng cơ quan ở trang của nó; cơ quan của một tỉnh ở trang của tỉnh (bảng dưới).</p>", ""]
    rows = []
    for level in LEVEL_ORDER:
        found = [a for a in members if a.level == level]
        if not found:
            continue
        busiest = heapq.nsmallest(BUSIEST, found, key=lambda a: (-len(rel.duties_by_agency.get(a.id, [])), ctx.name_rank[a.id]))
        rows.append([link(ctx.href(here, links.level_page(level)), LEVELS[level]), overview.number(len(found)),
                     overview.number(duties(found)), ", ".join(ctx.agency_link(here, a.id, full=True) for a in busiest)])
    out += ["## Theo cấp {#theo-cap}", "", table(["Cấp", "Cơ quan", "Nhiệm vụ", "Nhiều nhiệm vụ nhất"], rows), ""]
    levels = [lv for lv in LEVEL_ORDER if any(a.level == lv for a in members)]
    out += ["## Theo tỉnh, thành phố {#theo-tinh}", ""]
    out += overview.province_table(
        ctx, here, overview.by_province(ctx, members, lambda a: a.place),
        ["Tỉnh, thành phố", *(f"Cấp {LEVELS[lv].lower()}" for lv in levels), "Nhiệm vụ"],
        lambda found: [*(overview.number(sum(a.level == lv for a in found)) for lv in levels), overview.number(duties(found))])
    return out


def sectors_index(ctx: Context) -> str:
    here = links.SECTORS_INDEX
    corpus = ctx.corpus
    counts = {s: len(ctx.agencies_by_sector.get(s, ())) for s in corpus.sectors}
    ordered = sorted(corpus.sectors.values(), key=lambda s: sort_key(s.name))
    current = [[link(ctx.href(here, links.sector_page(s.id)), s.name), str(counts[s.id])]
               for s in ordered if not s.ended and counts[s.id]]
    out = ["# Ngành", "", "Ngành theo cơ cấu năm 2025; mỗi ngành ở các cấp, đặt cạnh nhau.", "",
           table(["Ngành", "Cơ quan"], current), ""]
    ended = [s for s in ordered if s.ended]
    if ended:
        rows = [[_sector_link(ctx, here, s, s.name), date_vi(s.ended) or "",
                 "; ".join(_went(ctx, here, s)) or '<span class="kh-unknown">chưa rõ</span>', str(counts[s.id])]
                for s in ended]
        out += ["## Ngành trước năm 2025 {#nganh-cu}", "",
                "Cơ quan của các kế hoạch ban hành trước khi ngành kết thúc giữ ngành của thời điểm ấy.", "",
                table(["Ngành (tên cũ)", "Không còn từ", "Phần việc chuyển sang", "Cơ quan"], rows), ""]
    return "\n".join(out)
