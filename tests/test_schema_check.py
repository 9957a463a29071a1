"""The compiled schema validator is only a fast path: whenever it accepts a document,
jsonschema (which lists the problems) must accept it too, or problems would go unreported."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, assume, given, settings

from plankb.sources import schema_check
from test_loader_mutations import PLAN_TEXT, mutated_plans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_plans())
def test_fast_validator_never_accepts_what_jsonschema_rejects(text):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        assume(False)
    accepted_by_jsonschema = not list(schema_check._validator("plan").iter_errors(data))
    if schema_check.is_valid_fast(data, "plan"):
        assert accepted_by_jsonschema


def test_an_invalid_plan_still_gets_every_located_problem():
    data = yaml.safe_load(PLAN_TEXT)
    data["level"] = "tinh-thanh"
    data["period"]["from"] = "2026"
    problems = schema_check.check(data, "plan", "plans/x.yml")
    assert sorted((p.field, p.code) for p in problems) == [("level", "E103"), ("period.from", "E102")]


def test_a_report_may_list_its_frequencies_each_from_the_list():
    data = yaml.safe_load(PLAN_TEXT)
    report = next(node["report"] for part in data["body"] for node in _walk(part) if "report" in node)
    for ok in ("hàng năm", None, ["báo cáo nhanh", "hàng tháng", "hàng quý", "hàng năm"]):
        report["frequency"] = ok
        assert schema_check.check(data, "plan", "plans/x.yml") == [], ok
        assert schema_check.is_valid_fast(data, "plan")
    # Each wrong value is worded for the shape it has, at its own place.
    for wrong, field, code in ((["hàng tháng", "mỗi tuần"], "frequency[1]", "E103"), ([], "frequency", "E107"),
                               (["hàng năm", "hàng năm"], "frequency", "E103"), ("mỗi tuần", "frequency", "E103")):
        report["frequency"] = wrong
        found = [(p.field.rsplit(".", 1)[-1], p.code) for p in schema_check.check(data, "plan", "plans/x.yml")]
        assert found == [(field, code)], wrong
        assert not schema_check.is_valid_fast(data, "plan")


def _walk(node: dict):
    yield node
    for child in node.get("children") or ():
        yield from _walk(child)
