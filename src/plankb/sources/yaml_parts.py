"""A preview's long registries (agencies.yml at a national scale: tens of thousands of records)
parsed again only where they changed.

A registry ends with a top-level key whose list holds one record per item, every item starting
at the same indentation ("- id: …" or "  - id: …"), nothing else written that far left. Such a
file is cut where the items start; each record is parsed on its own and kept by its text, its
lines moved to where the record now is. A line at that indentation that starts "- " begins a new
item unless it continues a quoted string or a [ ] / { } that began in the item before — and then
that item does not parse on its own, or the whole file holds fewer items than parts: the file is
then parsed whole, as it is when it has any other shape. The result, lines and problems included,
is the whole file's parse (tests/test_yaml_parts.py).
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from plankb.problems import Problem
from plankb.sources import located_yaml
from plankb.sources.located_yaml import LocatedDict, LocatedList
from plankb.sources.source_text import read as read_text

# Shorter files are parsed whole: cutting them saves nothing worth the bookkeeping.
LONGEST_WHOLE = 2000  # lines
_LAST_KEY = re.compile(r"(?m)^([A-Za-z_][\w-]*):[ \t]*$")
_FIRST_ITEM = re.compile(r"(?m)^( *)- ")
_COMMENT_OR_EMPTY = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")


def _items_at(indent: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(where an item starts, a line that is neither in an item nor a comment nor empty) for
    items written at `indent`."""
    return (re.compile(rf"(?m)^{indent}- "),
            re.compile(rf"(?m)^(?!{indent}- | {{{len(indent) + 1},}}\S|[ \t]*#|[ \t]*$)"))


def _shift(value: Any, lines: int) -> None:
    """Move the lines of a located value (a record kept from an earlier parse) by `lines`."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, LocatedDict):
            node.line += lines
            node.key_lines = {key: line + lines for key, line in node.key_lines.items()}
            stack += node.values()
        elif isinstance(node, LocatedList):
            node.line += lines
            node.item_lines = [line + lines for line in node.item_lines]
            stack += node


class Parts:
    """The records of the last parse of each registry, by their text."""

    def __init__(self) -> None:
        # label → record text → (its item, its problems with lines as the parse gave, lines it is moved by now)
        self._kept: dict[str, dict[str, tuple[Any, list[Problem], int]]] = {}

    def load(self, path: Path, label: str) -> tuple[Any, list[Problem]]:
        """located_yaml.load's result for the file."""
        text = read_text(path, label)
        if isinstance(text, Problem):
            return None, [text]
        found = self._in_parts(text, label)
        if found is None:
            self._kept.pop(label, None)
            return located_yaml.load_text(text, label)
        return found

    def _in_parts(self, text: str, label: str) -> tuple[Any, list[Problem]] | None:
        if text.count("\n") < LONGEST_WHOLE or located_yaml.unreadable(text, label):
            return None
        keys = list(_LAST_KEY.finditer(text))
        if not keys:
            return None
        key = keys[-1]
        tail_start = key.end() + 1
        tail = text[tail_start:]
        skipped = _COMMENT_OR_EMPTY.match(tail)  # always matches, perhaps nothing
        first = _FIRST_ITEM.match(tail, skipped.end() if skipped else 0)
        if first is None:
            return None
        item, other = _items_at(first.group(1))
        if other.search(tail):
            return None
        starts = [m.start() for m in item.finditer(tail)]
        header_text = text[:tail_start]
        # Comments and empty lines before the first item go with the header.
        header_text, tail = header_text + tail[:starts[0]], tail[starts[0]:]
        starts = [s - starts[0] for s in starts]
        header, problems = located_yaml.load_text(header_text, label)
        name = key.group(1)
        if header is None or list(header)[-1:] != [name] or header[name] is not None:
            return None
        if label not in self._kept:  # the first time: parsed whole (quicker than part by part), kept by part
            return self._whole(text, label, name, header_text, tail, starts)
        kept, now = self._kept[label], {}
        line = header_text.count("\n") + 1  # of the first item
        items = LocatedList()
        items.item_lines, items.line = [], line
        for start, end in zip(starts, [*starts[1:], len(tail)], strict=True):
            part = tail[start:end]
            record = kept.get(part) if part not in now else None
            if record is None:
                value, found = located_yaml.parse(part, label, name)
                if not isinstance(value, LocatedList) or len(value) != 1:
                    return None  # no record on its own: the file is parsed whole
                record = (value, found, 0)
            value, found, moved = record
            if moved != line - 1:
                _shift(value, line - 1 - moved)
            now[part] = (value, found, line - 1)
            items.append(value[0])
            items.item_lines.append(value.item_lines[0])
            problems += [dataclasses.replace(p, line=p.line + line - 1) if p.line else p for p in found]
            line += part.count("\n")
        self._kept[label] = now
        header[name] = items
        return header, problems

    def _whole(self, text: str, label: str, name: str, header_text: str, tail: str, starts: list[int]) -> tuple[Any, list[Problem]]:
        """The whole file's parse, its records kept by their text for the next parse."""
        data, problems = located_yaml.load_text(text, label)
        items = data.get(name) if isinstance(data, LocatedDict) else None
        # Each item starts at the first column: one item per part, unless a part is no item on its own.
        if not isinstance(items, LocatedList) or len(items) != len(starts):
            return data, problems
        now: dict[str, tuple[Any, list[Problem], int]] = {}
        line = header_text.count("\n") + 1
        for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(tail)], strict=True)):
            part = tail[start:end]
            lines = part.count("\n")
            if items.item_lines[index] != line:
                return data, problems
            record = LocatedList([items[index]])
            record.item_lines, record.line = [line], line
            found = [dataclasses.replace(p, line=p.line - line + 1) for p in problems if line <= p.line < line + lines]
            now.setdefault(part, (record, found, line - 1))
            line += lines
        self._kept[label] = now
        return data, problems
