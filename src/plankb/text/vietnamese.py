"""Vietnamese text helpers: diacritic folding, URL slugs, alphabetical order, place units."""
from __future__ import annotations

import functools
import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})

# The kind of administrative unit written before a place's name ("huyện Hồng Ngự", "xã Kim Tân").
PLACE_UNIT = re.compile(r"^(thành phố trung ương|thành phố|tỉnh|huyện|thị xã|quận|xã|phường|thị trấn)\s+", re.IGNORECASE)

# Vietnamese alphabet order; tone marks sort after the base letter (a à ả ã á ạ).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str) -> str:
    """Drop every diacritic (đ → d), keep case: 'Đội kiểm tra' → 'Doi kiem tra'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def slugify(text: str, separator: str = "-") -> str:
    """URL/anchor slug without diacritics: 'Đào tạo, bồi dưỡng' → 'dao-tao-boi-duong'."""
    ascii_text = fold(text).lower()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text).strip(separator)


def markdown_slugify(value: str, separator: str = "-") -> str:
    """Signature of Python-Markdown's toc `slugify` option (the default drops `đ`)."""
    return slugify(value, separator)


@functools.cache
def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[:1], decomposed[1:]
    letter = base
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u0302":
            letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u0306":
            letter = "ă" if base == "a" else base
        elif mark == "\u031b":
            letter = {"o": "ơ", "u": "ư"}.get(base, base)
    if letter in _LETTER_RANK:
        return (_LETTER_RANK[letter], tone)
    if letter.isdigit():
        return (-10 + int(letter), 0)
    return (-20, ord(letter))


@functools.lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> tuple:
    """Key for Vietnamese alphabetical order: a ă â b c d đ e ê … then tones, then case."""
    words = text.strip().split()
    letters = tuple(tuple(_letter_key(ch) for ch in word) for word in words)
    return (tuple(tuple(k[0] for k in w) for w in letters), tuple(tuple(k[1] for k in w) for w in letters), text)


def first_letter(text: str) -> str:
    """The letter a term is filed under in an A–Z bar ('Đội 178' → 'Đ', 'ăn' → 'Ă')."""
    for ch in text:
        if ch.isalpha():
            base = unicodedata.normalize("NFD", ch.upper())
            kept = "".join(m for m in base if m not in _TONES)
            return unicodedata.normalize("NFC", kept)
        if ch.isdigit():
            return "0–9"
    return "#"
