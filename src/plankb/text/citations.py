"""`[@key]` and `[@a; @b]` citations: find them, check their keys, turn them into links."""
from __future__ import annotations

import re
from collections.abc import Callable

CITATION = re.compile(r"\[(@[A-Za-z0-9_:-]+(?:\s*;\s*@[A-Za-z0-9_:-]+)*)\]")


def keys_in(text: str) -> list[str]:
    return [key.strip().lstrip("@") for group in CITATION.findall(text) for key in group.split(";")]


def unknown_keys(text: str, known: Callable[[str], bool]) -> list[tuple[int, str]]:
    """(line number, key) of every citation whose key is not known."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        for key in keys_in(line):
            if not known(key):
                out.append((number, key))
    return out


def replace(text: str, render: Callable[[list[str]], str]) -> str:
    """Replace each citation group with `render(keys)`."""
    return CITATION.sub(lambda m: render([k.strip().lstrip("@") for k in m.group(1).split(";")]), text)
