"""Pieces shared by the page renderers: the render context and small formatted fragments."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from plankb import links
from plankb.links import Linker
from plankb.model import LEVELS, ROLES, Agency, Corpus, Level, Measure, Node, Place, PlaceChange, Plan, Reference, Role
from plankb.preview import KeptFor, KeptPerPlan
from plankb.relations import Duty, PlanRelations, Relations
from plankb.relations import build as build_relations
from plankb.text.markup import esc, link
from plankb.text.vietnamese import sort_key

# A duty belongs to an area of the programme whose words it names (area pages, level pages).
AREA_WORDS = {
    "tuyen-truyen": ("tuyên truyền", "truyền thông"),
    "phong-ngua-long-ghep": ("lồng ghép", "phòng ngừa"),
    "kiem-tra-xu-ly": ("kiểm tra", "xử lý", "đấu tranh"),
    "giam-hai-ho-tro": ("giảm hại", "giảm tác hại", "hỗ trợ", "tái hòa nhập"),
    "dao-tao-nang-cao-nang-luc": ("tập huấn", "đào tạo", "bồi dưỡng", "nâng cao năng lực"),
}


COMPARATORS = {"=": "", ">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< "}


@dataclass(frozen=True)
class PlanAreas:
    """A plan's duties by area of the programme (a duty belongs to an area whose words it names),
    and counted by the level of the agencies they are assigned to: what the area and level pages
    add up over the plans."""
    duties: dict[str, tuple[Duty, ...]]  # area → its duties, in order
    at_level: dict[str, int]  # level → the duties assigned to an agency of that level
    by_level: dict[tuple[str, str], tuple[int, frozenset[str]]]  # (level, area) → those duties in the area, and their agencies of that level


def plan_areas(corpus: Corpus, duties: tuple[Duty, ...]) -> PlanAreas:
    """PlanAreas of a plan's duties (Relations.duties_by_plan)."""
    found: dict[str, list[Duty]] = {area: [] for area in AREA_WORDS}
    for duty in duties:
        text = duty.node.words.lower()
        for area, words in AREA_WORDS.items():
            if any(w in text for w in words):
                found[area].append(duty)
    agencies = corpus.agencies
    levels = {id(duty): frozenset(agencies[a].level for a in duty.agencies) for duty in duties}
    at_level: dict[str, int] = defaultdict(int)
    for duty in duties:
        for level in levels[id(duty)]:
            at_level[level] += 1
    by_level: dict[tuple[str, str], tuple[int, frozenset[str]]] = {}
    for area, in_area in found.items():
        for level in {lv for duty in in_area for lv in levels[id(duty)]}:
            at = [duty for duty in in_area if level in levels[id(duty)]]
            by_level[(level, area)] = (len(at), frozenset(a for duty in at for a in duty.agencies if agencies[a].level == level))
    return PlanAreas({area: tuple(d) for area, d in found.items()}, dict(at_level), by_level)


@dataclass
class KeptPages:
    """What a preview's page makers keep from one build to the next: each unchanged plan's
    relations, duties by area and finder records, the agencies in name order while the registry
    is unchanged."""
    relations: KeptPerPlan[PlanRelations] = field(default_factory=KeptPerPlan)
    areas: KeptPerPlan[PlanAreas] = field(default_factory=KeptPerPlan)
    agencies_by_name: KeptFor[list[Agency]] = field(default_factory=KeptFor)
    records: KeptPerPlan[tuple[Any, ...]] = field(default_factory=KeptPerPlan)  # the duty finder's (finder.records)


@dataclass
class Context:
    corpus: Corpus
    linker: Linker
    repo_edit_url: str | None = None
    site_url: str = ""
    as_of: int | None = None  # the year the site is built for: plans whose period is over say so
    kept: KeptPages | None = None  # a preview's, from its last build

    def ended(self, plan: Plan) -> bool:
        return self.as_of is not None and plan.period_to < self.as_of

    @cached_property
    def relations(self) -> Relations:
        """Computed on first use: by the process that makes the pages (see plankb.background),
        not by the one that only lists them."""
        return build_relations(self.corpus, self.kept.relations if self.kept else None)

    @cached_property
    def areas_by_plan(self) -> dict[str, PlanAreas]:
        """Plan id → its duties by area, counted by level (plan_areas), in the order of the
        relations' duties; a preview keeps an unchanged plan's."""
        corpus, rel, kept = self.corpus, self.relations, self.kept.areas if self.kept else None
        if kept is not None:
            kept.start({a.id: a.level for a in corpus.agencies.values()}, corpus.plans)
        return {plan_id: kept.get(corpus.plans[plan_id], partial(plan_areas, corpus, duties), duties) if kept else plan_areas(corpus, duties)
                for plan_id, duties in rel.duties_by_plan.items()}

    @cached_property
    def duties_by_area(self) -> dict[str, list[Duty]]:
        """Area → the duties that name one of its words (AREA_WORDS), in order: the area pages ask."""
        found: dict[str, list[Duty]] = {area: [] for area in AREA_WORDS}
        for areas in self.areas_by_plan.values():
            for area, duties in areas.duties.items():
                found[area] += duties
        return found

    @cached_property
    def agencies_by_name(self) -> list[Agency]:
        """Every agency, in Vietnamese A–Z order of its name (the registry's order between equal
        names); a preview keeps it while the registry is unchanged."""
        agencies = self.corpus.agencies

        def by_name() -> list[Agency]:
            return sorted(agencies.values(), key=lambda a: sort_key(a.name))
        return self.kept.agencies_by_name.get(agencies, by_name) if self.kept else by_name()

    @cached_property
    def name_rank(self) -> dict[str, int]:
        """Agency id → its place in agencies_by_name: sorting by it is sorting by name."""
        return {agency.id: rank for rank, agency in enumerate(self.agencies_by_name)}

    @cached_property
    def agencies_by_sector(self) -> dict[str, list[Agency]]:
        """Sector → its agencies, in the registry's order."""
        found: dict[str, list[Agency]] = defaultdict(list)
        for agency in self.corpus.agencies.values():
            found[agency.sector].append(agency)
        return found

    @cached_property
    def sectors_used(self) -> frozenset[str]:
        """The sectors some agency is in (those with a page): asked once per agency card."""
        return frozenset(a.sector for a in self.corpus.agencies.values())

    @cached_property
    def province_of(self) -> dict[str, str]:
        """Place → the province it lies in (itself for a province, or for a place outside any;
        the nation stays the nation)."""
        places = self.corpus.places
        found = {}
        for place_id in places:
            province = place_id
            while places[province].level not in ("tinh", "trung-uong") and places[province].parent in places:
                province = places[province].parent or province
            found[place_id] = province
        return found

    @cached_property
    def places_under(self) -> dict[str | None, list[Place]]:
        """Parent place → the places directly under it, in file order (a page per place asks:
        one walk of the registry, not one per page)."""
        found: dict[str | None, list[Place]] = {}
        for place in self.corpus.places.values():
            found.setdefault(place.parent, []).append(place)
        return found

    @cached_property
    def absorbed_by(self) -> dict[str, list[tuple[Place, PlaceChange]]]:
        """Place → the places whose changes name it as their successor, with the change."""
        found: dict[str, list[tuple[Place, PlaceChange]]] = {}
        for place in self.corpus.places.values():
            for change in place.changes:
                if change.successor:
                    found.setdefault(change.successor, []).append((place, change))
        return found

    @cached_property
    def places_in_province(self) -> dict[str, tuple[str, ...]]:
        """Province → the places in it, itself first."""
        found: dict[str, list[str]] = {}
        for place_id, province in self.province_of.items():
            found.setdefault(province, []).append(place_id)
        return {p: tuple(sorted(ids, key=lambda i: i != p)) for p, ids in found.items()}

    def page_url(self, src: str) -> str:
        """Root-relative URL of a page ('ke-hoach/x/'), for citations and downloads."""
        return self.linker.url(src)

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        return self.linker.href(from_src, to_src, anchor)

    def agency_link(self, here: str, agency_id: str, full: bool = False) -> str:
        agency = self.corpus.agencies[agency_id]
        text = agency.name if full else agency.label
        return link(self.href(here, links.agency_page(agency_id)), text, title=agency.name)

    def plan_link(self, here: str, plan_id: str, anchor: str | None = None, text: str | None = None) -> str:
        return link(self.href(here, links.plan_page(plan_id), anchor), text or plan_label(self.corpus, plan_id))

    def place_link(self, here: str, place_id: str) -> str:
        return link(self.href(here, links.place_page(place_id)), self.corpus.places[place_id].name)

    def level_link(self, here: str, level: Level) -> str:
        return link(self.href(here, links.level_page(level)), LEVELS[level])

    def reference_link(self, here: str, key: str, text: str | None = None) -> str:
        if key in self.corpus.plans:
            return self.plan_link(here, key, text=text)
        reference = self.corpus.references[key]
        return link(self.href(here, links.REFERENCES, key), text or short_reference(reference),
                    title=format_reference(reference))


def with_title(title: str, markdown: str) -> str:
    """Front matter naming the page: MkDocs only takes a title from an h1 that comes first,
    and generated pages open with their breadcrumb trail. JSON is valid YAML and quotes safely."""
    return f"---\ntitle: {json.dumps(esc(title), ensure_ascii=False)}\n---\n\n{markdown}"


def crumbs(ctx: Context, here: str, trail: list[tuple[str, str | None]]) -> str:
    """'Where am I': a trail of (label, page) pairs; the last one is this page."""
    parts = [link(ctx.href(here, src), label) if src else esc(label) for label, src in trail]
    return f'<nav class="kh-crumbs" aria-label="Vị trí" data-search-exclude data-no-terms>{" › ".join(parts)}</nav>'


def bare_name(name: str) -> str:
    """A place's name without its kind: 'tỉnh Ninh Thuận' → 'Ninh Thuận'."""
    for prefix in ("tỉnh ", "huyện ", "xã ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def plan_label(corpus: Corpus, plan_id: str) -> str:
    """Short name people use: 'Hồng Ngự 2022', 'Ninh Thuận 2021–2025'."""
    plan = corpus.plans[plan_id]
    return f"{bare_name(corpus.places[plan.place].name)} {plan.period}"


def short_reference(reference: Reference) -> str:
    kind = reference.doctype
    if reference.number:
        return f"{kind} {reference.number}"
    return reference.title or kind


def format_reference(reference: Reference) -> str:
    """'Quyết định số 1629/QĐ-TTg ngày 28/09/2021 của Thủ tướng Chính phủ: <title>'."""
    parts = [reference.doctype]
    if reference.number:
        parts.append(f"số {reference.number}")
    if reference.date:
        year, month, day = reference.date.split("-")
        parts.append(f"ngày {day}/{month}/{year}")
    elif reference.year:
        parts.append(f"năm {reference.year}")
    if reference.issuer:
        parts.append(f"của {reference.issuer}")
    text = " ".join(parts)
    if reference.title:
        text += f" về {reference.title}" if not reference.title[:1].isupper() else f": {reference.title}"
    return text


def format_number(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def format_measure(measure: Measure, unit_first: bool = False) -> str:
    """'≥ 70%', '3–5%', '50/65 xã', '1 mô hình'."""
    unit = measure.unit
    value = format_number(measure.value)
    if measure.comparator == "range" and measure.value_max is not None:
        value = f"{value}–{format_number(measure.value_max)}"
    if measure.of is not None:
        value = f"{value}/{format_number(measure.of)}"
    prefix = COMPARATORS.get(measure.comparator, "")
    return f"{prefix}{value}{unit}" if unit == "%" else f"{prefix}{value} {unit}"


def shown_value(measure: Measure) -> str:
    """A plan's value as the plan writes it ("Trên 100%", "từ 100%"), else as the data has it."""
    return measure.as_written or format_measure(measure)


_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=\S)")
QUOTE_LIMIT = 300


def source_sentence(node: Node, measure: Measure) -> str:
    """What a value's tooltip says: the sentence of the plan it was read from, quoted, and where
    it is ("“Trên 100% các cơ sở … được tổ chức kiểm tra.” — mục II.5")."""
    words = node.words
    sentences = _SENTENCE_END.split(words)
    written = (measure.as_written or "").casefold()
    quote = next((s for s in sentences if written and written in s.casefold()), words)
    if len(quote) > QUOTE_LIMIT:
        start = max(0, quote.casefold().find(written) - QUOTE_LIMIT // 3) if written else 0
        cut = quote[start:start + QUOTE_LIMIT]
        quote = ("…" if start else "") + cut.rsplit(" ", 1)[0] + "…"
    return f"“{quote}” — {node.label}"


def role_badges(roles: tuple[Role, ...]) -> str:
    return "".join(f'<span class="kh-role kh-role-{esc(r)}">{esc(ROLES[r])}</span>' for r in roles)
