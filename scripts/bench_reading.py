#!/usr/bin/env python3
"""Reading benchmark (issue 17): each seed as text, in its text variants, and as a .docx and a
.pdf made from it: words in, words out (text + tables + dropped), dropped, lost, time to read.

    PYTHONPATH=src:tests python scripts/bench_reading.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import doc_fixtures  # tests/: `make bench-import` puts it on PYTHONPATH
from plankb.importer.reading import read_source, words
from source_variants import VARIANTS

ROOT = Path(__file__).resolve().parent.parent
PLANS = ["hong-ngu-2022", "ninh-thuan-2021-2025", "quang-nam-2025", "kim-tan-2026", "quang-tri-2022-2025"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="reads per file; the best time is printed")
    args = parser.parse_args()
    print(f"{'plan':22} {'format':14} {'in':>6} {'out':>6} {'dropped':>7} {'lost':>4} {'tables':>6} {'read ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for plan in PLANS:
            seed_path = ROOT / "plans" / "sources" / f"{plan}.txt"
            seed = seed_path.read_text(encoding="utf-8")
            files: list[tuple[str, Path]] = [("txt (seed)", seed_path)]
            for name, make in VARIANTS.items():
                path = folder / f"{plan}-{name}.txt"
                path.write_text(make(seed), encoding="utf-8")
                files.append((f"txt {name}", path))
            files.append(("docx", doc_fixtures.make_docx(seed, folder / f"{plan}.docx").path))
            files.append(("pdf", doc_fixtures.make_pdf(seed, folder / f"{plan}.pdf").path))
            for label, path in files:
                best = float("inf")
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    extracted = read_source(path)
                    best = min(best, time.perf_counter() - start)
                out = sum(extracted.words_out().values())
                dropped = sum(len(words(n.text)) for n in extracted.dropped)
                lost = extracted.source_words - out
                print(f"{plan:22} {label:14} {extracted.source_words:>6} {out:>6} {dropped:>7} {lost:>4} "
                      f"{len(extracted.tables):>6} {best * 1000:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
