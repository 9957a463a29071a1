"""Every percentage in a target is a measure in the open data, on a known indicator."""
import json
import re

import pytest
import yaml

from conftest import PLAN_IDS, ROOT

PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")


def target_nodes(nodes):
    for node in nodes:
        if node.get("kind") == "target":
            yield node
        yield from target_nodes(node.get("children") or [])


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_percentage_in_a_target_is_a_measure(site, plan_id):
    source = yaml.safe_load((ROOT / "plans" / f"{plan_id}.yml").read_text(encoding="utf-8"))
    data = json.loads((site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))
    exported = {t["id"]: t for p in data["plans"] if p["id"] == plan_id for t in p["targets"]}
    indicators = {i["id"]: i for i in data["indicators"]}
    targets = list(target_nodes(source["body"]))
    assert targets
    for node in targets:
        percentages = PERCENT.findall(node["text"])
        measures = [m for m in exported[node["id"]]["measures"] if m["unit"].startswith("%")]
        assert len(measures) >= len(percentages), (node["id"], node["text"])
        for measure in exported[node["id"]]["measures"]:
            assert measure["indicator"] in indicators
            assert isinstance(measure["value"], (int, float))


def test_odd_wording_is_kept_as_written(site):
    data = json.loads((site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))
    plan = next(p for p in data["plans"] if p["id"] == "quang-nam-2025")
    odd = [m for t in plan["targets"] for m in t["measures"] if m["as_written"] == "Trên 100%"]
    assert odd and odd[0]["comparator"] == ">" and odd[0]["value"] == 100


def test_ranges_and_counts_are_measures(site):
    data = json.loads((site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))
    measures = [m for p in data["plans"] for t in p["targets"] for m in t["measures"]]
    assert any(m["comparator"] == "range" and m["value"] == 3 and m["value_max"] == 5 for m in measures)
    assert any(m.get("of") == 65 and m["value"] == 50 for m in measures)
    assert any(m["unit"] == "mô hình" and m["value"] == 1 for m in measures)
