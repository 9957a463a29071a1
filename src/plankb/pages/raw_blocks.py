"""Raw HTML blocks set aside one line at a time, before Python-Markdown's own raw HTML pass.

Python-Markdown reads raw HTML with one parser over the whole page, and at the end of every
top-level raw HTML block it copies the rest of the page to see whether a blank line follows
(`HTMLExtractor.handle_endtag` in markdown/htmlparser.py: `self.rawdata[…:]`). A page made of
raw HTML blocks takes time quadratic in its size: a plan of 16,000 paragraphs spent 20 seconds
there, one of 32,000 paragraphs nearly three minutes (most of it the kernel zeroing the copies).

Generated pages have one shape: every raw HTML block is a single line between blank lines, and
the Markdown lines between them (headings) have no "<". On a page of that shape, `RawBlocks` hands
each such line to Python-Markdown's own raw HTML preprocessor alone (a few hundred characters:
nothing is copied but the line) and writes into the page what that preprocessor writes for the
line when it reads the whole page: the same placeholder, stashed in the same order, between the
same blank lines. The later steps see the same text, so the HTML is the same, byte for byte. A page
of any other shape (hand-written pages: inline HTML, lists of links) goes to the usual pass whole.
"""
from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.util import HtmlStash

# After MkDocs's own pass that collects the anchors of raw HTML (priority 21), right before
# Python-Markdown's raw HTML preprocessor ("html_block", 20).
PRIORITY = 20.5
HTML_BLOCK = "html_block"


class RawBlocksPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if HTML_BLOCK not in self.md.preprocessors:
            return lines
        blocks = _one_line_blocks(lines)
        if not blocks:
            return lines  # nothing to gain, or not the shape whose result is known: the usual pass
        stashed = {}
        for at in blocks:
            html = self._alone(lines[at])
            if html is None:
                return lines
            stashed[at] = html
        out: list[str] = []
        done = 0
        for at in blocks:
            placeholder = self.md.htmlStash.store(stashed[at])
            out += lines[done:at]
            out += ["", placeholder, "", ""]  # "\n" + placeholder + "\n\n", as html_block writes it
            done = at + 1
        out += lines[done:]
        return out

    def _alone(self, line: str) -> str | None:
        """What Python-Markdown's raw HTML preprocessor stashes for `line` followed by a blank line,
        when that is exactly the line as one block and nothing else; None otherwise."""
        page_stash = self.md.htmlStash
        self.md.htmlStash = alone = HtmlStash()
        try:
            out = self.md.preprocessors[HTML_BLOCK].run([line, "", ""])
        finally:
            self.md.htmlStash = page_stash
        if alone.html_counter != 1 or alone.rawHtmlBlocks[0] != line + "\n" \
                or out != ["", alone.get_placeholder(0), "", "", "", ""]:
            return None
        return line + "\n"


def _one_line_blocks(lines: list[str]) -> list[int]:
    """Indexes of the lines that open with "<" and are followed by a blank line (and more), when
    every other line has no "<" at all; [] otherwise.

    On such a page Python-Markdown's raw HTML parser is in the same state at the start of each of
    those lines as at the start of a page: a line without "<" changes nothing, and a line that is
    one whole block followed by a blank line (`RawBlocksPreprocessor._alone`) leaves nothing open."""
    blocks = []
    last = len(lines) - 2
    for at, line in enumerate(lines):
        if "<" not in line:
            continue
        if not line.startswith("<") or at >= last or lines[at + 1] != "":
            return []
        blocks.append(at)
    return blocks


class RawBlocks(Extension):
    """Add to the Markdown extensions of a build (see the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(RawBlocksPreprocessor(md), "plankb_raw_blocks", PRIORITY)


def makeExtension(**kwargs) -> RawBlocks:  # noqa: N802 (the name Python-Markdown looks for)
    return RawBlocks(**kwargs)
