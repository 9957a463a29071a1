"""`python -m plankb generate OUT [--root ROOT]`: validate the sources and write the docs folder
an engine without hooks builds: the hand-written pages of ROOT/docs, then every generated page
and download (plankb.generate). What the MkDocs adapter adds while it renders is not in it:
glossary terms linked into rendered pages, [@key] citations of the hand-written pages resolved,
the search index's Vietnamese folding."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import generate
from .loader import load_corpus
from .problems import ValidationFailed


def write_tree(root: Path, out: Path) -> int:
    """Write the tree; the number of generated files."""
    corpus = load_corpus(root)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "docs", out)
    files = generate.build(corpus).all_files()
    for generated in files:
        path = out / generated.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated.content, encoding="utf-8")
    return len(files)


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
