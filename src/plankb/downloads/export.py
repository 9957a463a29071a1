"""Open data: ke-hoach.json (the documented contract other tools read) and CSV tables."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from plankb import links
from plankb.links import Linker
from plankb.model import Corpus, Measure, Node, Plan
from plankb.preview import KeptPerPlan
from plankb.relations import Relations

SCHEMA_VERSION = 1


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _measure(m: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": m.indicator, "comparator": m.comparator, "value": _number(m.value),
                           "unit": m.unit, "year": m.year, "scope": m.scope, "as_written": m.as_written}
    if m.value_max is not None:
        out["value_max"] = _number(m.value_max)
    if m.of is not None:
        out["of"] = _number(m.of)
    return out


def _reporting(node: Node, url: str) -> dict[str, Any]:
    report = node.reporting()
    return {"id": node.id, "text": node.words, "url": f"{url}#{node.id}", "reporter": list(report.reporter),
            "to": list(report.to), "via": list(report.via),
            # "frequency" stays one string (or null), as the contract says; "frequencies" lists each.
            "frequency": ", ".join(report.frequency) or None, "frequencies": list(report.frequency),
            "deadline": list(report.deadline)}


def _plan(corpus: Corpus, rel: Relations, plan: Plan, base_url: str, linker: Linker) -> dict[str, Any]:
    url = base_url + linker.url(links.plan_page(plan.id))
    blocks = [n for n in plan.nodes() if n.agencies and n.title is not None]
    return {
        "id": plan.id, "title": plan.title, "kind": plan.kind, "level": plan.level, "place": plan.place,
        "period": {"from": plan.period_from, "to": plan.period_to},
        "number": plan.number, "issued": plan.issued, "issuer": plan.issuer,
        "signer": {"name": plan.signature.name, "title": plan.signature.title,
                   "authority": list(plan.signature.authority)},
        "implements": list(plan.implements),
        "legal_basis": [{"cites": list(b.cites), "quote": b.quote, "node": b.node} for b in plan.legal_basis],
        "recipients": list(plan.recipients),
        "url": url,
        "source": plan.file,
        "targets": [{"id": n.id, "number": n.path, "text": n.words, "url": f"{url}#{n.id}",
                     "measures": [_measure(m) for m in n.measures]} for n in plan.targets()],
        "responsibilities": [{
            "id": block.id, "number": block.path, "heading": block.words, "agencies": list(block.agencies),
            "url": f"{url}#{block.id}",
            "duties": [{"id": d.id, "number": d.path, "text": d.words, "url": f"{url}#{d.id}", "roles": list(d.roles),
                        "agencies": list(d.assigned),
                        "partners": list(rel.duty_of_node[(plan.id, d.id)].partners)}
                       for d in block.walk() if d.kind == "duty"],
        } for block in blocks],
        "duties": [{"id": d.id, "number": d.path, "text": d.words, "url": f"{url}#{d.id}", "roles": list(d.roles),
                    "agencies": list(d.assigned), "partners": list(rel.duty_of_node[(plan.id, d.id)].partners)}
                   for d in plan.duties()],
        "reporting": [_reporting(n, url) for n in plan.reports()],
    }


def plans_json(corpus: Corpus, rel: Relations, base_url: str = "/", linker: Linker | None = None) -> str:
    return "".join(plans_json_parts(corpus, rel, base_url, linker))


def _indented(value: Any, level: int) -> str:
    """`value` as json.dumps(…, indent=1) writes it `level` deep (no JSON string holds a raw line break)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def plans_json_parts(corpus: Corpus, rel: Relations, base_url: str = "/", linker: Linker | None = None) -> Iterator[str]:
    """ke-hoach.json in parts, plan by plan, the same text as one json.dumps(…, indent=1) of it:
    written as they come, the file (62 MB at 1,000 plans) is never held whole, nor its data."""
    linker = linker or Linker()
    yield f'{{\n "schema_version": {SCHEMA_VERSION},\n "plans": ['
    plans = corpus.plans_newest_first()
    for n, plan in enumerate(plans):
        yield ("," if n else "") + "\n  " + _indented(_plan(corpus, rel, plan, base_url, linker), 2)
    rest = {
        "agencies": [{"id": a.id, "name": a.name, "short": a.short, "aliases": list(a.aliases), "level": a.level,
                      "place": a.place, "sector": a.sector, "parent": a.parent, "collective": a.collective,
                      "successor": ({"agency": a.successor.agency, "date": a.successor.date, "note": a.successor.note}
                                    if a.successor else None),
                      "url": base_url + linker.url(links.agency_page(a.id))}
                     for a in corpus.agencies.values()],
        "indicators": [{"id": i.id, "name": i.name, "unit": i.unit, "area": i.area,
                        "national": ({"comparator": i.national.comparator, "value": _number(i.national.value),
                                      "year": i.national.year, "cites": list(i.national.cites)} if i.national else None),
                        "url": base_url + linker.url(links.indicator_page(i.id))}
                       for i in corpus.indicators.values()],
        "places": [{"id": p.id, "name": p.name, "level": p.level, "parent": p.parent} for p in corpus.places.values()],
        "sectors": [{"id": s.id, "name": s.name} for s in corpus.sectors.values()],
    }
    yield ("\n ]," if plans else "],") + _indented(rest, 0).removeprefix("{") + "\n"


# A text cell starting with one of these is a formula to Excel and LibreOffice (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text cell that would start a formula gets a leading apostrophe, which spreadsheets read as
    "this is text" (OWASP's advice); numbers are left alone so they stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# Excel on Windows reads a CSV file as the machine's code page unless it starts with a UTF-8 byte
# order mark: Vietnamese comes out garbled without it.
BOM = "\ufeff"


def _lines(rows: list[list[Any]]) -> str:
    # CRLF as RFC 4180 says: the writer then quotes any cell holding a CR as well as a LF, so a
    # stray CR in a plan's text cannot end the row early (with "\n" it left CR unquoted).
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@dataclass
class KeptRows:
    """A preview's CSV lines of each plan, from its last build: a collection's table is then
    remade from the plans an edit changed, the others' lines joined as they were."""
    targets: KeptPerPlan[str] = field(default_factory=KeptPerPlan)
    duties: KeptPerPlan[str] = field(default_factory=KeptPerPlan)


def _csv(corpus: Corpus, header: list[str], rows_of: Callable[[Plan], list[list[Any]]], kept: KeptPerPlan[str] | None,
         depends: Callable[[Plan], Any] = lambda plan: None) -> str:
    """The table of every plan's rows, newest plan first; `kept`: each plan's lines kept while
    the plan and `depends(plan)` are the same."""
    def lines(plan: Plan) -> str:
        return _lines([[_cell(value) for value in row] for row in rows_of(plan)])

    plans = corpus.plans_newest_first()
    if kept is None:
        parts = [lines(plan) for plan in plans]
    else:
        kept.start(None, corpus.plans)
        parts = [kept.get(plan, partial(lines, plan), depends(plan)) for plan in plans]
    return BOM + _lines([header]) + "".join(parts)


def _target_rows(plan: Plan) -> list[list[Any]]:
    return [[plan.id, node.id, node.path, m.indicator if m else "", m.comparator if m else "",
             _number(m.value) if m else "", m.unit if m else "", m.year if m and m.year else "", node.words]
            for node in plan.targets() for m in (node.measures or (None,))]


def targets_csv(corpus: Corpus, kept: KeptRows | None = None) -> str:
    return _csv(corpus, ["plan", "node", "number", "indicator", "comparator", "value", "unit", "year", "text"],
                _target_rows, kept.targets if kept else None)


def duties_csv(corpus: Corpus, rel: Relations, kept: KeptRows | None = None) -> str:
    def rows(plan: Plan) -> list[list[Any]]:
        return [[d.plan.id, d.node.id, d.node.path, " ".join(d.agencies), " ".join(d.node.roles),
                 " ".join(d.partners), d.node.words] for d in rel.duties_by_plan.get(plan.id, ())]

    # A plan's duties are the same objects while its relations are kept (relations.build).
    return _csv(corpus, ["plan", "node", "number", "agencies", "roles", "partners", "text"], rows, kept.duties if kept else None,
                lambda plan: rel.duties_by_plan.get(plan.id))
