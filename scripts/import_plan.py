#!/usr/bin/env python3
"""Draft a plan from its PDF, Word or text file: `scripts/import_plan.py SOURCE --id ID`.

Writes plans/ID.yml (the draft, marked unreviewed), plans/sources/ID.txt (the text it read), and
the agencies and places it had to create at the end of plans/agencies.yml and plans/places.yml;
prints every guess to check as `file:line: …`. Never overwrites without --force.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plankb.importer.drafts import Refused, write
from plankb.importer.importer import import_plan
from plankb.importer.reading import ReadError, read_source
from plankb.importer.registry import Registry
from plankb.text.vietnamese import slugify

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="tệp kế hoạch: .pdf (có lớp chữ), .docx, .txt, .md")
    parser.add_argument("--id", dest="plan_id", help="mã kế hoạch, chữ thường không dấu (mặc định: từ tên tệp)")
    parser.add_argument("--plans", type=Path, default=ROOT / "plans", help="thư mục nguồn (mặc định: plans/)")
    parser.add_argument("--force", action="store_true", help="ghi đè bản nháp và văn bản đã có")
    args = parser.parse_args(argv)
    plan_id = args.plan_id or slugify(args.source.stem)
    if not plan_id or slugify(plan_id) != plan_id:
        print(f"--id «{plan_id}»: mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: tinh-x-2027)",
              file=sys.stderr)
        return 2
    try:
        extracted = read_source(args.source)
    except ReadError as error:
        print(error.message_vi, file=sys.stderr)  # it names the file
        return 2
    imported = import_plan(extracted.text, plan_id, Registry.load(args.plans))
    imported.dropped.extend(noise.text for noise in extracted.dropped)
    # What the reader could not put in the tree stays on the review list, so the build waits for it.
    found = []
    if extracted.ocr:
        found.append(("title", "chữ nhận dạng từ ảnh (OCR): đọc soát từng dòng với bản giấy"))
    for table in extracted.tables:
        where = f"trang {table.page}" if table.page else f"dòng {table.line + 1} của plans/sources/{plan_id}.txt"
        cells = " | ".join(table.rows[0]) if table.rows else ""
        found.append(("body", f"bảng {len(table.rows)} hàng ({where}; «{cells[:60]}») không thuộc cây kế hoạch: "
                              "chép nội dung cần thiết vào mục tương ứng"))
    imported.review[:0] = found
    imported.plan["unclassified"][:0] = [f"{where}: {message}" for where, message in found]
    try:
        written = write(imported, extracted.text, args.plans, force=args.force)
    except Refused as error:
        print(str(error), file=sys.stderr)
        return 2
    for note in extracted.notes:
        print(f"{args.source}: {note}", file=sys.stderr)
    print("Đã ghi: " + ", ".join(str(p) for p in written.files))
    print(f"Cần xem lại {len(written.review)} chỗ (sửa xong thì xóa trường `unclassified` của bản nháp):")
    for line in written.review:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
