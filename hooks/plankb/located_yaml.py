"""Load YAML keeping the line of every mapping, key and list item, for error messages."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem


class LocatedDict(dict):
    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    duplicates: list[tuple[str, int]]


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (about ten times faster); PyYAML's words the syntax errors we explain."""

    duplicates: list[tuple[str, int]]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):  # "{}: x" or "[a]: x" (libyaml reads them, PyYAML does not)
            raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                    "found unhashable key", key_node.start_mark)
        if key in result:
            loader.duplicates.append((str(key), key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay strings (validated by pattern), so JSON Schema sees what the maintainer wrote.
    return loader.construct_scalar(node)


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


_CONTEXTS = {
    "while scanning a quoted scalar": "chuỗi trong ngoặc kép bắt đầu ở đây chưa được đóng",
    "while scanning a simple key": "thiếu dấu hai chấm «:» sau tên trường",
    "while parsing a block mapping": "thụt lề không khớp với các trường ở trên",
    "while parsing a block collection": "thụt lề không khớp với các mục «-» ở trên",
    "while parsing a flow sequence": "danh sách trong ngoặc vuông [ ] chưa được đóng",
    "while parsing a flow mapping": "ngoặc nhọn { } chưa được đóng",
    "while scanning a plain scalar": "giá trị chứa ký tự đặc biệt; hãy đặt trong ngoặc kép",
}


def _syntax_problem(err: yaml.MarkedYAMLError, label: str) -> Problem:
    """Name the line where the broken construct starts, in words a maintainer can act on."""
    mark = err.context_mark or err.problem_mark
    line = mark.line + 1 if mark else 0
    explained = _CONTEXTS.get(err.context or "")
    detail = f"{err.context or ''} {err.problem or ''}".strip()
    found = f" (phát hiện ở dòng {err.problem_mark.line + 1})" if err.problem_mark and err.context_mark else ""
    message = f"lỗi cú pháp YAML: {explained or 'cú pháp không hợp lệ'}{found}; chi tiết: {detail}"
    return Problem(label, line, "", message, "E002")


def load(path: Path, label: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; a syntax error becomes a Problem, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(label, 0, "", "không tìm thấy tệp", "E001")]
    except UnicodeDecodeError as err:
        return None, [Problem(label, 0, "", f"tệp không phải UTF-8 ({err.reason})", "E001")]
    try:
        data, duplicates = _parse(_FastLoader, text)
    except yaml.YAMLError:
        try:  # again with PyYAML, whose messages _CONTEXTS explains
            data, duplicates = _parse(_Loader, text)
        except yaml.MarkedYAMLError as err:
            return None, [_syntax_problem(err, label)]
        except yaml.YAMLError as err:
            return None, [Problem(label, 0, "", f"lỗi cú pháp YAML: {err}", "E002")]
    problems = [
        Problem(label, line, key, f"khóa «{key}» bị lặp lại trong cùng một mục", "E003")
        for key, line in duplicates
    ]
    return data, problems


def _parse(loader_class: type, text: str) -> tuple[Any, list[tuple[str, int]]]:
    loader = loader_class(text)
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def line_of(data: Any, path: list[str | int]) -> int:
    """The line of the value at `path` (a JSON-Schema error path), or of its nearest parent."""
    line = getattr(data, "line", 0)
    node = data
    for step in path:
        if isinstance(node, LocatedDict) and step in node:
            line = node.key_lines.get(str(step), line)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
