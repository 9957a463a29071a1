"""Load YAML keeping the line of every mapping, key and list item, for error messages."""
from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

# Real plans nest about 15 levels (part, section, item, bullet, each a mapping in a list).
MAX_DEPTH = 40
# Longer than any count or year; Python's int() refuses more than 4,300 digits.
MAX_NUMBER_LENGTH = 30


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


def _bounded_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    # A number of thousands of digits is no year or count: kept as written, the schema refuses
    # its type (Python's int() would raise ValueError past 4,300 digits).
    written = loader.construct_scalar(node)
    if len(written) > MAX_NUMBER_LENGTH:
        return written
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _finite_float(loader: _Loader, node: yaml.ScalarNode) -> float | str:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    return value if math.isfinite(value) else loader.construct_scalar(node)


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    _cls.add_constructor("tag:yaml.org,2002:int", _bounded_int)
    _cls.add_constructor("tag:yaml.org,2002:float", _finite_float)


_CONTEXTS = {
    "while scanning a quoted scalar": "chuỗi trong ngoặc kép bắt đầu ở đây chưa được đóng",
    "while scanning a simple key": "thiếu dấu hai chấm «:» sau tên trường",
    "while parsing a block mapping": "thụt lề không khớp với các trường ở trên",
    "while parsing a block collection": "thụt lề không khớp với các mục «-» ở trên",
    "while parsing a flow sequence": "danh sách trong ngoặc vuông [ ] chưa được đóng",
    "while parsing a flow mapping": "ngoặc nhọn { } chưa được đóng",
    "while scanning a plain scalar": "giá trị chứa ký tự đặc biệt; hãy đặt trong ngoặc kép",
}


def _syntax_problem(err: yaml.MarkedYAMLError, label: str, text: str) -> Problem:
    """Name the line where the broken construct starts, in words a maintainer can act on."""
    opened = _unclosed_quote_line(text, err.problem_mark)
    if opened:
        message = (f"lỗi cú pháp YAML: chuỗi trong ngoặc mở ở dòng này chưa được đóng trên cùng dòng "
                   f"(trình đọc đi tiếp đến dòng {err.problem_mark.line + 1} mới báo lỗi); hãy đóng ngoặc")
        return Problem(label, opened, "", message, "E002")
    mark = err.context_mark or err.problem_mark
    line = mark.line + 1 if mark else 0
    explained = _CONTEXTS.get(err.context or "")
    detail = f"{err.context or ''} {err.problem or ''}".strip()
    found = f" (phát hiện ở dòng {err.problem_mark.line + 1})" if err.problem_mark and err.context_mark else ""
    message = f"lỗi cú pháp YAML: {explained or 'cú pháp không hợp lệ'}{found}; chi tiết: {detail}"
    return Problem(label, line, "", message, "E002")


def _unclosed_quote_line(text: str, problem_mark: yaml.Mark | None) -> int:
    """The line of a quoted value that runs over several lines before the error, if any.

    A quote left open swallows the next lines until some later quote closes it, and the
    parser then complains about indentation far below: the quote is the likelier cause."""
    if problem_mark is None:
        return 0
    opened = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= problem_mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                opened = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return opened


# Characters no plan text needs, which break what reads the downloads (C0 and C1 controls but
# tab and line feed, DEL, lone surrogates from "\ud800" escapes, non-characters).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Look-alikes of Đ/đ and invisible characters inside words: the text looks right but
# linking and search miss it.
_SUSPECT = {"\u00d0": "Ð (U+00D0, chữ Eth, không phải Đ U+0110)", "\u00f0": "ð (U+00F0, chữ eth, không phải đ U+0111)",
            "\u0189": "Ɖ (U+0189, không phải Đ U+0110)", "\u200b": "dấu cách không độ rộng (U+200B)",
            "\u200c": "ký tự nối không độ rộng (U+200C)", "\u200d": "ký tự nối không độ rộng (U+200D)",
            "\u2060": "ký tự nối từ vô hình (U+2060)", "\ufeff": "ký tự BOM giữa văn bản (U+FEFF)",
            "\u00ad": "gạch nối mềm (U+00AD)"}
_SUSPECT_RE = re.compile("[" + "".join(_SUSPECT) + "]")
_FIELD_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*)\s*:")


def _control_message(char: str) -> str:
    return f"ký tự điều khiển U+{ord(char):04X} không được phép trong văn bản (thường do sao chép từ PDF/Word); hãy xóa nó"


def _suspect_message(char: str) -> str:
    return f"văn bản chứa {_SUSPECT[char]}: liên kết và tìm kiếm sẽ không nhận ra từ này; hãy gõ lại"


def _raw_control_problems(text: str, label: str) -> list[Problem]:
    """Control characters written into the file itself (YAML cannot read past them)."""
    if not _CONTROL.search(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        for match in _CONTROL.finditer(line.rstrip("\r")):
            field = _FIELD_ON_LINE.match(line)
            problems.append(Problem(label, number, field.group(1) if field else "",
                                    _control_message(match.group()), "E004"))
    return problems


def _shape_problems(events, label: str) -> list[Problem]:
    """Aliases and nesting depth, from the parser's events (no tree is built yet).

    Plan files need no aliases, and an alias can make a short file expand to billions of
    nodes ("billion laughs"); deep nesting would exhaust the recursion of what reads it."""
    problems = []
    aliases: set[tuple[int, str]] = set()  # one message per alias and line
    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1
            if (line, event.anchor) not in aliases:
                aliases.add((line, event.anchor))
                problems.append(Problem(label, line, "", f"bí danh YAML «*{event.anchor}» không được dùng trong tệp dữ liệu; hãy viết đầy đủ giá trị", "E005"))
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth == MAX_DEPTH + 1:
                problems.append(Problem(label, event.start_mark.line + 1, "",
                                        f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp; hãy kiểm tra thụt lề hoặc tách mục", "E006"))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _text_problems(data: Any, label: str) -> list[Problem]:
    """Every string value: normalised to NFC in place (escapes can still carry decomposed
    text), control characters refused, look-alikes and invisible characters warned about."""
    problems = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        container, field = stack.pop()
        if isinstance(container, LocatedDict):
            items = [(key, value, container.key_lines.get(str(key), container.line), str(key)) for key, value in container.items()]
        else:
            items = [(index, value, line, field) for index, (value, line) in enumerate(zip(container, container.item_lines, strict=True))]
        for key, value, line, name in items:
            if isinstance(value, (LocatedDict, LocatedList)):
                stack.append((value, name))
            elif isinstance(value, str):
                if not unicodedata.is_normalized("NFC", value):
                    value = container[key] = unicodedata.normalize("NFC", value)
                for match in _CONTROL.finditer(value):
                    problems.append(Problem(label, line, name, _control_message(match.group()), "E004"))
                for char in dict.fromkeys(_SUSPECT_RE.findall(value)):
                    problems.append(Problem(label, line, name, _suspect_message(char), "W001", warning=True))
    return problems


def load(path: Path, label: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML file into located mappings and lists, its text in NFC.

    Every problem becomes a Problem, never an exception; a file with problems that stop
    reading gives no data. The top of every data file is a mapping of fields."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(label, 0, "", "không tìm thấy tệp", "E001")]
    except OSError as err:
        return None, [Problem(label, 0, "", f"không đọc được tệp ({err.strerror})", "E001")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [Problem(label, line, "", f"tệp không phải UTF-8 ({err.reason}); hãy lưu lại với mã UTF-8", "E001")]
    # Word (Unikey's "Unicode tổ hợp") and macOS PDFs give decomposed text; all code sees NFC.
    text = unicodedata.normalize("NFC", text)
    control = _raw_control_problems(text, label)
    if control:
        return None, control
    try:
        data, duplicates, shape = _read(_FastLoader, text, label)
    except yaml.YAMLError:
        try:  # again with PyYAML, whose messages _CONTEXTS explains
            data, duplicates, shape = _read(_Loader, text, label)
        except yaml.MarkedYAMLError as err:
            return None, [_syntax_problem(err, label, text)]
        except yaml.YAMLError as err:
            return None, [Problem(label, 0, "", f"lỗi cú pháp YAML: {err}", "E002")]
    if shape:
        return None, shape
    if not isinstance(data, LocatedDict):
        what = "tệp trống (hoặc chỉ có chú thích)" if data is None else "tệp phải là các trường «tên: giá trị», không phải một danh sách hay một giá trị"
        return None, [Problem(label, getattr(data, "line", 1), "", f"{what}; mỗi tệp dữ liệu là một mục có các trường (xem huong-dan/truong-du-lieu/)", "E007")]
    problems = [
        Problem(label, line, key, f"khóa «{key}» bị lặp lại trong cùng một mục", "E003")
        for key, line in duplicates
    ]
    return data, problems + _text_problems(data, label)


def _read(loader_class: type, text: str, label: str) -> tuple[Any, list[tuple[str, int]], list[Problem]]:
    """(data, duplicate keys, shape problems); the tree is built only when its shape is safe."""
    shape = _shape_problems(yaml.parse(text, Loader=loader_class), label)
    if shape:
        return None, [], shape
    return *_parse(loader_class, text), []


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
