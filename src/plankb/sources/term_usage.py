"""Where each glossary term occurs in the plans' text: computed once, with the sources, so that
validation reports an unused term (W301) and the glossary page lists the uses."""
from __future__ import annotations

from collections import defaultdict
from functools import partial

from plankb.model import Corpus, Plan
from plankb.preview import KeptPerPlan
from plankb.problems import Problem
from plankb.text.term_linker import matcher_for, spellings

Usage = dict[str, list[tuple[Plan, str, str, int]]]
Uses = list[tuple[str, str, str, int]]  # one plan's: (term id, anchor, part, occurrences)


def _plan_uses(plan: Plan, matcher) -> Uses:
    parts = [(node.id, node.section, node.words) for node in plan.nodes()]
    if plan.recipients:
        parts.append(("noi-nhan", "nơi nhận", " ; ".join(("Nơi nhận:", *plan.recipients))))
    signature = " ; ".join(filter(None, (*plan.signature.authority, plan.signature.title)))
    if signature:
        parts.append(("chu-ky", "chữ ký", signature))
    uses: Uses = []
    for anchor, path, words in parts:
        counts: dict[str, int] = defaultdict(int)
        for match in matcher.find(words):
            counts[match.phrase.target] += 1
        uses += [(term_id, anchor, path, count) for term_id, count in counts.items()]
    return uses


def term_usage(corpus: Corpus, kept: KeptPerPlan[Uses] | None = None) -> Usage:
    """term id → [(plan, anchor, the part of the plan as a reader names it, occurrences)] over
    every plan's text. `kept`: a preview's uses from its last load, updated."""
    matcher = matcher_for(corpus.terms)
    if kept is not None:  # a plan's uses depend on the terms' spellings, not on their definitions
        kept.start(spellings(corpus.terms), corpus.plans)
    usage: dict[str, list[tuple[Plan, str, str, int]]] = defaultdict(list)
    for plan in corpus.plans_newest_first():
        uses = _plan_uses(plan, matcher) if kept is None else kept.get(plan, partial(_plan_uses, plan, matcher))
        for term_id, anchor, path, count in uses:
            usage[term_id].append((plan, anchor, path, count))
    return usage


def unused_terms(corpus: Corpus, usage: Usage, label: str, lines: dict[str, int]) -> list[Problem]:
    """W301 for each term no plan uses, at the term's line in the glossary."""
    return [Problem(label, lines.get(term.id, 0), term.id, f"thuật ngữ «{term.term}» không xuất hiện trong kế hoạch nào", "W301", True)
            for term in corpus.terms.values() if term.id not in usage]
