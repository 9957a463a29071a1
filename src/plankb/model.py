"""Plain typed objects for the validated sources. Renderers read only these."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

# The schema's enums as types (tests/test_model_types.py holds them equal to plans/schema/*.json).
Level = Literal["trung-uong", "tinh", "huyen", "xa"]
Role = Literal["chu-tri", "phoi-hop", "tham-muu", "de-nghi", "thuc-hien"]
NodeKind = Literal["text", "target", "duty"]
Comparator = Literal["=", ">=", ">", "<=", "<", "range"]
Frequency = Literal["báo cáo nhanh", "hàng tháng", "hàng quý", "6 tháng", "hàng năm", "đột xuất", "định kỳ"]

LEVELS: dict[Level, str] = {"trung-uong": "Trung ương", "tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã"}
LEVEL_ORDER = list(LEVELS)
ROLES: dict[Role, str] = {
    "chu-tri": "chủ trì", "phoi-hop": "phối hợp", "tham-muu": "tham mưu",
    "de-nghi": "đề nghị", "thuc-hien": "thực hiện",
}


@dataclass(frozen=True)
class Measure:
    indicator: str
    comparator: Comparator
    value: float
    unit: str
    year: int | None = None
    scope: str | None = None
    as_written: str | None = None
    value_max: float | None = None
    of: float | None = None


@dataclass(frozen=True)
class Report:
    reporter: tuple[str, ...]
    to: tuple[str, ...]
    via: tuple[str, ...] = ()
    frequency: tuple[Frequency, ...] = ()  # as the plan writes it; () when it does not say
    deadline: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    number: str | None = None
    title: str | None = None
    text: str | None = None
    bullet: str | None = None
    kind: NodeKind = "text"
    agencies: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    partners: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()
    report: Report | None = None
    note: str | None = None
    children: tuple[Node, ...] = ()
    line: int = 0
    # Set by the loader from the node's place in the tree: the block agencies that apply to this
    # duty and the number path.
    assigned: tuple[str, ...] = ()
    path: str = ""
    position: str = ""  # an unnumbered node's place among its siblings: "gạch đầu dòng thứ 2"

    @property
    def section(self) -> str:
        """The part of the plan the node is in, as a reader names it: 'mục V.3.c', 'phần mở đầu'."""
        if self.path:
            return f"mục {self.path}"
        if self.id.startswith("mo-dau"):
            return "phần mở đầu"
        if self.id.startswith("ket"):
            return "phần kết"
        return f"mục {self.id}"

    @property
    def label(self) -> str:
        """How a reader names the node itself: 'mục V.3.c', 'gạch đầu dòng thứ 2, mục IV.4',
        'đoạn thứ 1, phần mở đầu'."""
        return f"{self.position}, {self.section}" if self.position else self.section

    @property
    def words(self) -> str:
        return self.title if self.title is not None else (self.text or "")

    def reporting(self) -> Report:
        """The report of a node known to carry one (one of Plan.reports())."""
        assert self.report is not None, self.id
        return self.report

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class LegalBasis:
    cites: tuple[str, ...]
    node: str
    quote: str


@dataclass(frozen=True)
class Signature:
    authority: tuple[str, ...] = ()
    title: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    kind: str
    title: str
    number: str | None
    issued: str | None
    issuer: str
    level: Level
    place: str
    period_from: int
    period_to: int
    implements: tuple[str, ...] = ()
    legal_basis: tuple[LegalBasis, ...] = ()
    preamble: tuple[Node, ...] = ()
    body: tuple[Node, ...] = ()
    closing: tuple[Node, ...] = ()
    recipients: tuple[str, ...] = ()
    signature: Signature = field(default_factory=Signature)
    note: str | None = None
    file: str = ""

    @property
    def period(self) -> str:
        if self.period_from == self.period_to:
            return str(self.period_from)
        return f"{self.period_from}–{self.period_to}"

    # Walked once: a plan is frozen, and the pages walk each plan's nodes dozens of
    # times (0.5 s of a preview's rebuild at 1,000 plans).
    @cached_property
    def _nodes(self) -> tuple[Node, ...]:
        return tuple(node for part in (self.preamble, self.body, self.closing) for top in part for node in top.walk())

    @cached_property
    def _duties(self) -> tuple[Node, ...]:
        return tuple(n for n in self._nodes if n.kind == "duty")

    @cached_property
    def _targets(self) -> tuple[Node, ...]:
        return tuple(n for n in self._nodes if n.kind == "target")

    @cached_property
    def _reports(self) -> tuple[Node, ...]:
        return tuple(n for n in self._nodes if n.report is not None)

    def nodes(self) -> tuple[Node, ...]:
        """Every node, in the document's order."""
        return self._nodes

    def duties(self) -> tuple[Node, ...]:
        return self._duties

    def targets(self) -> tuple[Node, ...]:
        return self._targets

    def reports(self) -> tuple[Node, ...]:
        return self._reports


@dataclass(frozen=True)
class Succession:
    agency: str | None
    date: str
    note: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    level: Level
    place: str
    sector: str
    short: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    collective: bool = False
    # A group's registered members ("các phòng, ban, đơn vị" of a xã): what is assigned to the
    # group reaches each of them, marked as assigned jointly.
    members: tuple[str, ...] = ()
    successor: Succession | None = None
    note: str | None = None
    # The ended sector the agency's work in the plans belonged to before the 2025 reform (the
    # Phòng Văn hóa - Xã hội of a xã, filed under Y tế, does what the LĐTBXH sector did).
    former_sector: str | None = None

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class SectorSuccession:
    """Part of an ended sector's work and the sector that took it over."""
    sector: str
    work: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    # The day from which the sector is no longer in the 2025 structure (None: a current sector);
    # an agency of a plan issued from that day on is filed under a sector that took over.
    ended: str | None = None
    successors: tuple[SectorSuccession, ...] = ()
    note: str | None = None

    @property
    def label(self) -> str:
        """The name as lists show it: an ended sector's old name with the day it ended."""
        if not self.ended:
            return self.name
        year, month, day = self.ended.split("-")
        return f"{self.name} (trước {day}/{month}/{year})"


@dataclass(frozen=True)
class PlaceChange:
    date: str
    text: str
    cites: tuple[str, ...] = ()
    successor: str | None = None
    unsure: bool = False


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    level: Level
    parent: str | None = None
    changes: tuple[PlaceChange, ...] = ()
    code: str | None = None  # the official administrative unit code


@dataclass(frozen=True)
class NationalTarget:
    comparator: Comparator
    value: float
    cites: tuple[str, ...]
    value_max: float | None = None
    year: int | None = None
    unit: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    area: str
    description: str | None = None
    national: NationalTarget | None = None


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    english: str | None = None
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Reference:
    key: str
    doctype: str
    title: str | None
    number: str | None
    issuer: str | None
    date: str | None
    year: str | None
    note: str | None = None
    url: str | None = None
    plan: str | None = None  # set for the generated entries of plans in the corpus


@dataclass
class Corpus:
    plans: dict[str, Plan]
    agencies: dict[str, Agency]
    sectors: dict[str, Sector]
    places: dict[str, Place]
    indicators: dict[str, Indicator]
    areas: dict[str, Area]
    terms: dict[str, Term] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    # term id → [(plan, anchor, part of the plan, occurrences)] (plankb.sources.term_usage), set by the loader
    term_usage: dict = field(default_factory=dict)
    root: Path | None = None  # where the sources live (the site offers each plan's YAML for download)

    def plans_newest_first(self) -> list[Plan]:
        return sorted(self.plans.values(), key=lambda p: (-p.period_to, -p.period_from, p.id))
