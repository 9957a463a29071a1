"""What the importer knows before it reads a plan: the registries as maintainers wrote them.

Raw entries (dicts), not the validated model: a draft is written before the sources validate,
and the importer must run on a checkout whose other plans are still being fixed.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from plankb.model import Reference
from plankb.sources import references as bib
from plankb.sources.source_text import nfc


@dataclass(frozen=True)
class Registry:
    agencies: dict[str, dict]
    places: dict[str, dict]
    indicators: dict[str, dict]
    sectors: dict[str, dict]
    references: dict[str, Reference]
    # Entries the importer proposed in this run (ids it had to create), by registry.
    proposed_agencies: dict[str, dict] = field(default_factory=dict)
    proposed_places: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, plans_dir: Path) -> Registry:
        agencies = _read(plans_dir / "agencies.yml")
        places = _read(plans_dir / "places.yml")
        indicators = _read(plans_dir / "indicators.yml")
        references, _ = bib.load(plans_dir / "references.bib", "plans/references.bib")
        return cls(
            agencies={a["id"]: a for a in agencies.get("agencies") or []},
            places={p["id"]: p for p in places.get("places") or []},
            indicators={i["id"]: i for i in indicators.get("indicators") or []},
            sectors={s["id"]: s for s in agencies.get("sectors") or []},
            references=references,
        )

    def all_agencies(self) -> dict[str, dict]:
        return {**self.agencies, **self.proposed_agencies}

    def all_places(self) -> dict[str, dict]:
        return {**self.places, **self.proposed_places}

    def without_plan(self, plan: dict, others: list[dict]) -> Registry:
        """The registries as they were before `plan` was curated: what only it uses removed."""
        used_elsewhere = {a for other in others for a in agencies_named(other)}
        own_place = plan.get("place")
        place_gone = own_place not in {other.get("place") for other in others}
        gone = {a for a in agencies_named(plan) if a not in used_elsewhere}
        agencies = {k: v for k, v in self.agencies.items()
                    if k not in gone and not (place_gone and v.get("place") == own_place)}
        places = {k: v for k, v in self.places.items() if not (place_gone and k == own_place)}
        return replace(self, agencies=agencies, places=places)


def _nfc_tree(value: object) -> object:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_tree(v) for k, v in value.items()}
    return value


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        tree = _nfc_tree(yaml.safe_load(handle) or {})
    return tree if isinstance(tree, dict) else {}


def _nodes(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _nodes(node.get("children") or [])


def agencies_named(plan: dict) -> set[str]:
    """Every agency id a plan file uses: issuer, blocks, partners, reports."""
    found = {plan["issuer"]} if plan.get("issuer") else set()
    for part in ("preamble", "body", "closing"):
        for node in _nodes(plan.get(part) or []):
            found |= set(node.get("agencies") or []) | set(node.get("partners") or [])
            report = node.get("report") or {}
            for name in ("reporter", "to", "via"):
                found |= set(report.get(name) or [])
    return found
