#!/usr/bin/env python3
"""Leave-one-out score of the importer on the curated plans: `make bench-import`.

Each curated plan is imported as if it were new (the agencies and places only it uses removed
from the registries) and its draft compared with the curated file, per kind of annotation.
`--variants` also scores the seeds in the other shapes maintainers receive (no Markdown marks,
one line per paragraph, hard line breaks, page headers, "1)" numbering, a .docx and a .pdf),
each read as a maintainer's file is (`read_source`).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plankb.importer import leave_one_out, variants

ROOT = Path(__file__).resolve().parent.parent


def file_shapes() -> dict[str, tuple[str, leave_one_out.FileMaker]]:
    """A Word and a PDF file made from each seed, as the tests make them."""
    import doc_fixtures

    return {"docx": (".docx", lambda seed, path: doc_fixtures.make_docx(seed, path).expected),
            "pdf": (".pdf", lambda seed, path: doc_fixtures.make_pdf(seed, path).expected)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=Path, default=ROOT / "plans")
    parser.add_argument("--variants", action="store_true", help="also the seeds in other shapes")
    parser.add_argument("--misses", action="store_true", help="list what each draft missed or invented")
    args = parser.parse_args()
    files = file_shapes() if args.variants else {}
    for shape in [*variants.SHAPES, *files] if args.variants else ["seed"]:
        suffix, make = files.get(shape, (".txt", None))
        results = leave_one_out.run(args.plans, shape, make, suffix)
        print(f"\n## {shape}: leave-one-out, {leave_one_out.total(results).share():.1%} of the curated annotations\n")
        print(leave_one_out.table(results))
        if args.misses:
            for plan_id, result in results.items():
                for kind, tally in result.tallies.items():
                    for miss in tally.misses:
                        print(f"  {plan_id} {kind} missed: {miss}")
                    for extra in tally.extras:
                        print(f"  {plan_id} {kind} invented: {extra}")
                for word in result.lost[:20]:
                    print(f"  {plan_id} lost: {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
