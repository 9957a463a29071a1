#!/usr/bin/env python3
"""Check every source file and print every problem: `python scripts/validate.py [ROOT]`."""
from __future__ import annotations

import sys
from pathlib import Path

from plankb.problems import ValidationFailed
from plankb.sources.loader import load_corpus


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    for warning in corpus.warnings:
        print(warning, file=sys.stderr)
    if corpus.warnings:
        print(f"{len(corpus.warnings)} cảnh báo: `make build` (chế độ nghiêm ngặt) dừng cho đến khi xử lý xong.", file=sys.stderr)
    duties = sum(len(p.duties()) for p in corpus.plans.values())
    print(f"Hợp lệ: {len(corpus.plans)} kế hoạch, {len(corpus.agencies)} cơ quan, {duties} nhiệm vụ, "
          f"{len(corpus.indicators)} chỉ số, {len(corpus.terms)} thuật ngữ, {len(corpus.references)} văn bản.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
