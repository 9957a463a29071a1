"""A synthetic corpus of N plans made from the seeds, for benchmarks.

    .venv/bin/python scripts/make_corpus.py DEST N [--paragraphs P]

Copies the project's sources (plans/, glossary.yml, docs/, hooks/, src/, mkdocs*.yml) into DEST and adds
copies of the seed plans until there are N plans. Copy k renames every plan id, every place below
the national level and every agency of those places (id + "-b<k>", names + " (bản k)"), so each
copy has its own plan, agency and place pages; aliases stay as written, so the plan text still
names its agencies. Copy 0 is the seeds themselves.

With --paragraphs P, one more plan (`BIG_PLAN`, place and agencies of the seed `BIG_SEED`) has
P paragraphs (items without a title): the seed's body again and again, every item id suffixed
per copy, the last copy cut short. For the build's scaling in one plan's size
(scripts/bench_big_plan.py).
"""
from __future__ import annotations

import argparse
import copy
import math
import re
import shutil
import sys
from pathlib import Path

import yaml

from plankb.sources import yamlio

ROOT = Path(__file__).resolve().parent.parent


REGISTRIES = {"agencies.yml", "places.yml", "indicators.yml"}
BIG_SEED = "ninh-thuan-2021-2025"
BIG_PLAN = "ke-hoach-lon"
COPY = ["docs", "hooks", "overrides", "src", "pyproject.toml", "glossary.yml", "mkdocs.yml", "mkdocs-offline.yml", "requirements.txt"]


def _dump(data: dict) -> str:
    return yamlio.dump(data)  # no aliases: the loader refuses them


def seed_plans(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "plans").glob("*.yml") if p.name not in REGISTRIES)


def make_corpus(dest: Path, count: int, root: Path = ROOT) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        elif source.exists():
            shutil.copy2(source, dest / name)
    shutil.copytree(root / "plans", dest / "plans", dirs_exist_ok=True,
                    ignore=lambda d, names: [n for n in names if n.endswith(".yml") and n not in REGISTRIES
                                             and Path(d) == root / "plans"])
    seeds = seed_plans(root)
    places_doc = yaml.safe_load((root / "plans/places.yml").read_text(encoding="utf-8"))
    agencies_doc = yaml.safe_load((root / "plans/agencies.yml").read_text(encoding="utf-8"))
    places = [p for p in places_doc["places"] if p["level"] != "trung-uong"]
    local = {p["id"] for p in places}
    agencies = [a for a in agencies_doc["agencies"] if a["place"] in local]
    seed_ids = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in seeds]

    written = 0
    for k in range(math.ceil(count / len(seeds))):
        ids = {} if k == 0 else {old: f"{old}-b{k}" for old in [*local, *(a["id"] for a in agencies), *seed_ids]}
        rename = _renamer(ids)
        if k:
            places_doc["places"] += [_place(p, ids, k) for p in places]
            agencies_doc["agencies"] += [_agency(a, ids, k) for a in agencies]
        for path, plan_id in zip(seeds, seed_ids, strict=True):
            if written == count:
                break
            new_id = ids.get(plan_id, plan_id)
            (dest / "plans" / f"{new_id}.yml").write_text(rename(path.read_text(encoding="utf-8")), encoding="utf-8")
            source = root / "plans" / "sources" / f"{plan_id}.txt"
            if source.exists() and k:
                shutil.copy2(source, dest / "plans" / "sources" / f"{new_id}.txt")
            written += 1
    (dest / "plans/places.yml").write_text(_dump(places_doc), encoding="utf-8")
    (dest / "plans/agencies.yml").write_text(_dump(agencies_doc), encoding="utf-8")
    return dest


def big_plan(paragraphs: int, root: Path = ROOT, seed: str = BIG_SEED, plan_id: str = BIG_PLAN) -> dict:
    """The seed plan with `paragraphs` paragraphs: its body repeated, ids suffixed "-r<k>" from
    the second copy on, the last copy cut at `paragraphs` (sections left empty are dropped)."""
    plan = yaml.safe_load((root / "plans" / f"{seed}.yml").read_text(encoding="utf-8"))
    seed_body = plan["body"]
    if not sum(_count_paragraphs(node) for node in seed_body):
        raise ValueError(f"{seed} has no paragraphs to repeat")
    body: list[dict] = []
    left = paragraphs
    k = 0
    while left > 0:
        for node in seed_body:
            if left <= 0:
                break
            taken, left = _cut(node, left, f"-r{k}" if k else "")
            if taken is not None:
                body.append(taken)
        k += 1
    return {**plan, "id": plan_id, "title": f"{plan['title']} (bản lớn: {paragraphs:,} đoạn)", "body": body}


def _count_paragraphs(node: dict) -> int:
    return (node.get("title") is None) + sum(_count_paragraphs(c) for c in node.get("children") or ())


def _cut(node: dict, left: int, suffix: str) -> tuple[dict | None, int]:
    """A copy of `node` with ids suffixed, with at most `left` paragraphs; the paragraphs left."""
    out = {**node, "id": node["id"] + suffix}
    if node.get("title") is None:
        if left <= 0:
            return None, left
        left -= 1
    children = []
    for child in node.get("children") or ():
        if left <= 0:
            break
        taken, left = _cut(child, left, suffix)
        if taken is not None:
            children.append(taken)
    if node.get("children"):
        if not children and node.get("title") is not None:
            return None, left
        out["children"] = children
    return copy.deepcopy(out), left


def add_big_plan(dest: Path, paragraphs: int, root: Path = ROOT) -> Path:
    """Write the big plan into the corpus at `dest` (see big_plan)."""
    path = dest / "plans" / f"{BIG_PLAN}.yml"
    path.write_text(_dump(big_plan(paragraphs, root)), encoding="utf-8")
    return path


def _renamer(ids: dict[str, str]):
    if not ids:
        return lambda text: text
    pattern = re.compile(r"(?<![A-Za-z0-9_-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
                         + r")(?![A-Za-z0-9_-])")
    return lambda text: pattern.sub(lambda m: ids[m.group(1)], text)


def _place(place: dict, ids: dict[str, str], k: int) -> dict:
    out = {**place, "id": ids[place["id"]], "name": f"{place['name']} (bản {k})"}
    if out.get("parent") in ids:
        out["parent"] = ids[out["parent"]]
    out["changes"] = [{**c, "successor": ids.get(c["successor"], c["successor"])} if c.get("successor") else c
                      for c in place.get("changes", [])]
    if not out["changes"]:
        del out["changes"]
    return out


def _agency(agency: dict, ids: dict[str, str], k: int) -> dict:
    out = {**agency, "id": ids[agency["id"]], "name": f"{agency['name']} (bản {k})", "place": ids[agency["place"]]}
    if agency.get("short"):
        out["short"] = f"{agency['short']} (bản {k})"
    if agency.get("parent") in ids:
        out["parent"] = ids[agency["parent"]]
    if agency.get("successor") and agency["successor"].get("agency") in ids:
        out["successor"] = {**agency["successor"], "agency": ids[agency["successor"]["agency"]]}
    if agency.get("members"):  # a copy's group has the copy's members, not the seed's
        out["members"] = [ids.get(m, m) for m in agency["members"]]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("count", type=int, help="number of plans copied from the seeds")
    parser.add_argument("--paragraphs", type=int, help="add one plan with this many paragraphs")
    args = parser.parse_args(argv)
    target = make_corpus(args.dest, args.count)
    if args.paragraphs:
        add_big_plan(target, args.paragraphs)
    print(f"{target}: {len(seed_plans(target))} kế hoạch")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
