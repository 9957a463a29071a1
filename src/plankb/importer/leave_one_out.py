"""The importer measured on the curated plans, each imported as if it were new.

For each curated plan, the importer reads the plan's source text (in one of the shapes of
`variants`) with the registries as they were before the plan was curated: the agencies and
places only it uses removed. Its draft is scored against the curated file (`scoring`).
"""
from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from plankb.importer import variants
from plankb.importer.importer import import_plan
from plankb.importer.reading import read_source
from plankb.importer.registry import Registry
from plankb.importer.scoring import KINDS, Tally, score
from plankb.importer.words import lost_words, words

# A file shape: writes the seed's text as a file a maintainer would receive (.docx, .pdf) at the
# path, and returns the words that file holds (or None when they are the text's own).
FileMaker = Callable[[str, Path], Counter[str] | None]


@dataclass
class PlanScore:
    tallies: dict[str, Tally]
    lost: list[str]
    seconds: float


def curated_plans(plans_dir: Path) -> dict[str, dict]:
    """Plans that have their source text next to them: the curated ones."""
    plans = {}
    for path in sorted(plans_dir.glob("*.yml")):
        if (plans_dir / "sources" / f"{path.stem}.txt").exists():
            plans[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return plans


def run(plans_dir: Path, shape: str = "seed", make_file: FileMaker | None = None,
        suffix: str = ".txt") -> dict[str, PlanScore]:
    """Import every curated plan as new, from a file of the given shape, and score it.

    The file goes through the reader as a maintainer's would (`read_source`): a text shape is
    written as a .txt, a file shape by `make_file`. Words lost counts what neither the draft nor
    the reader's and importer's lists of dropped noise hold.
    """
    registry = Registry.load(plans_dir)
    plans = curated_plans(plans_dir)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for plan_id, curated in plans.items():
            source = (plans_dir / "sources" / f"{plan_id}.txt").read_text(encoding="utf-8")
            path = Path(folder) / f"{plan_id}{suffix}"
            held: Counter[str] | None
            if make_file is None:
                path.write_text(variants.SHAPES[shape](source, curated), encoding="utf-8")
                held = words(path.read_text(encoding="utf-8"))
            else:
                held = make_file(source, path)
            before = registry.without_plan(curated, [p for k, p in plans.items() if k != plan_id])
            started = time.perf_counter()
            extracted = read_source(path)
            imported = import_plan(extracted.text, plan_id, before)
            seconds = time.perf_counter() - started
            imported.dropped.extend(noise.text for noise in extracted.dropped)
            tallies = score(imported.plan, curated, source,
                            draft_agencies=imported.registry.all_agencies(), curated_agencies=registry.agencies,
                            draft_places=imported.registry.all_places(), curated_places=registry.places)
            lost = lost_words(extracted.text, imported)
            if held is not None:
                lost += sorted((held - extracted.words_out()).elements())
            results[plan_id] = PlanScore(tallies, lost, seconds)
    return results


def total(results: dict[str, PlanScore], kind: str | None = None) -> Tally:
    out = Tally()
    for result in results.values():
        for name, tally in result.tallies.items():
            if kind in (None, name):
                out.wanted += tally.wanted
                out.hits += tally.hits
                out.invented += tally.invented
    return out


def table(results: dict[str, PlanScore]) -> str:
    """The scores as a Markdown table: per plan and per kind of annotation."""
    rows = ["| plan | " + " | ".join(KINDS) + " | all | invented | words lost | s |",
            "|" + "---|" * (len(KINDS) + 5)]
    for plan_id, result in results.items():
        cells = [f"{result.tallies[k].hits}/{result.tallies[k].wanted}" for k in KINDS]
        every = total({plan_id: result})
        rows.append(f"| {plan_id} | " + " | ".join(cells) + f" | **{every.share():.0%}** | {every.invented} | "
                    f"{len(result.lost)} | {result.seconds:.2f} |")
    cells = [f"{total(results, k).hits}/{total(results, k).wanted}" for k in KINDS]
    every = total(results)
    lost = sum(len(r.lost) for r in results.values())
    rows.append("| **all** | " + " | ".join(cells) + f" | **{every.share():.1%}** | {every.invented} | {lost} | |")
    return "\n".join(rows)
