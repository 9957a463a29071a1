"""Cross-references computed once from the corpus: who does what, where, under which plan."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from plankb.model import Corpus, Measure, Node, Plan, Report
from plankb.preview import KeptPerPlan
from plankb.text.phrases import Phrase, PhraseMatcher


@dataclass(frozen=True)
class Duty:
    plan: Plan
    node: Node
    agencies: tuple[str, ...]
    partners: tuple[str, ...]


def issued_year(corpus: Corpus, plan: Plan) -> int | None:
    """The year a plan was issued: its date's, or, when the plan gives none, the one its sources
    pin down: a plan that implements a document dated in the last year of its own period was
    issued that year (Kim Tân 2026 implements a plan of 10/6/2026). Otherwise unknown."""
    if plan.issued:
        return int(plan.issued[:4])
    dates = [d for key in plan.implements
             for d in ((corpus.references[key].date if key in corpus.references else None),
                       (corpus.plans[key].issued if key in corpus.plans else None)) if d]
    years = {int(d[:4]) for d in dates}
    return plan.period_to if years and max(years) == plan.period_to else None


ReportRole = Literal["reporter", "to", "via"]
# How an agency's page and calendar say it takes part in a report.
REPORT_ROLE_WORDS: dict[ReportRole, str] = {"reporter": "phải báo cáo", "to": "nhận báo cáo", "via": "báo cáo qua cơ quan này"}


@dataclass(frozen=True)
class ReportPart:
    role: ReportRole
    group: str | None = None  # the group the plan names, when the agency is one of its members


def report_parts(corpus: Corpus, report: Report) -> dict[str, list[ReportPart]]:
    """Every agency that takes part in a report, with how: named itself, or as a member of a group
    the plan names ("các phòng, ban, đơn vị"; registry `members`). A member that receives the
    report, or forwards it, does not also owe it to itself."""
    parts: dict[str, list[ReportPart]] = defaultdict(list)
    roles: tuple[tuple[ReportRole, tuple[str, ...]], ...] = (("reporter", report.reporter), ("to", report.to), ("via", report.via))
    for role, ids in roles:
        for aid in ids:
            parts[aid].append(ReportPart(role))
    handles = set(report.to) | set(report.via)
    for role, ids in roles:
        for aid in ids:
            for member in corpus.agencies[aid].members if aid in corpus.agencies else ():
                if (role == "reporter" and member in handles) or any(p.role == role for p in parts.get(member, ())):
                    continue
                parts[member].append(ReportPart(role, aid))
    return dict(parts)


@dataclass
class Relations:
    duties: list[Duty] = field(default_factory=list)
    duties_by_plan: dict[str, tuple[Duty, ...]] = field(default_factory=dict)  # the same tuple while a plan's relations are kept
    duties_by_agency: dict[str, list[Duty]] = field(default_factory=lambda: defaultdict(list))
    mentions_by_agency: dict[str, list[Duty]] = field(default_factory=lambda: defaultdict(list))
    reports_by_agency: dict[str, list[tuple[Plan, Node]]] = field(default_factory=lambda: defaultdict(list))
    measures_by_indicator: dict[str, list[tuple[Plan, Node, Measure]]] = field(default_factory=lambda: defaultdict(list))
    plans_citing: dict[str, list[Plan]] = field(default_factory=lambda: defaultdict(list))
    plans_by_place: dict[str, list[Plan]] = field(default_factory=lambda: defaultdict(list))
    agencies_by_place: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    matchers: dict[str, PhraseMatcher] = field(default_factory=dict)
    document_matchers: dict[str, PhraseMatcher] = field(default_factory=dict)
    plans_mentioning: dict[str, list[Plan]] = field(default_factory=lambda: defaultdict(list))
    duty_of_node: dict[tuple[str, str], Duty] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def agencies_named(self) -> dict[str, set[str]]:
        """Plan id → the agencies its duties assign, name as partners or ask a report of."""
        named: dict[str, set[str]] = defaultdict(set)
        for by_agency in (self.duties_by_agency, self.mentions_by_agency):
            for aid, duties in by_agency.items():
                for duty in duties:
                    named[duty.plan.id].add(aid)
        for aid, reports in self.reports_by_agency.items():
            for plan, _ in reports:
                named[plan.id].add(aid)
        return named

    def agency_matches(self, plan_id: str, text: str) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.phrase.target) for m in self.matchers[plan_id].find(text)]

    def document_matches(self, plan_id: str, text: str) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.phrase.target) for m in self.document_matchers[plan_id].find(text)]


NATIONAL_NUMBER = re.compile(r"/(19|20)\d\d/|TTg|/QH|UBTVQH")


def _documents_in_scope(corpus: Corpus, plan: Plan) -> list[Phrase]:
    """Document numbers a plan's text may name: national ones (unique by their number) and the
    ones the plan cites or that belong to its place ('162/KH-UBND' is only unique in a province)."""
    cited = {*plan.implements, *(k for b in plan.legal_basis for k in b.cites)}
    phrases = []
    for ref in corpus.references.values():
        if not ref.number:
            continue
        if ref.key in cited or ref.key.endswith("-" + plan.place) or NATIONAL_NUMBER.search(ref.number):
            phrases.append(Phrase(ref.number, ref.key, case_sensitive=True))
    return phrases


def place_scope(corpus: Corpus, place_id: str, children: dict[str, list[str]]) -> set[str]:
    """The place, every place above it and every place below it (`children`: see place_children)."""
    scope = {place_id}
    current = corpus.places.get(place_id)
    while current and current.parent:
        scope.add(current.parent)
        current = corpus.places.get(current.parent)
    below = [place_id]
    while below:
        for child in children.get(below.pop(), ()):
            if child not in scope:
                scope.add(child)
                below.append(child)
    return scope


def place_children(corpus: Corpus) -> dict[str, list[str]]:
    """Parent place → the places directly under it (the central level is above everything)."""
    children: dict[str, list[str]] = defaultdict(list)
    for place in corpus.places.values():
        if place.parent and place.level != "trung-uong":
            children[place.parent].append(place.id)
    return children


@dataclass(frozen=True)
class PlanRelations:
    """What `build` finds in one plan: it depends on the plan and the registries only."""
    matcher: PhraseMatcher  # the agencies its text may name
    document_matcher: PhraseMatcher  # the documents its text may name
    mentioned: tuple[str, ...]  # the documents its text names, in order
    measures: tuple[tuple[Node, Measure], ...]
    reports: tuple[tuple[str, Node], ...]  # (agency taking part, node)
    duties: tuple[Duty, ...]


def _plan_relations(corpus: Corpus, plan: Plan, in_scope: list[str]) -> PlanRelations:
    matcher = PhraseMatcher([Phrase(alias, aid, case_sensitive=True) for aid in in_scope for alias in corpus.agencies[aid].aliases])
    document_matcher = PhraseMatcher(_documents_in_scope(corpus, plan))
    mentioned: dict[str, None] = {}
    measures, reports, duties = [], [], []
    for node in plan.nodes():
        mentioned.update((m.phrase.target, None) for m in document_matcher.find(node.words))
        measures += [(node, measure) for measure in node.measures]
        if node.report:
            reports += [(aid, node) for aid in report_parts(corpus, node.report)]
        if node.kind != "duty":
            continue
        named = [m.phrase.target for m in matcher.find(node.words)]
        partners = tuple(dict.fromkeys(a for a in (*node.partners, *named) if a not in node.assigned))
        duties.append(Duty(plan, node, node.assigned, partners))
    return PlanRelations(matcher, document_matcher, tuple(mentioned), tuple(measures), tuple(reports), tuple(duties))


def build(corpus: Corpus, kept: KeptPerPlan[PlanRelations] | None = None) -> Relations:
    """The relations of `corpus`; `kept`: a preview's from its last build, updated."""
    rel = Relations()
    order = {aid: index for index, aid in enumerate(corpus.agencies)}  # file order decides between equal aliases
    children = place_children(corpus)
    for agency in corpus.agencies.values():
        rel.agencies_by_place[agency.place].append(agency.id)
        if agency.successor and agency.successor.agency:
            rel.predecessors[agency.successor.agency].append(agency.id)
    if kept is not None:  # a plan's relations depend on the places and documents it may name,
        kept.start((corpus.places, corpus.references), corpus.plans)

    for plan in corpus.plans_newest_first():
        rel.plans_by_place[plan.place].append(plan)
        for key in dict.fromkeys((*plan.implements, *(k for basis in plan.legal_basis for k in basis.cites))):
            rel.plans_citing[key].append(plan)
        scope = place_scope(corpus, plan.place, children)
        in_scope = sorted((aid for place in scope for aid in rel.agencies_by_place.get(place, ())), key=order.__getitem__)
        make = partial(_plan_relations, corpus, plan, in_scope)
        if kept is None:
            found = make()
        else:  # and on the records of the agencies it may name and of those its reports name (their members)
            reports = [node.reporting() for node in plan.reports()]
            reporting = [aid for report in reports for aid in (*report.reporter, *report.to, *report.via)]
            found = kept.get(plan, make, ([corpus.agencies[a] for a in in_scope], [corpus.agencies.get(a) for a in reporting]))
        rel.matchers[plan.id], rel.document_matchers[plan.id] = found.matcher, found.document_matcher
        for key in found.mentioned:
            rel.plans_mentioning[key].append(plan)
        for node, measure in found.measures:
            rel.measures_by_indicator[measure.indicator].append((plan, node, measure))
        for aid, node in found.reports:
            rel.reports_by_agency[aid].append((plan, node))
        rel.duties_by_plan[plan.id] = found.duties
        for duty in found.duties:
            rel.duties.append(duty)
            rel.duty_of_node[(plan.id, duty.node.id)] = duty
            for aid in duty.agencies:
                rel.duties_by_agency[aid].append(duty)
            for aid in duty.partners:
                rel.mentions_by_agency[aid].append(duty)
    return rel
