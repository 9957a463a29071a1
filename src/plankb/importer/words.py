"""Words in = words out: every word of the text is in the draft or listed as dropped noise."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from plankb.importer import extracted


def words(text: str) -> Counter[str]:
    return Counter(extracted.words(text))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key in ("number", "title", "text", "authority", "name"):
            if key in value:
                yield from _strings(value[key])
        for key in ("preamble", "body", "closing", "children", "recipients", "signature"):
            if key in value:
                yield from _strings(value[key])


def drafted_words(plan: dict) -> Counter[str]:
    texts = [plan.get("kind") or "", plan.get("title") or ""]
    return words(" ".join([*texts, *_strings({k: plan[k] for k in plan if k not in ("kind", "title", "id")})]))


def lost_words(text: str, imported: Any) -> list[str]:
    """Words of `text` neither in the draft nor in what the importer listed as dropped; letter
    case aside (the draft writes the kind "KẾ HOẠCH" as "Kế hoạch")."""
    drafted = drafted_words(imported.plan) + words(" ".join(imported.dropped))
    missing = _lower(words(text)) - _lower(drafted)
    return sorted(missing.elements())


def _lower(counted: Counter[str]) -> Counter[str]:
    return Counter(word.lower() for word in counted.elements())
