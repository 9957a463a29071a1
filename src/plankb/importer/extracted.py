"""What reading a source file gives the importer: its text, its tables, the noise it dropped.

Words are counted the same way everywhere (runs of letters and digits, after NFC), so that
`words in = words out` can be checked: every word of the file is in `text`, in a table or in
`dropped`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, after NFC (marks and punctuation are not words)."""
    return WORD.findall(unicodedata.normalize("NFC", text))


@dataclass
class Table:
    """A table as its rows of cells. `line` is the index in the text's lines where it stood
    (the table came just before that line); `page` is its PDF page (1-based), if any."""
    page: int | None
    line: int
    rows: list[list[str]]


@dataclass
class Noise:
    """Text left out of the plan: a page header or footer, a page number. `page` is the PDF
    page (1-based); `line` the line of a text file (1-based)."""
    text: str
    reason: str
    page: int | None = None
    line: int | None = None


@dataclass
class Extracted:
    """The text of a source file, one logical paragraph per line, numbering as written.

    A paragraph set wholly in bold in the file (a heading) is written `**…**`, as the seeds'
    conversion from PDF did, so that the importer keeps it apart from the next line.
    """
    text: str
    tables: list[Table] = field(default_factory=list)
    dropped: list[Noise] = field(default_factory=list)
    source_words: int = 0
    notes: list[str] = field(default_factory=list)
    ocr: bool = False  # the text came from optical character recognition: every line needs checking

    def words_out(self) -> Counter[str]:
        """Every word this reading kept or listed: text, tables and dropped noise."""
        out = Counter(words(self.text))
        for table in self.tables:
            for row in table.rows:
                for cell in row:
                    out.update(words(cell))
        for noise in self.dropped:
            out.update(words(noise.text))
        return out


class ReadError(Exception):
    """A source file that cannot be read; the message is in Vietnamese, for the maintainer."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
