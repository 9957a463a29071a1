#!/usr/bin/env python3
"""Leave-one-out score of the importer on the curated plans: `make bench-import`.

For each curated plan, the importer reads the plan's source text with the registries as they were
before the plan was curated (the agencies and places only it uses removed), and its draft is
compared with the curated file, per kind of annotation. Prints one table per run; `--variants`
also scores the seeds rewritten in other shapes a maintainer receives.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from plankb.importer import variants as text_variants
from plankb.importer.importer import import_plan
from plankb.importer.registry import Registry
from plankb.importer.scoring import KINDS, Tally, score
from plankb.importer.words import lost_words

ROOT = Path(__file__).resolve().parent.parent


def curated_plans(plans_dir: Path) -> dict[str, dict]:
    plans = {}
    for path in sorted(plans_dir.glob("*.yml")):
        if (plans_dir / "sources" / f"{path.stem}.txt").exists():
            plans[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return plans


def leave_one_out(plans_dir: Path, shape: str = "seed") -> dict[str, dict]:
    """Per plan: tallies per kind, words lost, seconds."""
    registry = Registry.load(plans_dir)
    plans = curated_plans(plans_dir)
    results = {}
    for plan_id, curated in plans.items():
        source = (plans_dir / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
        text = text_variants.SHAPES[shape](source, curated)
        before = registry.without_plan(curated, [p for k, p in plans.items() if k != plan_id])
        started = time.perf_counter()
        result = import_plan(text, plan_id, before)
        seconds = time.perf_counter() - started
        tallies = score(result.plan, curated, source,
                        draft_agencies=result.registry.all_agencies(), curated_agencies=registry.agencies,
                        draft_places=result.registry.all_places(), curated_places=registry.places)
        results[plan_id] = {"tallies": tallies, "lost": lost_words(text, result), "seconds": seconds}
    return results


def total(results: dict[str, dict], kind: str | None = None) -> Tally:
    out = Tally()
    for result in results.values():
        for name, tally in result["tallies"].items():
            if kind in (None, name):
                out.wanted += tally.wanted
                out.hits += tally.hits
                out.invented += tally.invented
    return out


def table(results: dict[str, dict]) -> str:
    head = "| plan | " + " | ".join(KINDS) + " | all | invented | words lost | s |"
    rows = [head, "|" + "---|" * (len(KINDS) + 5)]
    for plan_id, result in results.items():
        tallies = result["tallies"]
        cells = [f"{t.hits}/{t.wanted}" for t in (tallies[k] for k in KINDS)]
        every = total({plan_id: result})
        rows.append(f"| {plan_id} | " + " | ".join(cells)
                    + f" | **{every.share():.0%}** | {every.invented} | {len(result['lost'])} | {result['seconds']:.2f} |")
    cells = [f"{total(results, k).hits}/{total(results, k).wanted}" for k in KINDS]
    every = total(results)
    lost = sum(len(r["lost"]) for r in results.values())
    rows.append("| **all** | " + " | ".join(cells) + f" | **{every.share():.1%}** | {every.invented} | {lost} | |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=Path, default=ROOT / "plans")
    parser.add_argument("--variants", action="store_true", help="also the seeds in other shapes")
    parser.add_argument("--misses", action="store_true", help="list what each draft missed")
    args = parser.parse_args()
    shapes = list(text_variants.SHAPES) if args.variants else ["seed"]
    for shape in shapes:
        results = leave_one_out(args.plans, shape)
        print(f"\n## {shape}: leave-one-out, {total(results).share():.1%} of the curated annotations\n")
        print(table(results))
        if args.misses:
            for plan_id, result in results.items():
                for kind, tally in result["tallies"].items():
                    for miss in tally.misses:
                        print(f"  {plan_id} {kind} missed: {miss}")
                    for extra in tally.extras:
                        print(f"  {plan_id} {kind} invented: {extra}")
                for word in result["lost"][:20]:
                    print(f"  {plan_id} lost: {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
