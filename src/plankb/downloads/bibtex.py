"""BibTeX for downloads: the legal documents, and one generated entry per plan in the corpus."""
from __future__ import annotations

import re

from plankb.model import LEVELS, Corpus, Plan, Reference
from plankb.relations import issued_year

SITE_NAME = "Kho kế hoạch phòng, chống mại dâm"


def _clean(text: str) -> str:
    """Braces and backslashes are taken out, never left to break parsing; white space runs become one space."""
    return " ".join(re.sub(r"[{}\\]", "", str(text)).split())


def _entry(key: str, fields: list[tuple[str, str | None]]) -> str:
    lines = [f"@misc{{{key},"]
    # A value that cleans to nothing (only spaces or braces) is left out, not written as an empty field.
    lines += [f"  {name} = {{{clean}}}," for name, value in fields if value and (clean := _clean(value))]
    return "\n".join(lines).rstrip(",") + "\n}\n"


def reference_entry(reference: Reference) -> str:
    return _entry(reference.key, [
        ("title", reference.title), ("number", reference.number), ("doctype", reference.doctype),
        ("issuer", reference.issuer), ("author", reference.issuer), ("date", reference.date),
        ("year", reference.year or (reference.date or "")[:4] or None), ("note", reference.note), ("url", reference.url),
    ])


def plan_entry(corpus: Corpus, plan: Plan, url: str | None, key: str | None = None, part: str | None = None) -> str:
    """A plan's entry; with `part` ("gạch đầu dòng thứ 2, mục IV.4"), the entry of one of its items."""
    issuer = corpus.agencies[plan.issuer].name
    year = issued_year(corpus, plan)
    note = f"{plan.kind} cấp {LEVELS[plan.level].lower()}, thời kỳ {plan.period}" + ("" if plan.number else "; không rõ số, ký hiệu")
    return _entry(key or plan.id, [
        ("title", plan.title), ("number", plan.number), ("doctype", plan.kind), ("issuer", issuer),
        ("author", issuer), ("date", plan.issued), ("year", str(year) if year else None),
        ("note", f"{part}; {note}" if part else note), ("howpublished", SITE_NAME), ("url", url),
    ])


def library(corpus: Corpus, plan_url) -> str:
    """Every document, then every plan; `plan_url(plan_id)` gives the absolute or relative page URL."""
    entries = [reference_entry(r) for r in sorted(corpus.references.values(), key=lambda r: r.key)]
    entries += [plan_entry(corpus, p, plan_url(p.id)) for p in corpus.plans_newest_first()]
    return "\n".join(entries)


def plan_library(corpus: Corpus, plan: Plan, plan_url) -> str:
    """One plan's own entry and the documents it relies on."""
    keys = dict.fromkeys([*plan.implements, *(k for b in plan.legal_basis for k in b.cites)])
    entries = [plan_entry(corpus, plan, plan_url(plan.id))]
    for key in keys:
        if key in corpus.references:
            entries.append(reference_entry(corpus.references[key]))
        elif key in corpus.plans and key != plan.id:
            entries.append(plan_entry(corpus, corpus.plans[key], plan_url(key)))
    return "\n".join(entries)
