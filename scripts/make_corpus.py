"""A synthetic corpus of N plans made from the seeds, for benchmarks.

    .venv/bin/python scripts/make_corpus.py DEST N

Copies the project's sources (plans/, glossary.yml, docs/, hooks/, mkdocs*.yml) into DEST and adds
copies of the seed plans until there are N plans. Copy k renames every plan id, every place below
the national level and every agency of those places (id + "-b<k>", names + " (bản k)"), so each
copy has its own plan, agency and place pages; aliases stay as written, so the plan text still
names its agencies. Copy 0 is the seeds themselves.
"""
from __future__ import annotations

import math
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = {"agencies.yml", "places.yml", "indicators.yml"}
COPY = ["docs", "hooks", "glossary.yml", "mkdocs.yml", "mkdocs-offline.yml", "requirements.txt"]


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


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
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    target = make_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{target}: {len(seed_plans(target))} kế hoạch")
