#!/usr/bin/env python3
"""Draft a plan file from a plan's plain text: `scripts/import_plan.py TEXT --id ID > draft.yml`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plankb.importer.importer import draft_plan
from plankb.sources.yamlio import dump_plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("text", type=Path, help="văn bản kế hoạch (UTF-8)")
    parser.add_argument("--id", dest="plan_id", help="id của kế hoạch (mặc định: tên tệp)")
    args = parser.parse_args()
    try:
        source = args.text.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{args.text}: không đọc được tệp văn bản UTF-8 ({err})", file=sys.stderr)
        return 2
    plan = draft_plan(source, args.plan_id or args.text.stem)
    sys.stdout.write(dump_plan(plan))
    for item in plan["unclassified"]:
        print(f"cần xem lại: {item}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
