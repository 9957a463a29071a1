"""The model's Literal types are the schema's enums: a value the schema admits has a type, and
the type admits nothing the schema refuses."""
from __future__ import annotations

import dataclasses
import json
from typing import get_args

import pytest

from conftest import ROOT
from plankb import model

SCHEMAS = ROOT / "plans" / "schema"


def enum(schema: str, *path: str) -> set:
    node = json.loads((SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8"))
    for step in path:
        node = node[step]
    return {value for value in node["enum"] if value is not None}


@pytest.mark.parametrize("alias,schema,path", [
    (model.Level, "plan", ("$defs", "level")),
    (model.Level, "agencies", ("properties", "agencies", "items", "properties", "level")),
    (model.Level, "places", ("properties", "places", "items", "properties", "level")),
    (model.Role, "plan", ("$defs", "role")),
    (model.NodeKind, "plan", ("$defs", "node", "properties", "kind")),
    (model.Comparator, "plan", ("$defs", "measure", "properties", "comparator")),
    (model.Comparator, "indicators", ("properties", "indicators", "items", "properties", "national", "properties", "comparator")),
    (model.Frequency, "plan", ("$defs", "frequency")),
])
def test_literal_type_is_the_schema_enum(alias, schema, path):
    assert set(get_args(alias)) == enum(schema, *path)


def test_labels_cover_every_level_and_role():
    assert set(model.LEVELS) == set(get_args(model.Level)) and set(model.ROLES) == set(get_args(model.Role))


def test_a_loaded_plan_tree_cannot_be_changed(corpus):
    """Nodes are frozen once the loader built them: a renderer cannot change what another reads."""
    node = next(n for n in corpus.plans["kim-tan-2026"].nodes() if n.kind == "duty")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.text = "đã sửa"  # type: ignore[misc]
    assert isinstance(node.children, tuple) and node.path and node.assigned
