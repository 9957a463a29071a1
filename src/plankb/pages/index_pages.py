"""Index pages: plans by level and year, agencies by level → place, sectors, levels, places."""
from __future__ import annotations

from collections import defaultdict
from functools import partial

from plankb import links
from plankb.model import LEVEL_ORDER, LEVELS, Level, Plan
from plankb.pages import overview
from plankb.pages.render_common import Context, bare_name, crumbs, plan_label, with_title
from plankb.pages.sector_pages import sector_page, sectors_in_use, sectors_index
from plankb.text.markup import date_vi, esc, link, md_inline, table
from plankb.text.vietnamese import sort_key


def _plan_row(ctx: Context, here: str, plan: Plan) -> list[str]:
    return [
        ctx.plan_link(here, plan.id, text=plan.title),
        ctx.level_link(here, plan.level),
        ctx.place_link(here, plan.place),
        esc(plan.period) + (' <span class="kh-ended">đã hết thời kỳ</span>' if ctx.ended(plan) else ""),
        esc(plan.number) if plan.number else '<span class="kh-unknown">không rõ</span>',
        str(len(plan.duties())),
    ]


PLAN_HEADERS = ["Kế hoạch", "Cấp", "Địa bàn", "Thời kỳ", "Số", "Nhiệm vụ"]


# Above this many plans, /ke-hoach/ leads with the newest and counts the rest by year, level and
# province (each province's page lists its plans); the tree of documents becomes counts too.
PLANS_INLINE = 100
NEWEST_ROWS = 20
PARENTS_SHOWN = 50


def plans_index(ctx: Context, inline_limit: int = PLANS_INLINE) -> str:
    here = links.PLANS_INDEX
    corpus = ctx.corpus
    if len(corpus.plans) > inline_limit:
        return _plans_summary(ctx)
    out = ["# Kế hoạch", "",
           f"{len(corpus.plans)} kế hoạch phòng, chống mại dâm, xếp theo cấp và năm (mới nhất trước). "
           "Mỗi trang có toàn văn, neo tới từng mục, chỉ tiêu và nhiệm vụ.", ""]
    for level in LEVEL_ORDER:
        plans = [p for p in corpus.plans_newest_first() if p.level == level]
        if not plans:
            continue
        out += [f"## Cấp {LEVELS[level].lower()} {{#cap-{level}}}", ""]
        out += [table(PLAN_HEADERS, [_plan_row(ctx, here, p) for p in plans]), ""]
    out += ["## Cây văn bản {#cay-van-ban}", "",
            "Từ chương trình quốc gia xuống kế hoạch của tỉnh, huyện, xã: mỗi kế hoạch nằm dưới văn bản mà nó thực hiện.", ""]
    out += [_tree(ctx, here), ""]
    return "\n".join(out) + "\n"


def _plans_summary(ctx: Context) -> str:
    here = links.PLANS_INDEX
    corpus = ctx.corpus
    plans = corpus.plans_newest_first()
    out = ["# Kế hoạch", "",
           f"{overview.number(len(plans))} kế hoạch phòng, chống mại dâm ({overview.level_counts(plans)}). Chọn tỉnh, thành phố "
           "ở bảng dưới: trang của tỉnh liệt kê kế hoạch của tỉnh và của các địa bàn trực thuộc. Biết tên hoặc số "
           "kế hoạch thì gõ vào ô tìm kiếm ở đầu trang.", ""]
    out += [f"## {NEWEST_ROWS} kế hoạch mới nhất {{#moi-nhat}}", "",
            table(PLAN_HEADERS, [_plan_row(ctx, here, p) for p in plans[:NEWEST_ROWS]]), ""]
    out += ["## Theo năm và cấp {#theo-nam}", "", overview.level_year_table(plans), ""]
    levels = [lv for lv in LEVEL_ORDER if any(p.level == lv for p in plans)]
    out += ["## Theo tỉnh, thành phố {#theo-tinh}", ""]
    out += overview.province_table(ctx, here, overview.by_province(ctx, plans, lambda p: p.place),
                                   ["Tỉnh, thành phố", *(f"Cấp {LEVELS[lv].lower()}" for lv in levels), "Cộng"],
                                   lambda found: [*(overview.number(sum(p.level == lv for p in found)) for lv in levels),
                                                  overview.number(len(found))])
    implementing: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        for parent in plan.implements:
            implementing[parent].append(plan)
    parents = sorted(implementing.items(), key=lambda kv: -len(kv[1]))
    rows = [[ctx.reference_link(here, key), overview.number(len(found)), overview.level_counts(found)]
            for key, found in parents[:PARENTS_SHOWN]]
    out += ["## Văn bản được thực hiện {#cay-van-ban}", "",
            "Chương trình, kế hoạch cấp trên và số kế hoạch trong kho thực hiện nó (mỗi kế hoạch ghi văn bản nó thực hiện "
            "ở đầu trang).", "", table(["Văn bản", "Kế hoạch thực hiện", "Theo cấp"], rows), ""]
    if len(parents) > PARENTS_SHOWN:
        out += [f"<p>và {overview.number(len(parents) - PARENTS_SHOWN)} văn bản khác: "
                f"{link(ctx.href(here, links.REFERENCES), 'Văn bản')}.</p>", ""]
    return "\n".join(out) + "\n"


def _tree(ctx: Context, here: str) -> str:
    corpus = ctx.corpus
    children: dict[str, list[str]] = defaultdict(list)
    for plan in corpus.plans_newest_first():
        parents = plan.implements or ("",)
        for parent in parents:
            children[parent].append(plan.id)

    def node_html(key: str, seen: frozenset[str]) -> str:
        label = ctx.reference_link(here, key) if key in corpus.references else ctx.plan_link(here, key) if key in corpus.plans else esc(key)
        kids = [k for k in children.get(key, []) if k not in seen]
        inner = "".join(node_html(k, seen | {k}) for k in kids)
        return f"<li>{label}{f'<ul>{inner}</ul>' if inner else ''}</li>"

    roots = sorted((k for k in children if k and k not in corpus.plans), key=lambda k: (corpus.references[k].date or "") if k in corpus.references else k)
    items = "".join(node_html(k, frozenset({k})) for k in roots)
    items += "".join(node_html(k, frozenset({k})) for k in children.get("", []))
    return f'<ul class="kh-tree">{items}</ul>'


# Above this many agencies, /co-quan/ lists provinces with counts instead of every agency (the
# province's place page lists its places and agencies): the page stays small for a nation's
# collection, and the header search finds an agency by name.
INLINE_AGENCIES = 400


def _place_counts(grouped: dict[tuple[str, str], list], level: str, places: list[str]) -> list[str]:
    return [str(len(places)), str(sum(len(grouped[(level, p)]) for p in places))]


def agencies_index(ctx: Context, inline_limit: int = INLINE_AGENCIES) -> str:
    """Level → place → agency, each list in Vietnamese alphabetical order; for a large collection,
    level → province with counts, each province linking to its own page."""
    here = links.AGENCIES_INDEX
    corpus, rel = ctx.corpus, ctx.relations
    inline = len(corpus.agencies) <= inline_limit
    out = ["# Cơ quan", "",
           ("Chọn cấp, rồi địa bàn, rồi cơ quan của bạn để xem mọi nhiệm vụ, cơ quan phối hợp và hạn báo cáo."
            if inline else
            f"{len(corpus.agencies):,} cơ quan".replace(",", ".") + ". Chọn cấp, rồi tỉnh: trang của tỉnh liệt kê các "
            "địa bàn và cơ quan của nó. Biết tên cơ quan thì gõ vào ô tìm kiếm ở đầu trang."), ""]
    jump = " · ".join(link(f"#cap-{level}", LEVELS[level]) for level in LEVEL_ORDER
                      if any(a.level == level for a in corpus.agencies.values()))
    out += [f'<p class="kh-jump">{jump}</p>', ""]
    grouped: dict[tuple[str, str], list] = {}
    for agency in corpus.agencies.values():
        grouped.setdefault((agency.level, agency.place), []).append(agency)
    for level in LEVEL_ORDER:
        places = sorted({place for lv, place in grouped if lv == level}, key=lambda p: sort_key(corpus.places[p].name))
        if not places:
            continue
        out += [f"## {LEVELS[level]} {{#cap-{level}}}", ""]
        if not inline:
            out += overview.province_table(ctx, here, overview.by_province(ctx, places, lambda p: p), ["Tỉnh", "Địa bàn", "Cơ quan"],
                                           partial(_place_counts, grouped, level))
            continue
        for place in places:
            agencies = sorted(grouped[(level, place)], key=lambda a: sort_key(a.name))
            items = "".join(
                f"<li>{ctx.agency_link(here, a.id, full=True)} "
                f'<span class="kh-count">{len(rel.duties_by_agency.get(a.id, []))} nhiệm vụ</span></li>'
                for a in agencies)
            out += [f'<h3 id="{level}-{place}">{esc(corpus.places[place].name)}</h3>', "",
                    f'<ul class="kh-agency-list">{items}</ul>', ""]
    if inline:
        out += ["## Tất cả cơ quan, theo vần A–Z {#a-z}", ""]
        everyone = ctx.agencies_by_name
        out += [f'<ol class="kh-az">{"".join(f"<li>{ctx.agency_link(here, a.id, full=True)}</li>" for a in everyone)}</ol>', ""]
    return "\n".join(out) + "\n"


# Above this many plans at a level, its page counts plans, places and agencies by year, province
# and sector; each province's page lists its own.
LEVEL_INLINE = 10


def level_page(ctx: Context, level: Level, inline_limit: int = LEVEL_INLINE) -> str:
    here = links.level_page(level)
    corpus, rel = ctx.corpus, ctx.relations
    plans = [p for p in corpus.plans_newest_first() if p.level == level]
    agencies = [a for a in ctx.agencies_by_name if a.level == level]
    out = [f"# Cấp {LEVELS[level].lower()}", ""]
    if level == "huyen":
        out += ['<div class="admonition warning"><p class="admonition-title">Thay đổi năm 2025</p>'
                "<p>Từ 01/7/2025, chính quyền địa phương chỉ còn hai cấp (tỉnh, xã); cấp huyện chấm dứt hoạt động. "
                "Các kế hoạch cấp huyện trước đó vẫn được lưu ở đây để tra cứu.</p></div>", ""]
    if len(plans) > inline_limit:
        return "\n".join(out + _level_summary(ctx, here, level, plans, agencies)) + "\n"
    places = sorted((p for p in corpus.places.values() if p.level == level), key=lambda p: sort_key(p.name))
    if places:
        out += ["## Địa bàn {#dia-ban}", "",
                '<ul class="kh-place-list">' + "".join(
                    f"<li>{ctx.place_link(here, p.id)} <span class=\"kh-count\">"
                    f"{len(rel.agencies_by_place.get(p.id, []))} cơ quan</span></li>" for p in places) + "</ul>", ""]
    out += ["## Kế hoạch {#ke-hoach}", ""]
    out += [table(PLAN_HEADERS, [_plan_row(ctx, here, p) for p in plans]) if plans else "<p>Chưa có kế hoạch nào ở cấp này.</p>", ""]
    out += _duties_by_area(ctx, here, level)
    out += ["## Cơ quan {#co-quan}", ""]
    if not agencies:
        out += ["<p>Chưa có cơ quan nào.</p>", ""]
    by_place: dict[str, list] = defaultdict(list)
    for agency in agencies:
        by_place[agency.place].append(agency)
    for place_id in sorted(by_place, key=lambda p: sort_key(corpus.places[p].name)):
        rows = [[ctx.agency_link(here, a.id, full=True), _agency_work(ctx, a.id)] for a in by_place[place_id]]
        out += [f"### {md_inline(corpus.places[place_id].name)} {{#co-quan-{place_id}}}", "",
                table(["Cơ quan", "Trong các kế hoạch"], rows), ""]
    return "\n".join(out) + "\n"


def _level_summary(ctx: Context, here: str, level: Level, plans: list[Plan], agencies: list) -> list[str]:
    corpus, rel = ctx.corpus, ctx.relations
    places = [p for p in corpus.places.values() if p.level == level]
    out = [f'<p class="kh-overview">{overview.number(len(plans))} kế hoạch của {overview.number(len(places))} địa bàn, '
           f"{overview.number(len(agencies))} cơ quan. Chọn tỉnh, thành phố của bạn: trang của tỉnh liệt kê kế hoạch, "
           "địa bàn và cơ quan của nó.</p>", ""]
    out += ["## Theo tỉnh, thành phố {#theo-tinh}", ""]
    out += overview.province_table(
        ctx, here, overview.by_province(ctx, places, lambda p: p.id), ["Tỉnh, thành phố", "Địa bàn", "Kế hoạch", "Cơ quan"],
        lambda found: [overview.number(len(found)), overview.number(sum(len(rel.plans_by_place.get(p.id, [])) for p in found)),
                       overview.number(sum(1 for p in found for a in rel.agencies_by_place.get(p.id, []) if corpus.agencies[a].level == level))],
        weight=lambda found: sum(len(rel.plans_by_place.get(p.id, [])) for p in found))
    out += ["## Kế hoạch theo năm {#ke-hoach}", "", overview.level_year_table(plans), "",
            f"<p>Mới nhất: {overview.newest(ctx, here, plans)}.</p>", ""]
    out += _duties_by_area(ctx, here, level)
    by_sector: dict[str, list] = defaultdict(list)
    for agency in agencies:
        by_sector[agency.sector].append(agency)
    rows = [[link(ctx.href(here, links.sector_page(s)), corpus.sectors[s].label), overview.number(len(found)),
             overview.number(sum(len(rel.duties_by_agency.get(a.id, [])) for a in found))]
            for s, found in sorted(by_sector.items(), key=lambda kv: -len(kv[1]))]
    out += ["## Cơ quan theo ngành {#co-quan}", "", table(["Ngành", "Cơ quan", "Nhiệm vụ"], rows), ""]
    return out


def _agency_work(ctx: Context, agency_id: str) -> str:
    """What the plans give an agency, in words: its duties, else where they name it (a plan that
    names an agency never shows as "0 nhiệm vụ")."""
    rel = ctx.relations
    said = []
    if duties := len(rel.duties_by_agency.get(agency_id, [])):
        said.append(f"{duties} nhiệm vụ")
    if mentions := len(rel.mentions_by_agency.get(agency_id, [])):
        said.append(f"phối hợp trong {mentions} nhiệm vụ")
    if reports := len(rel.reports_by_agency.get(agency_id, [])):
        said.append(f"{reports} báo cáo")
    return ", ".join(said) or '<span class="kh-unknown">không có trong nhiệm vụ, báo cáo nào của kho</span>'


def _duties_by_area(ctx: Context, here: str, level: Level) -> list[str]:
    """The duties of the level's agencies by area of the programme, counted as the area pages
    count them (a duty belongs to an area whose words it names)."""
    plans = ctx.areas_by_plan.values()
    rows = []
    for area_id, area in ctx.corpus.areas.items():
        found = [p.by_level[(level, area_id)] for p in plans if (level, area_id) in p.by_level]
        if count := sum(n for n, _ in found):
            agencies = frozenset().union(*(a for _, a in found))
            rows.append([link(ctx.href(here, links.area_page(area_id)), area.name), str(count), str(len(agencies))])
    if not rows:
        return []
    duties = sum(p.at_level.get(level, 0) for p in plans)
    return ["## Nhiệm vụ theo lĩnh vực {#nhiem-vu-theo-linh-vuc}", "",
            f"{duties} nhiệm vụ giao cho cơ quan cấp này; mỗi dòng đếm những nhiệm vụ nhắc đến lĩnh vực đó "
            "(một nhiệm vụ có thể thuộc nhiều lĩnh vực).", "",
            table(["Lĩnh vực", "Nhiệm vụ", "Cơ quan"], rows), ""]


def levels_index(ctx: Context) -> str:
    here = links.LEVELS_INDEX
    rows = [[link(ctx.href(here, links.level_page(level)), LEVELS[level]),
             str(sum(p.level == level for p in ctx.corpus.plans.values())),
             str(sum(a.level == level for a in ctx.corpus.agencies.values()))] for level in LEVEL_ORDER]
    return "# Cấp chính quyền\n\n" + table(["Cấp", "Kế hoạch", "Cơ quan"], rows) + "\n"


# A place with more places in it than this (the nation) names the directory instead of each.
INNER_INLINE = 100


def place_page(ctx: Context, place_id: str, inline_limit: int = PLANS_INLINE, inner_limit: int = INNER_INLINE) -> str:
    """A place, its plans and agencies; in a collection of more than `inline_limit` plans (where
    the overview pages count plans by province and link here), a province's page also lists the
    plans of the places in it."""
    here = links.place_page(place_id)
    corpus, rel = ctx.corpus, ctx.relations
    place = corpus.places[place_id]
    out = [f"# {md_inline(place.name[:1].upper() + place.name[1:])}", ""]
    trail: list[str] = []
    current = place
    while current.parent:
        current = corpus.places[current.parent]
        trail.insert(0, ctx.place_link(here, current.id))
    facts = [("Cấp", LEVELS[place.level])]
    if trail:
        facts.append(("Thuộc", " › ".join(trail)))
    inner = sorted(ctx.places_under.get(place_id, ()), key=lambda p: sort_key(p.name))
    if len(inner) > inner_limit:
        facts.append(("Gồm", f"{overview.number(len(inner))} địa bàn: {link(ctx.href(here, links.PLACES_INDEX), 'danh sách địa bàn')}"))
    elif inner:
        facts.append(("Gồm", ", ".join(ctx.place_link(here, p.id) for p in inner)))
    out += ['<div class="kh-card" id="thong-tin"><dl>' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl></div>", ""]
    for change in place.changes:
        unsure = " (thông tin chưa chắc chắn)" if change.unsure else ""
        successor = f" Xem {ctx.place_link(here, change.successor)}." if change.successor else ""
        cites = " ".join(f"[{ctx.reference_link(here, k)}]" for k in change.cites)
        day, month, year = change.date[8:], change.date[5:7], change.date[:4]
        out += [f'<div class="admonition note"><p class="admonition-title">Từ {day}/{month}/{year}{unsure}</p>'
                f"<p>{esc(change.text)}{successor} {cites}</p></div>", ""]
    # A place that took others in (Đà Nẵng from Quảng Nam, 1/7/2025): where their plans are.
    absorbed = ctx.absorbed_by.get(place_id, [])
    if absorbed:
        items = []
        for other, change in absorbed:
            theirs = rel.plans_by_place.get(other.id, [])
            plans_of = (": kế hoạch " + ", ".join(ctx.plan_link(here, p.id) for p in theirs)) if theirs else ""
            items.append(f"<li>{ctx.place_link(here, other.id)} (từ {date_vi(change.date)}){plans_of}</li>")
        out += ['<div class="admonition note"><p class="admonition-title">Tiếp nhận địa bàn</p>'
                f'<ul>{"".join(items)}</ul></div>', ""]
    plans = rel.plans_by_place.get(place_id, [])
    out += ["## Kế hoạch {#ke-hoach}", ""]
    out += [table(PLAN_HEADERS, [_plan_row(ctx, here, p) for p in plans]) if plans else "<p>Chưa có kế hoạch của địa bàn này.</p>", ""]
    if len(corpus.plans) > inline_limit and place.level == "tinh":
        inside = sorted((p for other in ctx.places_in_province.get(place_id, ()) if other != place_id
                         for p in rel.plans_by_place.get(other, [])), key=lambda p: (-p.period_to, -p.period_from, p.id))
        if inside:
            out += ["## Kế hoạch của các địa bàn trực thuộc {#ke-hoach-truc-thuoc}", "",
                    table(PLAN_HEADERS, [_plan_row(ctx, here, p) for p in inside]), ""]
    agencies = sorted((corpus.agencies[a] for a in rel.agencies_by_place.get(place_id, [])), key=lambda a: sort_key(a.name))
    if agencies:
        out += ["## Cơ quan {#co-quan}", ""]
        out += [f'<ul class="kh-agency-list">{"".join(f"<li>{ctx.agency_link(here, a.id, full=True)}</li>" for a in agencies)}</ul>', ""]
    return "\n".join(out) + "\n"


# Above this many places, /dia-ban/ lists provinces with counts instead of the tree of every
# place; above PROVINCES_PER_PAGE provinces, on pages of that many (/dia-ban/trang-<n>/).
PLACES_INLINE = 300
PROVINCES_PER_PAGE = 500


def places_index(ctx: Context, inline_limit: int = PLACES_INLINE, per_page: int = PROVINCES_PER_PAGE) -> str:
    here = links.PLACES_INDEX
    corpus = ctx.corpus

    def branch(parent: str | None) -> str:
        kids = sorted(ctx.places_under.get(parent, ()), key=lambda p: sort_key(p.name))
        if not kids:
            return ""
        items = "".join(
            f"<li>{ctx.place_link(here, p.id)} <span class=\"kh-count\">{len(ctx.relations.plans_by_place.get(p.id, []))} kế hoạch</span>{branch(p.id)}</li>"
            for p in kids)
        return f'<ul class="kh-tree">{items}</ul>'

    if len(corpus.places) <= inline_limit:
        return "# Địa bàn\n\nTỉnh, huyện, xã có kế hoạch trong kho, lồng nhau theo địa giới (ghi chú thay đổi năm 2025 ở từng trang).\n\n" + branch(None) + "\n"
    provinces = _provinces(ctx)
    national = [p for p in corpus.places.values() if p.level == "trung-uong"]
    out = ["# Địa bàn", "",
           f"{overview.number(len(corpus.places))} địa bàn trong {overview.number(len(provinces))} tỉnh, thành phố. Chọn tỉnh, thành phố "
           "của bạn: trang của tỉnh liệt kê các huyện, xã trực thuộc, kế hoạch và cơ quan (ghi chú thay đổi năm 2025 ở từng trang).", ""]
    if national:
        out += ["<p>Cấp trung ương: " + ", ".join(ctx.place_link(here, p.id) for p in national) + "</p>", ""]
    if len(provinces) <= per_page:
        return "\n".join(out + [_province_rows(ctx, here, provinces), ""]) + "\n"
    rows = []
    for n, chunk in enumerate(_chunks(provinces, per_page), start=1):
        first, last = corpus.places[chunk[0]].name, corpus.places[chunk[-1]].name
        rows.append([link(ctx.href(here, links.places_page(n)), f"Trang {n}"), f"{esc(first)} – {esc(last)}", overview.number(len(chunk))])
    out += [f"Xếp theo tên (A–Z), mỗi trang {overview.number(per_page)} tỉnh, thành phố:", "",
            table(["Trang", "Từ … đến", "Tỉnh, thành phố"], rows), ""]
    return "\n".join(out) + "\n"


def places_page_count(ctx: Context, inline_limit: int = PLACES_INLINE, per_page: int = PROVINCES_PER_PAGE) -> int:
    """How many pages of provinces /dia-ban/ links to (none while it fits on itself)."""
    if len(ctx.corpus.places) <= inline_limit:
        return 0
    count = len(_provinces(ctx))
    return 0 if count <= per_page else -(-count // per_page)


def places_page(ctx: Context, number: int, per_page: int = PROVINCES_PER_PAGE) -> str:
    """Page `number` (from 1) of the directory of provinces."""
    here = links.places_page(number)
    chunks = _chunks(_provinces(ctx), per_page)
    chunk = chunks[number - 1]
    corpus = ctx.corpus
    title = f"Địa bàn: trang {number}/{len(chunks)}"
    turn = [link(ctx.href(here, links.places_page(n)), label) for n, label in ((number - 1, "‹ Trang trước"), (number + 1, "Trang sau ›"))
            if 1 <= n <= len(chunks)]
    out = [crumbs(ctx, here, [("Địa bàn", links.PLACES_INDEX), (f"Trang {number}", None)]), "", f"# {title}", "",
           f"Tỉnh, thành phố từ {esc(corpus.places[chunk[0]].name)} đến {esc(corpus.places[chunk[-1]].name)}.", "",
           _province_rows(ctx, here, chunk), "", f'<p class="kh-jump">{" · ".join(turn)}</p>', ""]
    return with_title(title, "\n".join(out) + "\n")


def _provinces(ctx: Context) -> list[str]:
    """Every province (and any place outside one), A–Z by name without 'tỉnh', 'thành phố'."""
    found = [p for p in ctx.places_in_province if ctx.corpus.places[p].level != "trung-uong"]
    return sorted(found, key=lambda p: sort_key(bare_name(ctx.corpus.places[p].name)))


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _province_rows(ctx: Context, here: str, provinces: list[str]) -> str:
    rel = ctx.relations
    rows = []
    for province in provinces:
        inside = ctx.places_in_province.get(province, ())
        rows.append([ctx.place_link(here, province), overview.number(len(inside) - 1),
                     overview.number(sum(len(rel.plans_by_place.get(p, [])) for p in inside))])
    return table(["Tỉnh, thành phố", "Địa bàn trực thuộc", "Kế hoạch"], rows)


__all__ = ["plans_index", "agencies_index", "level_page", "levels_index", "place_page", "places_index", "places_page",
           "places_page_count",
           "sector_page", "sectors_index", "sectors_in_use", "plan_label"]
