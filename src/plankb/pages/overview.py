"""Summaries for a national collection: what an overview page shows once its full list would be
too long for one page (counts by level, year and province, the newest few, links down to where
each province's own list lives). Summaries name places and plans, never quote plans' words: the
header search then finds a plan's text on the plan's page, not on every overview."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from plankb import links
from plankb.model import LEVEL_ORDER, LEVELS, Plan
from plankb.pages.render_common import Context, plan_label
from plankb.text.markup import link, table
from plankb.text.vietnamese import sort_key

T = TypeVar("T")

# A province table shows at most this many rows: every province of Vietnam (63 before the 2025
# mergers, 34 after) fits; a larger table shows those with the most and links to the directory.
PROVINCE_ROWS = 100
NEWEST = 10  # the newest plans a summary names


def number(n: int) -> str:
    """'1.234': Vietnamese thousands."""
    return f"{n:,}".replace(",", ".")


def by_province(ctx: Context, items: Iterable[T], place_of: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for item in items:
        grouped[ctx.province_of[place_of(item)]].append(item)
    return dict(grouped)


def province_table(ctx: Context, here: str, grouped: dict[str, list[T]], headers: list[str],
                   cells: Callable[[list[T]], list[str]], weight: Callable[[list[T]], int] = len) -> list[str]:
    """A row per province (its page, then `cells` of its items), A–Z; past PROVINCE_ROWS, the
    provinces of most weight (items), and where the others are."""
    order = sorted(grouped, key=lambda p: sort_key(ctx.corpus.places[p].name))
    note = []
    if len(order) > PROVINCE_ROWS:
        order = sorted(order, key=lambda p: -weight(grouped[p]))[:PROVINCE_ROWS]
        note = [f"<p>{PROVINCE_ROWS} trong {number(len(grouped))} tỉnh, thành phố: những nơi có nhiều nhất. "
                f"Các tỉnh khác: {link(ctx.href(here, links.PLACES_INDEX), 'danh sách địa bàn')}.</p>", ""]
    rows = [[ctx.place_link(here, p), *cells(grouped[p])] for p in order]
    return [table(headers, rows), "", *note]


def level_counts(plans: Iterable[Plan]) -> str:
    """'3 cấp tỉnh, 1 cấp huyện, 1 cấp xã'."""
    counts: dict[str, int] = defaultdict(int)
    for plan in plans:
        counts[plan.level] += 1
    return ", ".join(f"{number(counts[lv])} cấp {LEVELS[lv].lower()}" for lv in LEVEL_ORDER if counts[lv])


def level_year_table(plans: list[Plan]) -> str:
    """Plans by the year their period ends (rows, newest first) and level (columns)."""
    levels = [lv for lv in LEVEL_ORDER if any(p.level == lv for p in plans)]
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for plan in plans:
        counts[(plan.period_to, plan.level)] += 1
    years = sorted({p.period_to for p in plans}, reverse=True)
    rows = [[str(year), *(number(counts[(year, lv)]) for lv in levels), number(sum(counts[(year, lv)] for lv in levels))]
            for year in years]
    return table(["Năm (cuối thời kỳ)", *(f"Cấp {LEVELS[lv].lower()}" for lv in levels), "Cộng"], rows)


def newest(ctx: Context, here: str, plans: Iterable[Plan], count: int = NEWEST) -> str:
    """The newest `count` plans, as one line of links."""
    ordered = sorted({p.id: p for p in plans}.values(), key=lambda p: (-p.period_to, -p.period_from, p.id))[:count]
    return ", ".join(ctx.plan_link(here, p.id, text=plan_label(ctx.corpus, p.id)) for p in ordered)
