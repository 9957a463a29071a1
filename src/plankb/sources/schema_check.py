"""Check a loaded YAML document against its JSON Schema; messages in Vietnamese with lines.

Two validators for one schema: a compiled one (fastjsonschema, several times faster) answers
"valid or not"; only for an invalid document does jsonschema list every problem with its path.
jsonschema stays the authority: a document the compiled one rejects but jsonschema accepts
(it checks "format", jsonschema here does not) simply has no problems.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, cast

import fastjsonschema
import jsonschema

from plankb.problems import Problem
from plankb.sources.located_yaml import line_of
from plankb.sources.source_text import ISO_DATE, is_real_date, shown

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "plans" / "schema"  # src/plankb/sources/ → the project

TYPE_NAMES = {
    "string": "chuỗi chữ", "integer": "số nguyên", "number": "số", "array": "danh sách",
    "object": "mục có các trường", "null": "null (không rõ)", "boolean": "true/false",
}


@cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _real_date_or_other_shape(value: object) -> bool:
    # Only a value shaped YYYY-MM-DD is checked here: the pattern words a problem of shape.
    return not isinstance(value, str) or not ISO_DATE.fullmatch(value) or is_real_date(value)


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date")(_real_date_or_other_shape)


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(name), format_checker=_FORMATS)


@cache
def _fast_validator(name: str):
    return fastjsonschema.compile(_schema(name), formats={"date": _real_date_or_other_shape})


def is_valid_fast(data: Any, schema: str) -> bool:
    try:
        _fast_validator(schema)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _shown(value: Any) -> str:
    return shown(repr(value), 80)


def _field(path: list[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _message(error: jsonschema.ValidationError) -> tuple[str, str]:
    # jsonschema types these as possibly unset; an error from iter_errors always has them.
    kind, value, instance = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    if kind == "required":
        missing = [k for k in value if k not in (instance or {})]
        return "E101", f"thiếu trường bắt buộc «{', '.join(missing)}»"
    if kind == "type":
        expected = value if isinstance(value, list) else [value]
        names = " hoặc ".join(TYPE_NAMES.get(str(t), str(t)) for t in expected)
        return "E102", f"cần {names}, nhưng gặp {_shown(error.instance)}"
    if kind == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in value)
        return "E103", f"giá trị {_shown(error.instance)} không hợp lệ; chỉ nhận: {allowed}"
    if kind == "pattern":
        if "\\d{4}" in value:
            return "E104", f"ngày {_shown(error.instance)} phải viết dạng YYYY-MM-DD"
        return "E104", (f"mã {_shown(error.instance)} chỉ được gồm chữ thường không dấu, số và dấu gạch ngang "
                        "(ví dụ so-y-te-quang-nam)")
    if kind == "format":
        return "E104", f"ngày {_shown(error.instance)} không có trên lịch (tháng từ 01 đến 12, ngày không quá số ngày của tháng)"
    if kind == "additionalProperties":
        extra = sorted(str(k) for k in set(instance) - set(cast(dict, error.schema).get("properties", {})))
        return "E105", f"trường không có trong lược đồ: «{', '.join(extra)}» (viết sai tên trường?)"
    if kind == "oneOf":
        return "E106", "mỗi mục phải có đúng một trong hai trường «title» (tiêu đề mục) hoặc «text» (lời văn)"
    if kind in ("minLength", "minItems"):
        return "E107", "không được để trống"
    if kind == "uniqueItems":
        return "E103", f"danh sách {_shown(error.instance)} ghi một giá trị hai lần"
    if kind in ("minimum", "maximum"):
        return "E108", f"giá trị {_shown(error.instance)} nằm ngoài khoảng cho phép"
    return "E199", f"không hợp lệ ({kind})"


def _specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a value that may take one of several shapes (a frequency, or a list of them), the
    problem of the shape it has: the deepest one, a wrong type of another shape left aside."""
    if error.validator != "anyOf" or not error.context:
        return error
    shaped = [e for e in error.context if e.validator != "type"] or list(error.context)
    return _specific(max(shaped, key=lambda e: (len(e.absolute_path), e.validator != "enum")))


def check(data: Any, schema: str, label: str) -> list[Problem]:
    if is_valid_fast(data, schema):
        return []
    problems = []
    for error in map(_specific, _validator(schema).iter_errors(data)):
        path = list(error.absolute_path)
        code, message = _message(error)
        problems.append(Problem(label, line_of(data, path), _field(path), message, code))
    return problems


def _lists_of_records(schema: str) -> list[str]:
    """The top-level fields whose schema checks each item of the list on its own (a list type
    and an item schema, no count or uniqueness): a document is valid when its other fields
    are and each item is, whatever the others."""
    properties = _schema(schema).get("properties", {})
    return [name for name, rule in properties.items()
            if rule.get("type") == "array" and "items" in rule and set(rule) <= {"type", "items", "description"}]


class KeptValid:
    """A preview's schema check of a registry read again (yaml_parts keeps each unchanged
    record as the same object): the records found valid last time are not checked again, the
    rest of the document is. Any problem: the whole document is checked, as `check` does, so
    the problems are the same."""

    def __init__(self) -> None:
        # label → the records of its last valid document, by identity (held, so no id is reused)
        self._valid: dict[str, dict[int, Any]] = {}

    def check(self, data: Any, schema: str, label: str) -> list[Problem]:
        kept = self._valid.pop(label, {})
        fields = [f for f in _lists_of_records(schema) if isinstance(data, dict) and isinstance(data.get(f), list)]
        new = {f: [item for item in data[f] if kept.get(id(item)) is not item] for f in fields}
        if not is_valid_fast({**data, **new} if fields else data, schema):
            return check(data, schema, label)
        self._valid[label] = {id(item): item for f in fields for item in data[f]}
        return []
