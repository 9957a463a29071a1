"""How much of a curated plan file an importer draft fills: per kind of annotation, what the
curated file holds, what the draft got right, and what the draft filled that the curated file
leaves empty (invented).

Nodes are paired by their words, not their ids, so a draft that numbers a node differently still
scores on it. Agencies and places are compared by name (with aliases as written): in a
leave-one-out run the draft proposes new registry ids for what it had to create.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from plankb.text.vietnamese import fold

KINDS = ("metadata", "kind", "agencies", "roles", "partners", "measures", "report")
MEASURE_FIELDS = ("indicator", "comparator", "value", "value_max", "of", "unit", "year", "scope", "as_written")


@dataclass
class Tally:
    wanted: int = 0
    hits: int = 0
    invented: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def extra(self, what: str) -> None:
        self.invented += 1
        self.extras.append(what)

    def add(self, ok: bool, what: str) -> None:
        self.wanted += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(what)

    def share(self) -> float:
        return self.hits / self.wanted if self.wanted else 1.0


def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", fold(text).lower()).strip(" .,;:")


@dataclass
class Names:
    """The names a registry entry is known by: `name`, `short`, `aliases`."""
    entries: dict[str, dict]

    def keys(self, entry_id: str) -> set[str]:
        entry = self.entries.get(entry_id) or {}
        names = [entry.get("name"), entry.get("short"), *(entry.get("aliases") or [])]
        return {_name_key(n) for n in names if n}

    def same(self, mine: str, other: Names, theirs: str) -> bool:
        if mine == theirs and mine in self.entries and theirs in other.entries:
            return True
        own = self.entries.get(mine) or {}
        their = other.entries.get(theirs) or {}
        # The official names agree, or the two share a way the plans write the name.
        return bool(own) and bool(their) and (
            _name_key(own.get("name", "")) == _name_key(their.get("name", ""))
            or bool(self.keys(mine) & other.keys(theirs))
        )


def _walk(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def _words(node: dict) -> str:
    # Not the number: a plan numbered "1)" pairs with its curated "1." copy.
    return _name_key(" ".join(filter(None, [node.get("title"), node.get("text")])))


def _pairs(draft: dict, curated: dict) -> Iterator[tuple[dict, dict | None]]:
    """Each curated node with the draft node of the same words (or None)."""
    drafted: dict[str, list[dict]] = {}
    for part in ("preamble", "body", "closing"):
        for node in _walk(draft.get(part) or []):
            drafted.setdefault(_words(node), []).append(node)
    for part in ("preamble", "body", "closing"):
        for node in _walk(curated.get(part) or []):
            same = drafted.get(_words(node))
            yield node, (same.pop(0) if same else None)


@dataclass
class Scorer:
    draft_agencies: Names
    curated_agencies: Names
    draft_places: Names
    curated_places: Names
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})

    def _agency_list(self, kind: str, where: str, wanted: list[str], got: list[str]) -> None:
        tally = self.tallies[kind]
        for agency in wanted:
            ok = any(self.draft_agencies.same(g, self.curated_agencies, agency) for g in got)
            tally.add(ok, f"{where}: {agency}")
        for g in got:
            if not any(self.draft_agencies.same(g, self.curated_agencies, w) for w in wanted):
                tally.extra(f"{where}: {g}")

    def _values(self, kind: str, where: str, wanted: Any, got: Any) -> None:
        tally = self.tallies[kind]
        if wanted in (None, [], ""):
            if got not in (None, [], ""):
                tally.extra(f"{where}: {got!r}")
        else:
            tally.add(wanted == got, f"{where}: {wanted!r} ≠ {got!r}")

    def _set(self, kind: str, where: str, wanted: Any, got: Any) -> None:
        want, have = _as_list(wanted), _as_list(got)
        for value in want:
            self.tallies[kind].add(value in have, f"{where}: {value}")
        for value in have:
            if value not in want:
                self.tallies[kind].extra(f"{where}: {value!r}")

    def node(self, curated: dict, draft: dict | None) -> None:
        where = curated["id"]
        got = draft or {}
        self._values("kind", where, curated.get("kind"), got.get("kind"))
        self._agency_list("agencies", where, curated.get("agencies") or [], got.get("agencies") or [])
        self._set("roles", where, curated.get("roles"), got.get("roles"))
        self._agency_list("partners", where, curated.get("partners") or [], got.get("partners") or [])
        self.measures(where, curated.get("measures") or [], got.get("measures") or [])
        self.report(where, curated.get("report"), got.get("report"))

    def measures(self, where: str, wanted: list[dict], got: list[dict]) -> None:
        left = list(got)
        for i, measure in enumerate(wanted):
            same = next((m for m in left if m.get("value") == measure.get("value")), None)
            if same is None and left:
                same = left[0]
            if same is not None:
                left.remove(same)
            for name in MEASURE_FIELDS:
                self._values("measures", f"{where}[{i}].{name}", measure.get(name), (same or {}).get(name))
        for m in left:
            self.tallies["measures"].extra(f"{where}: {m.get('as_written')!r}")

    def report(self, where: str, wanted: dict | None, got: dict | None) -> None:
        if wanted is None:
            if got:
                self.tallies["report"].extra(f"{where}: report")
            return
        got = got or {}
        for name in ("reporter", "to", "via"):
            self._agency_list("report", f"{where}.{name}", wanted.get(name) or [], got.get(name) or [])
        self._set("report", f"{where}.frequency", wanted.get("frequency"), got.get("frequency"))
        self._set("report", f"{where}.deadline", wanted.get("deadline"), got.get("deadline"))

    def metadata(self, curated: dict, draft: dict, source_text: str) -> None:
        for name in ("kind", "title", "level"):
            self._values("metadata", name, curated.get(name), draft.get(name))
        for name in ("number", "issued"):
            # Counted only where the text states it: the rest comes from other public sources.
            value = curated.get(name)
            if value is None or _stated(str(value), source_text):
                self._values("metadata", name, value, draft.get(name))
        self._agency_list("metadata", "issuer", [curated["issuer"]] if curated.get("issuer") else [],
                          [draft["issuer"]] if draft.get("issuer") else [])
        place_ok = bool(draft.get("place")) and self.draft_places.same(
            draft["place"], self.curated_places, curated.get("place") or "")
        self.tallies["metadata"].add(place_ok, f"place: {curated.get('place')} ≠ {draft.get('place')}")
        for end in ("from", "to"):
            self._values("metadata", f"period.{end}", (curated.get("period") or {}).get(end),
                         (draft.get("period") or {}).get(end))
        self._set("metadata", "implements", curated.get("implements"), draft.get("implements"))
        self._set("metadata", "legal_basis", [k for b in curated.get("legal_basis") or [] for k in b["cites"]],
                  [k for b in draft.get("legal_basis") or [] for k in b["cites"]])
        signed, drafted = curated.get("signature") or {}, draft.get("signature") or {}
        for name in ("authority", "title", "name"):
            self._values("metadata", f"signature.{name}", signed.get(name), drafted.get(name))
        self._set("metadata", "recipients", curated.get("recipients"), draft.get("recipients"))


def _as_list(value: Any) -> list:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _stated(value: str, text: str) -> bool:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return bool(re.search(rf"0?{int(day)}\s*(/|tháng)\s*0?{int(month)}\s*(/|năm)\s*{year}", text))
    return value in text


def score(draft: dict, curated: dict, source_text: str, *, draft_agencies: dict[str, dict],
          curated_agencies: dict[str, dict], draft_places: dict[str, dict],
          curated_places: dict[str, dict]) -> dict[str, Tally]:
    scorer = Scorer(Names(draft_agencies), Names(curated_agencies), Names(draft_places), Names(curated_places))
    scorer.metadata(curated, draft, unicodedata.normalize("NFC", source_text))
    for curated_node, draft_node in _pairs(draft, curated):
        scorer.node(curated_node, draft_node)
    return scorer.tallies
