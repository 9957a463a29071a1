"""Load every source file into a validated Corpus, or fail with every problem at once."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from plankb import deadlines
from plankb.background import BackgroundJob, map_in_two
from plankb.model import (
    Corpus,
    LegalBasis,
    Measure,
    Node,
    Plan,
    Report,
    Signature,
)
from plankb.preview import KeptPerPlan
from plankb.problems import Problem, ValidationFailed
from plankb.sources import located_yaml, references, registries, schema_check, succession, yaml_parts
from plankb.sources.registries import as_tuple
from plankb.sources.term_usage import Uses, term_usage, unused_terms
from plankb.text import citations

PERCENT_IN_TEXT = re.compile(r"\d\s*%")
# Anchors the page templates use themselves; a node id must not take one of them.
RESERVED_ANCHORS = {"thong-tin", "trich-dan", "noi-nhan", "chu-ky", "lien-quan", "mo-dau"}
DATA_FILES = {"agencies.yml", "places.yml", "indicators.yml"}


class Sources:
    """Where the sources live; tests point this at small fixture folders."""

    def __init__(self, root: Path, docs_dir: Path | None = None) -> None:
        self.root = root
        self.docs_dir = docs_dir or root / "docs"
        self.plans_dir = root / "plans"
        self.glossary = root / "glossary.yml"
        self.bib = self.plans_dir / "references.bib"

    def label(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def hand_written_pages(self) -> list[Path]:
        return sorted(self.docs_dir.rglob("*.md")) if self.docs_dir.is_dir() else []

    def plan_files(self) -> list[Path]:
        return sorted(p for p in self.plans_dir.glob("*.yml") if p.name not in DATA_FILES)


@dataclasses.dataclass
class KeptReads:
    """A preview's: a registry's records parsed again, and checked against the schema again,
    only where its file changed."""
    parts: yaml_parts.Parts = dataclasses.field(default_factory=yaml_parts.Parts)
    valid: schema_check.KeptValid = dataclasses.field(default_factory=schema_check.KeptValid)


def read_yaml(label: str, path: Path, schema: str, kept: KeptReads | None = None) -> tuple[Any, list[Problem], bool]:
    """(parsed data or None, problems, whether the data fits its schema)."""
    data, problems = kept.parts.load(path, label) if kept else located_yaml.load(path, label)
    if data is None:
        return None, problems, False
    schema_problems = (kept.valid.check if kept else schema_check.check)(data, schema, label)
    return data, problems + schema_problems, not schema_problems


# A preview's source files as last read (load_corpus(reuse_reads=True)): label → (digest of the
# bytes, read_yaml's result). Parsing and the schema check depend on nothing else; the checks
# across files are kept apart (_CHECKED).
_READS: dict[str, tuple[bytes, tuple[Any, list[Problem], bool]]] = {}
_REGISTRY_READS = KeptReads()  # of the registries (agencies.yml…)


def _read(label: str, path: Path, schema: str, reuse: bool) -> tuple[Any, list[Problem], bool]:
    if not reuse:
        return read_yaml(label, path, schema)
    try:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return read_yaml(label, path, schema)  # which says what is wrong
    kept = _READS.get(label)
    if kept is None or kept[0] != digest:
        _READS[label] = kept = (digest, read_yaml(label, path, schema, _REGISTRY_READS if schema != "plan" else None))
    return kept[1]


# And the plans made from those reads, by the read's identity (the same object while its file is
# unchanged), with their glossary terms' uses.
_PLANS: dict[str, tuple[Any, Plan]] = {}
_USES: KeptPerPlan[Uses] = KeptPerPlan()


class _KeptChecks:
    """A preview's checks of each plan file against the registries (unknown agencies, places,
    indicators, citation keys; duplicate anchors…): the problems found, kept while the file's
    read is the same object and the ids and indicators it is checked against are equal."""

    def __init__(self) -> None:
        self.against: Any = None
        self.found: dict[str, tuple[Any, list[Problem]]] = {}

    def start(self, against: Any, labels: set[str]) -> None:
        if against != self.against:
            self.against, self.found = against, {}
        self.found = {label: kept for label, kept in self.found.items() if label in labels}

    def get(self, label: str, raw: Any) -> list[Problem] | None:
        kept = self.found.get(label)
        return kept[1] if kept is not None and kept[0] is raw else None

    def put(self, label: str, raw: Any, problems: list[Problem]) -> None:
        self.found[label] = (raw, problems)


_CHECKED = _KeptChecks()
T = TypeVar("T")


class _KeptRegistries:
    """A preview's registries (places, sectors, agencies…), each kept with its problems while the
    reads it is made from are the same objects (their files unchanged) and the citation keys it
    is checked against are equal. Kept, they are the same objects too: what compares a plan's
    registry records from build to build (relations, SamePages) then finds them equal at once."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple, Any, Any, list[Problem]]] = {}

    def get(self, b: _Builder, name: str, reads: tuple, keys: Any, make: Callable[[], T]) -> T:
        kept = self.kept.get(name)
        if kept is not None and kept[1] == keys and all(x is y for x, y in zip(kept[0], reads, strict=True)):
            b.problems += kept[3]
            return kept[2]
        first = len(b.problems)
        made = make()
        self.kept[name] = (reads, keys, made, b.problems[first:])
        return made


_REGISTRIES = _KeptRegistries()


def _plan_of(raw: Any, label: str, reuse: bool) -> Plan:
    if not reuse:
        return _plan(raw, label)
    kept = _PLANS.get(label)
    if kept is None or kept[0] is not raw:
        _PLANS[label] = kept = (raw, _plan(raw, label))
    return kept[1]


class _Builder:
    def __init__(self, sources: Sources, reuse_reads: bool = False) -> None:
        self.sources = sources
        self.reuse_reads = reuse_reads
        self.problems: list[Problem] = []
        self.invalid: set[str] = set()

    def load_yaml(self, path: Path, schema: str, keep_invalid: bool = False) -> Any:
        """The parsed data if it fits its schema; with keep_invalid, parsed data in any case."""
        label = self.sources.label(path)
        return self.take(label, _read(label, path, schema, self.reuse_reads), keep_invalid)

    def take(self, label: str, read: tuple[Any, list[Problem], bool], keep_invalid: bool = False) -> Any:
        """A `read_yaml` result: its problems noted, its data if it fits (any data with keep_invalid)."""
        data, problems, fits = read
        self.problems += problems
        if data is not None and not fits:
            self.invalid.add(label)
        return data if keep_invalid or fits else None

    def problem(self, label: str, line: int, field: str, message: str, code: str, warning: bool = False) -> None:
        self.problems.append(Problem(label, line, field, message, code, warning))

    def unique(self, items: list, label: str, what: str) -> dict:
        out: dict = {}
        for item in items:
            if item["id"] in out:
                self.problem(label, item.line, "id", f"{what} «{item['id']}» bị trùng mã", "E214")
            out[item["id"]] = item
        return out


def _frequencies(value: Any) -> tuple:
    """A report's frequency: one value or a list of them in the YAML, always a tuple in the model."""
    return (value,) if isinstance(value, str) else as_tuple(value)


def _nodes(raws: Any, lines: dict[str, int], inherited: tuple[str, ...] = (), path: str = "") -> tuple[Node, ...]:
    """Sibling nodes; an unnumbered one is told its place among them, as a reader counts it
    ("gạch đầu dòng thứ 2", "đoạn thứ 1")."""
    counted = {"bullet": 0, "paragraph": 0}
    out = []
    for raw in raws or ():
        position = ""
        if not raw.get("number") and raw.get("title") is None:
            kind = "bullet" if raw.get("bullet") else "paragraph"
            counted[kind] += 1
            position = f"{'gạch đầu dòng' if kind == 'bullet' else 'đoạn'} thứ {counted[kind]}"
        out.append(_node(raw, lines, inherited, path, position))
    return tuple(out)


def _node(raw: Any, lines: dict[str, int], inherited: tuple[str, ...] = (), path: str = "", position: str = "") -> Node:
    """The node, frozen, with its number path (V.3.c) and the agencies that its block assigns."""
    report = raw.get("report")
    agencies = as_tuple(raw.get("agencies"))
    number = (raw.get("number") or "").strip(".) ")
    path = f"{path}.{number}" if path and number else (number or path)
    assigned = agencies or inherited
    node = Node(
        id=raw["id"], number=raw.get("number"), title=raw.get("title"), text=raw.get("text"),
        bullet=raw.get("bullet"), kind=raw.get("kind", "text"), agencies=agencies,
        roles=as_tuple(raw.get("roles")), partners=as_tuple(raw.get("partners")),
        measures=tuple(Measure(**m) for m in raw.get("measures") or ()),
        report=Report(
            reporter=as_tuple(report.get("reporter")), to=as_tuple(report.get("to")), via=as_tuple(report.get("via")),
            frequency=_frequencies(report.get("frequency")), deadline=as_tuple(report.get("deadline")),
        ) if report else None,
        note=raw.get("note"), line=raw.line,
        children=_nodes(raw.get("children"), lines, assigned, path),
        assigned=assigned, path=path, position=position,
    )
    lines[node.id] = raw.line
    return node


def _plan(raw: Any, label: str) -> Plan:
    lines: dict[str, int] = {}
    signature = raw.get("signature") or {}
    plan = Plan(
        id=raw["id"], kind=raw["kind"], title=raw["title"], number=raw.get("number"),
        issued=raw.get("issued"), issuer=raw["issuer"], level=raw["level"], place=raw["place"],
        period_from=raw["period"]["from"], period_to=raw["period"]["to"],
        implements=as_tuple(raw.get("implements")),
        legal_basis=tuple(LegalBasis(as_tuple(b["cites"]), b["node"], b["quote"]) for b in raw.get("legal_basis") or ()),
        preamble=_nodes(raw.get("preamble"), lines), body=_nodes(raw["body"], lines), closing=_nodes(raw.get("closing"), lines),
        recipients=as_tuple(raw.get("recipients")),
        signature=Signature(as_tuple(signature.get("authority")), signature.get("title"), signature.get("name")),
        note=raw.get("note"), file=label,
    )
    return plan


def load_corpus(root: Path, in_parallel: bool = False, docs_dir: Path | None = None, reuse_reads: bool = False) -> Corpus:
    """Read and validate all sources under `root` (hand-written pages in `docs_dir`, by default
    root/docs); raise ValidationFailed listing every problem, warnings included in the corpus.
    With `in_parallel`, the sources are read in a forked child (itself reading half of the plan
    files in another: background.py) and the corpus comes back pickled: this process then holds
    the corpus alone, not the parser's leftovers its memory would be strewn with (at 1,000 plans
    250 MiB instead of 440, and the page makers' forks copy less of it). With `reuse_reads` (a
    preview's rebuilds, in one process), source files whose bytes did not change since the last
    load are not parsed again."""
    if in_parallel and hasattr(os, "fork"):
        loaded = BackgroundJob(partial(_corpus_or_problems, root, docs_dir)).result()
        if isinstance(loaded, Corpus):
            return loaded
        raise ValidationFailed(loaded)
    return _load(root, in_parallel, docs_dir, reuse_reads)


def _corpus_or_problems(root: Path, docs_dir: Path | None) -> Corpus | list[Problem]:
    try:
        return _load(root, True, docs_dir, False)
    except ValidationFailed as failed:
        return failed.problems


def _load(root: Path, in_parallel: bool, docs_dir: Path | None, reuse_reads: bool) -> Corpus:
    sources = Sources(root, docs_dir)
    reuse = reuse_reads and not in_parallel
    b = _Builder(sources, reuse)
    refs, ref_problems = references.load(sources.bib, sources.label(sources.bib))
    b.problems += ref_problems

    agencies_raw = b.load_yaml(sources.plans_dir / "agencies.yml", "agencies")
    places_raw = b.load_yaml(sources.plans_dir / "places.yml", "places")
    indicators_raw = b.load_yaml(sources.plans_dir / "indicators.yml", "indicators")
    glossary_raw = b.load_yaml(sources.glossary, "glossary") if sources.glossary.exists() else {"terms": []}
    plan_files = sources.plan_files()
    read = map_in_two(lambda path: _read(sources.label(path), path, "plan", reuse), plan_files, in_parallel)
    if reuse:
        registries_read = {sources.label(p) for p in (sources.glossary, *(sources.plans_dir / n for n in DATA_FILES))}
        for gone in _READS.keys() - {sources.label(path) for path in plan_files} - registries_read:
            del _READS[gone]
        for gone in _PLANS.keys() - _READS.keys():
            del _PLANS[gone]
    plans_raw = {path: b.take(sources.label(path), result, keep_invalid=True) for path, result in zip(plan_files, read, strict=True)}

    agencies_label = sources.label(sources.plans_dir / "agencies.yml")
    places_label = sources.label(sources.plans_dir / "places.yml")
    indicators_label = sources.label(sources.plans_dir / "indicators.yml")
    glossary_label = sources.label(sources.glossary)

    sector_items = b.unique(list((agencies_raw or {}).get("sectors", [])), agencies_label, "ngành")
    agency_items = b.unique(list((agencies_raw or {}).get("agencies", [])), agencies_label, "cơ quan")
    place_items = b.unique(list((places_raw or {}).get("places", [])), places_label, "địa bàn")
    area_items = b.unique(list((indicators_raw or {}).get("areas", [])), indicators_label, "lĩnh vực")
    indicator_items = b.unique(list((indicators_raw or {}).get("indicators", [])), indicators_label, "chỉ số")
    term_items = b.unique(list((glossary_raw or {}).get("terms", [])), glossary_label, "thuật ngữ")

    def cite_check(keys: Any, label: str, line: int, field: str) -> None:
        for key in keys or ():
            if key not in refs and key not in plans_by_id:
                b.problem(label, line, field, f"khóa trích dẫn «{key}» không có trong plans/references.bib", "E207")

    plans_by_id: dict[str, Any] = {}
    for path, raw in plans_raw.items():
        label = sources.label(path)
        if not isinstance(raw, located_yaml.LocatedDict) or not isinstance(raw.get("id"), str):
            continue
        if raw["id"] != path.stem:
            b.problem(label, raw.key_lines["id"], "id", f"mã «{raw['id']}» phải trùng tên tệp «{path.stem}»", "E201")
        if raw["id"] in plans_by_id:
            b.problem(label, raw.key_lines["id"], "id", f"kế hoạch «{raw['id']}» bị trùng mã", "E201")
        plans_by_id[raw["id"]] = (path, raw)

    def registry(name: str, reads: tuple, make: Callable[[], T]) -> T:
        if not reuse:
            return make()
        return _REGISTRIES.get(b, name, reads, (frozenset(refs), frozenset(plans_by_id)), make)

    places = registry("places", (places_raw,), partial(registries.places, b.problem, cite_check, place_items, places_label))
    sectors = registry("sectors", (agencies_raw,), partial(registries.sectors, b.problem, cite_check, sector_items, agencies_label))
    agencies = registry("agencies", (agencies_raw, places_raw), partial(
        registries.agencies, b.problem, cite_check, agency_items, agencies_label, place_items, sectors))
    areas, indicators = registry("indicators", (indicators_raw,), partial(
        registries.indicators, b.problem, cite_check, area_items, indicator_items, indicators_label))
    terms = registry("terms", (glossary_raw,), partial(registries.terms, b.problem, cite_check, term_items, glossary_label))

    plans = {}
    labels = {plan_id: sources.label(path) for plan_id, (path, _) in plans_by_id.items()}
    if reuse:
        _CHECKED.start((frozenset(agency_items), frozenset(place_items), indicators, frozenset(refs), frozenset(plans_by_id)),
                       set(labels.values()))
    for plan_id, (_, raw) in plans_by_id.items():
        label, first = labels[plan_id], len(b.problems)
        kept = _CHECKED.get(label, raw) if reuse else None
        if kept is not None:
            b.problems += kept
        else:
            _check_raw_nodes(b, raw, label, agency_items)
        if label in b.invalid:  # the schema problems are reported; the typed checks need valid data
            plan = None
        else:
            plan = plans[plan_id] = _plan_of(raw, label, reuse)
        if kept is None:
            if plan is not None:
                _check_plan(b, plan, raw, label, agency_items, place_items, indicators, cite_check)
            if reuse:
                _CHECKED.put(label, raw, b.problems[first:])

    succession.check(b.problem, plans, {pid: raw for pid, (_, raw) in plans_by_id.items()}, agencies, sectors, refs,
                     agency_items, agencies_label)
    _check_page_citations(b, sources, lambda key: key in refs or key in plans_by_id)
    errors = [p for p in b.problems if not p.warning]
    if errors:
        raise ValidationFailed(b.problems)
    corpus = Corpus(plans, agencies, sectors, places, indicators, areas, terms, refs, root=root)
    corpus.term_usage = term_usage(corpus, _USES if reuse else None)
    term_lines = {tid: raw.line for tid, raw in term_items.items()}
    corpus.warnings = [p for p in b.problems if p.warning] + unused_terms(corpus, corpus.term_usage, glossary_label, term_lines)
    return corpus


def _check_page_citations(b: _Builder, sources: Sources, known) -> None:
    """[@key] citations in the hand-written pages (docs/), which the build resolves into links."""
    for page in sources.hand_written_pages():
        label = sources.label(page)
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            b.problem(label, 0, "", f"không đọc được trang ({type(err).__name__}); hãy lưu dạng UTF-8", "E001")
            continue
        for line, key in citations.unknown_keys(text, known):
            b.problem(label, line, "", f"khóa trích dẫn «{key}» không có trong plans/references.bib", "E207")


def _raw_nodes(raw: Any):
    """Every mapping under preamble/body/closing, whatever else is wrong with the file."""
    stack = [raw.get(part) for part in ("preamble", "body", "closing")]
    while stack:
        items = stack.pop()
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict):
                yield item
                stack.append(item.get("children"))


def _check_raw_nodes(b: _Builder, raw: Any, label: str, agencies: dict) -> None:
    """Duplicate anchors and unknown agencies, checked even when the file breaks its schema."""
    seen: dict[str, int] = {}
    for node in _raw_nodes(raw):
        node_id, line = node.get("id"), getattr(node, "line", 0)
        if isinstance(node_id, str):
            if node_id in seen:
                b.problem(label, line, "id", f"mã mục «{node_id}» trùng với mục ở dòng {seen[node_id]} (neo liên kết phải duy nhất)", "E202")
            elif node_id in RESERVED_ANCHORS:
                b.problem(label, line, "id", f"mã mục «{node_id}» trùng với neo dành riêng của trang", "E202")
            seen.setdefault(node_id, line)
        report = node.get("report") if isinstance(node.get("report"), dict) else {}
        named = [aid for key in ("reporter", "to", "via") if isinstance(report.get(key), list) for aid in report[key]]
        for field, ids in (("agencies", node.get("agencies")), ("partners", node.get("partners")), ("report", named)):
            for aid in ids if isinstance(ids, list) else []:
                if isinstance(aid, str) and aid not in agencies:
                    b.problem(label, line, field, f"cơ quan «{aid}» không có trong plans/agencies.yml", "E203")


def _check_plan(b: _Builder, plan: Plan, raw: Any, label: str, agencies: dict, places: dict,
                indicators: dict, cite_check) -> None:
    def agency_check(ids: tuple[str, ...], line: int, field: str) -> None:
        for aid in ids:
            if aid not in agencies:
                b.problem(label, line, field, f"cơ quan «{aid}» không có trong plans/agencies.yml", "E203")

    agency_check((plan.issuer,), raw.key_lines["issuer"], "issuer")
    if plan.place not in places:
        b.problem(label, raw.key_lines["place"], "place", f"địa bàn «{plan.place}» không có trong plans/places.yml", "E205")
    if plan.period_from > plan.period_to:
        b.problem(label, raw.key_lines["period"], "period", "năm bắt đầu lớn hơn năm kết thúc", "E211")
    if raw.get("unclassified"):
        b.problem(label, raw.key_lines["unclassified"], "unclassified",
                  f"bản nháp còn {len(raw['unclassified'])} việc chưa xử lý; xử lý xong thì xóa trường này", "E213")
    cite_check(plan.implements, label, raw.key_lines.get("implements", 0), "implements")

    for node in plan.nodes():
        cite_check(citations.keys_in(node.note or ""), label, node.line, "note")
        if node.kind == "duty" and not node.assigned:
            b.problem(label, node.line, "agencies", "nhiệm vụ chưa gắn cơ quan (khối trách nhiệm hoặc chính nhiệm vụ cần «agencies»)", "E212")
        for measure in node.measures:
            indicator = indicators.get(measure.indicator)
            if indicator is None:
                b.problem(label, node.line, "measures.indicator", f"chỉ số «{measure.indicator}» không có trong plans/indicators.yml", "E204")
            elif measure.unit != indicator.unit and not (indicator.unit == "%" and measure.of is not None):
                b.problem(label, node.line, "measures.unit",
                          f"đơn vị «{measure.unit}» mâu thuẫn với đơn vị «{indicator.unit}» của chỉ số «{indicator.id}»", "E209")
        for written in node.report.deadline if node.report else ():
            if date := deadlines.impossible_date(written):
                b.problem(label, node.line, "report.deadline", f"hạn «{date}» trong «{written}» không có trên lịch", "E215")
        if node.kind == "target" and PERCENT_IN_TEXT.search(node.words) and not node.measures:
            b.problem(label, node.line, "measures", "chỉ tiêu có số phần trăm nhưng chưa có «measures»", "E210")

    texts = {node.id: node.words for node in plan.nodes()}
    for basis_raw, basis in zip(raw.get("legal_basis") or (), plan.legal_basis, strict=True):
        cite_check(basis.cites, label, basis_raw.line, "legal_basis.cites")
        if basis.node not in texts:
            b.problem(label, basis_raw.line, "legal_basis.node", f"không có mục «{basis.node}»", "E208")
        elif basis.quote not in texts[basis.node]:
            b.problem(label, basis_raw.line, "legal_basis.quote", f"cụm từ «{basis.quote}» không có trong mục «{basis.node}»", "E208")
