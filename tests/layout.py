"""What the layout tests measure in the browser and on paper: syllables broken across lines,
elements wider than the window, table rows cut by a page break (from the PDF's tags), syllables of
a page missing from its printout."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

# Every syllable (a run of letters, marks and digits) of the text inside `selector`, with the
# number of distinct line boxes it is drawn on: Range.getClientRects() gives one rectangle per
# line a range is laid out on, so a syllable cut by a line break ("Tỉn|h") has two.
BROKEN_SYLLABLES = r"""selector => {
  const broken = [];
  let syllables = 0;
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.getClientRects().length) continue;  // not rendered
      const word = /[\p{L}\p{M}\p{N}]+/gu;
      for (let m = word.exec(node.data); m; m = word.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        syllables += 1;
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return {syllables, broken};
}"""

# Elements that reach past the window's right edge, but for those inside a box that scrolls
# sideways and itself fits (a wide table in its .kh-scroll): a page a reader must scroll sideways.
# Material's closed drawer sits left of the window (x < 0), which makes nothing scroll.
TOO_WIDE = r"""() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= width + 1) continue;
    let boxed = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) { boxed = true; break; }
    }
    if (!boxed) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.left)}–${Math.round(r.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: out.slice(0, 10)};
}"""

# The text a page shows, one text node at a time (inline elements side by side, "Kim Tân" and a
# "Thực hiện" badge, are separate words on paper though innerText runs them together). Code is
# left out: its monospace font lacks Vietnamese letters, the fallback font's glyphs come apart
# from the others in the PDF ("đột xuấ" … "t") and text extraction cannot put them together.
SHOWN_TEXT = r"""selector => {
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent.getClientRects().length || getComputedStyle(parent).visibility === 'hidden') continue;
      if (parent.closest('code, pre, kbd, samp')) continue;
      out.push(node.data);
    }
  }
  return out.join(' ');
}"""

SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> Counter:
    """The syllables of a text, counted (NFC, case folded)."""
    return Counter(SYLLABLE.findall(unicodedata.normalize("NFC", text).casefold()))


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it in content order (-raw: without it, pdftotext
    joins a word broken after a hyphen at a line's end, "BNV-|BTC" → "BNVBTC")."""
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def table_rows(pdf: Path) -> list[tuple[str, set[int]]]:
    """Each table row of a tagged PDF (Chromium's page.pdf(tagged=True)), read from its structure
    tree: its kind ("/TH" when it holds header cells only) and the pages its content is drawn on.
    A row on two pages was cut by a page break."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(str(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"
    number = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}

    def resolved(item):
        return item.get_object() if isinstance(item, IndirectObject) else item

    def kids(element) -> list:
        k = resolved(element.get("/K"))
        if k is None:
            return []
        return list(k) if isinstance(k, ArrayObject) else [k]

    def pages_of(element, page: int | None) -> set[int]:
        element = resolved(element)
        if not isinstance(element, DictionaryObject):  # a marked-content id, on the inherited page
            return {page} if page is not None else set()
        if "/Pg" in element:
            page = number[element.raw_get("/Pg").idnum]
        if element.get("/Type") == "/OBJR":
            return set()
        if element.get("/Type") == "/MCR":
            return {page} if page is not None else set()
        found: set[int] = set()
        for kid in kids(element):
            found |= pages_of(kid, page)
        return found

    rows: list[tuple[str, set[int]]] = []

    def walk(element) -> None:
        element = resolved(element)
        if not isinstance(element, DictionaryObject):
            return
        if element.get("/S") == "/TR":
            cells = {resolved(k).get("/S") for k in kids(element) if isinstance(resolved(k), DictionaryObject)}
            rows.append(("/TH" if cells == {"/TH"} else "/TD", pages_of(element, None)))
            return
        for kid in kids(element):
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return rows
