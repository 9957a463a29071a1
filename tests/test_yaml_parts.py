"""A preview parses again only the records of a long registry that an edit changed
(plankb.sources.yaml_parts): after any edit its result — values, lines, problems — is the whole
file's parse."""
from __future__ import annotations

import pytest

from conftest import ROOT
from plankb.sources import located_yaml, schema_check, yaml_parts
from plankb.sources.located_yaml import LocatedDict, LocatedList

LABEL = "plans/agencies.yml"
RECORD = "  - id: so-moi\n    name: \"Sở Mới\u200b\"\n    level: tinh\n    place: dong-thap\n    sector: y-te\n"


def located(value):
    """A parse as a comparable value: every mapping, list and string with its lines."""
    if isinstance(value, LocatedDict):
        return ("map", value.line, sorted(value.key_lines.items()), [(k, located(v)) for k, v in value.items()])
    if isinstance(value, LocatedList):
        return ("list", value.line, list(value.item_lines), [located(v) for v in value])
    return value


@pytest.fixture
def registry(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_parts, "LONGEST_WHOLE", 0)  # the seeds' registry is short
    path = tmp_path / "agencies.yml"
    path.write_text((ROOT / LABEL).read_text(encoding="utf-8"), encoding="utf-8")
    return path


def edit(path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def the_same_as_whole(parts: yaml_parts.Parts, path) -> bool:
    data, problems = parts.load(path, LABEL)
    whole, whole_problems = located_yaml.load(path, LABEL)
    return whole is not None and located(data) == located(whole) and problems == whole_problems


def middle(text: str) -> int:
    return text.index("\n  - id: ", len(text) // 2) + 1


EDITS = {
    "a name": lambda t: t[:t.index("\nagencies:")] + t[t.index("\nagencies:"):].replace("    name: ", "    name: Sửa ", 1),
    "a record added in the middle, with an invisible character": lambda t: t[:middle(t)] + RECORD + t[middle(t):],
    "a record removed": lambda t: t[:middle(t)] + t[t.index("\n  - id: ", middle(t)) + 1:],
    "a record added at the end": lambda t: t + RECORD.replace("so-moi", "so-moi-2"),
    "the same text twice": lambda t: t + RECORD + RECORD,
}


def test_each_edit_parsed_in_parts_gives_the_whole_files_parse(registry):
    parts = yaml_parts.Parts()
    assert the_same_as_whole(parts, registry)
    for name, change in EDITS.items():
        edit(registry, change)
        assert the_same_as_whole(parts, registry), name
    assert any(p.code == "W001" for p in located_yaml.load(registry, LABEL)[1])  # the invisible character, at its new line


def test_only_the_records_an_edit_changed_are_parsed_again(registry, monkeypatch):
    parts = yaml_parts.Parts()
    parts.load(registry, LABEL)
    parsed: list[str] = []
    parse = located_yaml.parse
    monkeypatch.setattr(located_yaml, "parse", lambda text, *args: parsed.append(text) or parse(text, *args))
    edit(registry, EDITS["a name"])
    parts.load(registry, LABEL)
    assert len(parsed) == 2 and parsed[1].startswith("  - id: ") and "name: Sửa " in parsed[1]  # the header, and that record


def test_a_string_that_runs_on_past_an_item_start_is_parsed_whole(registry):
    """A quoted string may go on at a line that looks like the next item: that record does not
    parse on its own, and the file is parsed whole."""
    parts = yaml_parts.Parts()
    parts.load(registry, LABEL)
    edit(registry, lambda t: t.replace('    name: "', '    name: "Dòng một\n  - dòng hai ', 1))
    assert the_same_as_whole(parts, registry)
    assert "Dòng một - dòng hai" in repr(parts.load(registry, LABEL)[0])


def test_a_record_that_no_longer_parses_gives_the_whole_files_problems(registry):
    parts = yaml_parts.Parts()
    parts.load(registry, LABEL)
    edit(registry, lambda t: t[:middle(t)] + "  - id: [hỏng\n" + t[middle(t):])
    data, problems = parts.load(registry, LABEL)
    assert data is None and problems == located_yaml.load(registry, LABEL)[1] and problems[0].code == "E002"


def test_a_registry_read_again_checks_only_its_new_records_against_the_schema(registry, monkeypatch):
    parts, valid = yaml_parts.Parts(), schema_check.KeptValid()
    assert valid.check(parts.load(registry, LABEL)[0], "agencies", LABEL) == []
    checked: list[int] = []
    is_valid = schema_check.is_valid_fast
    monkeypatch.setattr(schema_check, "is_valid_fast", lambda data, schema: checked.append(len(data["agencies"])) or is_valid(data, schema))
    edit(registry, EDITS["a name"])
    assert valid.check(parts.load(registry, LABEL)[0], "agencies", LABEL) == [] and checked == [1]


def test_a_record_made_invalid_gives_the_whole_documents_problems(registry):
    parts, valid = yaml_parts.Parts(), schema_check.KeptValid()
    valid.check(parts.load(registry, LABEL)[0], "agencies", LABEL)
    edit(registry, lambda t: t[:middle(t)] + RECORD.replace("level: tinh", "level: tinh-thanh") + t[middle(t):])
    data = parts.load(registry, LABEL)[0]
    problems = valid.check(data, "agencies", LABEL)
    assert problems and problems == schema_check.check(located_yaml.load(registry, LABEL)[0], "agencies", LABEL)
    assert [p.code for p in problems] == ["E103"] and problems[0].line == registry.read_text(encoding="utf-8").splitlines().index("    level: tinh-thanh") + 1
