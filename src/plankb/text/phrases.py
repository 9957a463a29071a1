"""Find known phrases (agency spellings, glossary terms) in Vietnamese text.

Matches are whole words (a phrase never starts or ends inside a syllable), exact in their
diacritics, longest first, and never overlap. Case is folded only where a phrase allows it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, with common prefixes factored out
    ("an|anh" → "an(?:h)?"): Python's re tries alternatives one by one, a trie letter by letter."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


class PhraseMatcher:
    r"""Candidates are the words of the text that begin a phrase (one regular expression of those
    first words finds them), then compared longest first: linear in the text, whatever the
    number of phrases. The same results as the
    single regex `(?<!\w)(?:longest|…|shortest)(?!\w)` that it replaces (kept for phrases that
    do not start with a letter or digit, and for text whose lower case changes its length)."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self._by_key: dict[tuple[bool, str], Phrase] = {}
        for phrase in phrases:
            text = unicodedata.normalize("NFC", phrase.text)
            key = (phrase.case_sensitive, text if phrase.case_sensitive else text.casefold())
            self._by_key.setdefault(key, phrase)
        ordered = sorted(self._by_key.items(), key=lambda item: -len(item[0][1]))
        parts = []
        self._by_first: dict[str, list[tuple[int, str, bool, Phrase]]] = {}
        self._all_words = True
        for index, ((case_sensitive, _), phrase) in enumerate(ordered):
            text = unicodedata.normalize("NFC", phrase.text)
            body = re.escape(text)
            parts.append(f"(?P<p{index}>{body})" if case_sensitive else f"(?P<p{index}>(?i:{body}))")
            first = _WORD.match(text)
            if first is None or len(text.lower()) != len(text):
                self._all_words = False
                continue
            entry = (len(text), text if case_sensitive else text.lower(), case_sensitive, phrase)
            self._by_first.setdefault(first.group(0).lower(), []).append(entry)
        self._phrases = [phrase for _, phrase in ordered]
        self._first_words = re.compile(r"(?<!\w)(?:" + _trie_pattern(self._by_first) + r")(?!\w)") if self._by_first else None
        # \w is Unicode-aware: a boundary is any non-letter, non-digit character.
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def find(self, text: str) -> list[Match]:
        if self._pattern is None:
            return []
        text = unicodedata.normalize("NFC", text)
        lower = text.lower()
        if not self._all_words or len(lower) != len(text):
            return self._find_by_pattern(text)
        matches = []
        pos = 0
        size = len(text)
        for word in self._first_words.finditer(lower) if self._first_words else ():
            start = word.start()
            if start < pos:
                continue
            for length, key, case_sensitive, phrase in self._by_first.get(word.group(0), ()):
                end = start + length
                if end <= size and (text if case_sensitive else lower)[start:end] == key \
                        and not (end < size and _WORD_CHAR.match(text, end)):
                    matches.append(Match(start, end, phrase))
                    pos = end
                    break
        return matches

    def _find_by_pattern(self, text: str) -> list[Match]:
        matches = []
        assert self._pattern is not None  # made when there are too many phrases to scan
        for found in self._pattern.finditer(text):
            index = int((found.lastgroup or "p0")[1:])
            matches.append(Match(found.start(), found.end(), self._phrases[index]))
        return matches
