"""`python -m plankb generate OUT [--root ROOT]`: validate the sources and write the docs folder
an engine without hooks builds: the hand-written pages of ROOT/docs (their [@key] citations
resolved; the trainer guide says the offline copy is not in this build), then every generated
page (glossary terms linked) and download (plankb.site_files).
What only an adapter adds: glossary terms linked in the hand-written pages (in their rendered
HTML), the Vietnamese rules in the header search (material_theme.py)."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from plankb.problems import ValidationFailed
from plankb.site_files import make_site


def write_tree(root: Path, out: Path) -> int:
    """Write the tree; the number of generated files."""
    site = make_site(root, in_parallel=False)
    try:
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(root / "docs", out)
        for page in (root / "docs").rglob("*.md"):
            src = page.relative_to(root / "docs").as_posix()
            (out / src).write_text(site.hand_written(src, page.read_text(encoding="utf-8")), encoding="utf-8")
        for path, content in site.pages.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        shutil.copytree(site.downloads.folder, out, dirs_exist_ok=True)
        site.copy_indexes(out)
        print(site.index_report())
        return len(site.pages) + len(site.downloads.paths) + len(site.indexes.made())
    finally:
        site.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plankb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="ghi thư mục docs đầy đủ (trang viết tay và trang sinh ra) vào OUT")
    make.add_argument("out", type=Path, help="thư mục đích (bị xóa rồi ghi lại)")
    make.add_argument("--root", type=Path, default=Path.cwd(), help="thư mục dự án chứa plans/, glossary.yml, docs/")
    args = parser.parse_args(argv)
    try:
        count = write_tree(args.root, args.out)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    print(f"Đã ghi {count} tệp sinh ra và các trang viết tay vào {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
