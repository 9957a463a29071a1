"""Find known phrases (agency spellings, glossary terms) in Vietnamese text.

Matches are whole words (a phrase never starts or ends inside a syllable), exact in their
diacritics, longest first, and never overlap. Case is folded only where a phrase allows it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    text: str
    target: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    phrase: Phrase


class PhraseMatcher:
    def __init__(self, phrases: list[Phrase]) -> None:
        self._by_key: dict[tuple[bool, str], Phrase] = {}
        for phrase in phrases:
            text = unicodedata.normalize("NFC", phrase.text)
            key = (phrase.case_sensitive, text if phrase.case_sensitive else text.casefold())
            self._by_key.setdefault(key, phrase)
        ordered = sorted(self._by_key.items(), key=lambda item: -len(item[0][1]))
        parts = []
        for index, ((case_sensitive, _), phrase) in enumerate(ordered):
            body = re.escape(unicodedata.normalize("NFC", phrase.text))
            parts.append(f"(?P<p{index}>{body})" if case_sensitive else f"(?P<p{index}>(?i:{body}))")
        self._phrases = [phrase for _, phrase in ordered]
        # \w is Unicode-aware: a boundary is any non-letter, non-digit character.
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def find(self, text: str) -> list[Match]:
        if self._pattern is None:
            return []
        text = unicodedata.normalize("NFC", text)
        matches = []
        for found in self._pattern.finditer(text):
            index = int(found.lastgroup[1:])
            matches.append(Match(found.start(), found.end(), self._phrases[index]))
        return matches
