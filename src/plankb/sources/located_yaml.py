"""Load YAML keeping the line of every mapping, key and list item, for error messages."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, cast

import yaml

from plankb.problems import Problem
from plankb.sources.source_text import CONTROL, SUSPECT_CHARS, control_message, nfc, suspect_message
from plankb.sources.source_text import read as read_text
from plankb.sources.yaml_syntax import line_of_mark, syntax_problem

# Real plans nest about 15 levels (part, section, item, bullet, each a mapping in a list).
MAX_DEPTH = 40
# libyaml's scanner takes time quadratic in the depth of nested [ ] and { } (and its composer
# recursion crashes past ~50,000 levels): deeper brackets than this are refused before parsing.
MAX_BRACKET_DEPTH = 1000
# Longer than any count or year; Python's int() refuses more than 4,300 digits.
MAX_NUMBER_LENGTH = 30


class LocatedDict(dict):
    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


try:
    from yaml import CSafeLoader as _LibYamlLoader
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeLoader as _LibYamlLoader  # type: ignore[assignment]


class _Loader(yaml.SafeLoader):
    """PyYAML's own parser: slower, but its messages are the ones yaml_syntax explains."""


class _FastLoader(_LibYamlLoader):
    """libyaml's parser, about ten times faster."""


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
    assert None not in _cls.yaml_implicit_resolvers  # no resolver for any first character (_scalar)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    _cls.add_constructor("tag:yaml.org,2002:int", _bounded_int)
    _cls.add_constructor("tag:yaml.org,2002:float", _finite_float)

_COLLECTION_TAGS = {None, "!", yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG}


class _Open:
    """A mapping or list being filled from the events, with the field its strings belong to."""

    __slots__ = ("container", "field", "key", "key_line", "has_key")

    def __init__(self, container: LocatedDict | LocatedList, field: str) -> None:
        self.container = container
        self.field = field
        self.key: Any = None
        self.key_line = 0
        self.has_key = False

    def field_of_next(self) -> str:
        return str(self.key) if isinstance(self.container, LocatedDict) else self.field


class _Tree:
    """Builds located mappings and lists from the parser's events, in one pass, without
    recursion (no depth can exhaust the stack) and without expanding aliases (each alias is
    a problem: plan files need none, and a few nested ones make billions of nodes). Every
    string is checked where it is added, so its problems carry line and field."""

    def __init__(self, label: str, field: str = "") -> None:
        self.label = label
        self.field = field  # of the strings of a top-level list (a part of a file: yaml_parts)
        self.problems: list[Problem] = []
        self.refused = False  # an alias or too deep: the tree is not used
        self.open: list[_Open] = []
        self.root: Any = None
        self._aliases: set[tuple[int, str]] = set()

    def build(self, loader: yaml.SafeLoader) -> None:
        documents = 0
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):  # most events: tested first
                self._add(_scalar(loader, event), line_of_mark(event.start_mark), event.style == '"')
            elif isinstance(event, yaml.StreamEndEvent):
                return
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                      "but found another document", cast(Any, event.start_mark))
            elif isinstance(event, yaml.AliasEvent):
                self._alias(event)
                self._add(None, line_of_mark(event.start_mark))
            elif isinstance(event, yaml.CollectionStartEvent):
                self._start(event)
            elif isinstance(event, yaml.CollectionEndEvent):
                done = self.open.pop().container
                self._add(done, done.line)

    def _alias(self, event: yaml.AliasEvent) -> None:
        self.refused = True
        line = line_of_mark(event.start_mark)
        anchor = event.anchor or ""
        if (line, anchor) not in self._aliases:  # one message per alias and line
            self._aliases.add((line, anchor))
            message = f"bí danh YAML «*{event.anchor}» không được dùng trong tệp dữ liệu; hãy viết đầy đủ giá trị"
            self.problems.append(Problem(self.label, line, "", message, "E005"))

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        if event.tag not in _COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(None, None, f"found unsupported tag {event.tag!r}", cast(Any, event.start_mark))
        line = line_of_mark(event.start_mark)
        if len(self.open) == MAX_DEPTH:
            self.refused = True
            self.problems.append(Problem(self.label, line, "", f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp; hãy kiểm tra thụt lề hoặc tách mục", "E006"))
        container: LocatedDict | LocatedList
        if isinstance(event, yaml.MappingStartEvent):
            container = LocatedDict()
            container.key_lines = {}
        else:
            container = LocatedList()
            container.item_lines = []
        container.line = line
        self.open.append(_Open(container, self.open[-1].field_of_next() if self.open else self.field))

    def _add(self, value: Any, line: int, escaped: bool = False) -> None:
        """`escaped`: a double-quoted string, the only kind an escape ("\\x07") can bring a
        control character or decomposed marks into (the file's text has neither: `load`)."""
        if not self.open:
            self.root = value
            return
        top = self.open[-1]
        is_key = isinstance(top.container, LocatedDict) and not top.has_key
        if isinstance(value, str) and (escaped or not value.isascii()):
            value = self._checked(value, top.key_line if top.has_key else line, value if is_key else top.field_of_next())
        if isinstance(top.container, LocatedList):
            top.container.append(value)
            top.container.item_lines.append(line)
        elif is_key:
            if isinstance(value, (dict, list)):  # "{}: x" or "[a]: x"
                self.refused = True
                message = "lỗi cú pháp YAML: tên trường không được là danh sách hay mục; hãy đặt nó trong ngoặc kép"
                self.problems.append(Problem(self.label, line, "", message, "E002"))
                value = repr(value)
            top.key, top.key_line, top.has_key = value, line, True
        else:
            mapping = top.container
            if top.key in mapping:
                self.problems.append(Problem(self.label, top.key_line, str(top.key), f"khóa «{top.key}» bị lặp lại trong cùng một mục", "E003"))
            mapping[top.key] = value
            mapping.key_lines[str(top.key)] = top.key_line
            top.has_key = False

    def _checked(self, text: str, line: int, field: str) -> str:
        """The text in NFC (an escape can still carry decomposed marks); controls refused,
        look-alikes and invisible characters warned about."""
        text = nfc(text)
        if not text.isascii():
            for char in dict.fromkeys(SUSPECT_CHARS.findall(text)):
                self.problems.append(Problem(self.label, line, field, suspect_message(char), "W001", warning=True))
        for match in CONTROL.finditer(text):
            self.problems.append(Problem(self.label, line, field, control_message(match.group()), "E004"))
        return text


def _scalar(loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> Any:
    """The value of a scalar, resolved and constructed as PyYAML's composer would."""
    tag = event.tag
    if tag is None or tag == "!":
        value = event.value
        # What resolve() finds for most scalars, sooner: a quoted one, or a plain one whose first
        # character starts no implicit type (null, bool, number, date), is a string as written.
        if not event.implicit[0] or (value and value[0] not in loader.yaml_implicit_resolvers):
            return value
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    node = yaml.ScalarNode(tag, event.value, cast(Any, event.start_mark), cast(Any, event.end_mark), style=event.style)
    constructor = loader.yaml_constructors.get(tag) or loader.yaml_constructors[None]
    return constructor(loader, node)


_BRACKET = re.compile(r"[\[\]{}]")
_FIELD_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*)\s*:")


def _raw_control_problems(text: str, label: str) -> list[Problem]:
    """Control characters written into the file itself (YAML cannot read past them)."""
    if not CONTROL.search(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        for match in CONTROL.finditer(line):
            field = _FIELD_ON_LINE.match(line)
            problems.append(Problem(label, number, field.group(1) if field else "",
                                    control_message(match.group()), "E004"))
    return problems


def _bracket_depth_problem(text: str, label: str) -> list[Problem]:
    """Brackets nested deeper than MAX_BRACKET_DEPTH, counted without reading YAML (a bracket
    inside quotes counts too: real files come nowhere near the bound)."""
    if text.count("[") + text.count("{") <= MAX_BRACKET_DEPTH:
        return []
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_BRACKET_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            return [Problem(label, line, "", f"ngoặc [ ] hoặc {{ }} lồng nhau quá {MAX_BRACKET_DEPTH} cấp; hãy kiểm tra các ngoặc", "E006")]
    return []


def unreadable(text: str, label: str) -> list[Problem]:
    """The problems that stop a file from being parsed at all (control characters, brackets too deep)."""
    return _raw_control_problems(text, label) or _bracket_depth_problem(text, label)


def load(path: Path, label: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML file into located mappings and lists, its text in NFC.

    Every problem becomes a Problem, never an exception; a file with problems that stop
    reading gives no data. The top of every data file is a mapping of fields."""
    text = read_text(path, label)
    if isinstance(text, Problem):
        return None, [text]
    return load_text(text, label)


def load_text(text: str, label: str) -> tuple[Any, list[Problem]]:
    """`load`, of a file's text (NFC, LF line ends)."""
    if found := unreadable(text, label):
        return None, found
    root, problems = parse(text, label)
    if root is None and problems:
        return None, problems
    if not isinstance(root, LocatedDict):
        what = "tệp trống (hoặc chỉ có chú thích)" if root is None else "tệp phải là các trường «tên: giá trị», không phải danh sách hay một giá trị"
        message = f"{what}; mỗi tệp dữ liệu là một mục có các trường (xem huong-dan/truong-du-lieu/)"
        return None, [Problem(label, getattr(root, "line", 1), "", message, "E007")]
    return root, problems


def parse(text: str, label: str, field: str = "") -> tuple[Any, list[Problem]]:
    """(the located value of `text`, or None with the problems that stop reading it; the
    problems found). `field`: the field of the strings of a top-level list."""
    try:
        tree = _read(_FastLoader, text, label, field)
    except yaml.YAMLError:
        try:  # again with PyYAML, whose messages yaml_syntax explains
            tree = _read(_Loader, text, label, field)
        except yaml.MarkedYAMLError as err:
            return None, [syntax_problem(err, label, text, _Loader)]
        except yaml.YAMLError as err:
            return None, [Problem(label, 0, "", f"lỗi cú pháp YAML: {err}", "E002")]
    if tree.refused:
        return None, tree.problems
    return tree.root, tree.problems


def _read(loader_class: type, text: str, label: str, field: str = "") -> _Tree:
    loader = loader_class(text)
    tree = _Tree(label, field)
    try:
        tree.build(loader)
    finally:
        loader.dispose()
    return tree


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
