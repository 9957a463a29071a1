"""Build the offline copy for workshops and zip it (`make offline`; `make deploy` first builds it,
then publishes the site with it, linked from the trainer guide).

    .venv/bin/python scripts/build_offline.py [dist/ke-hoach-pcmd-offline.zip] [--engine properdocs]

Builds with mkdocs-offline.yml (links to index.html files; the search index is scripts, which load
from a folder; the trainer guide says this is the copy), refuses the result if a page would load
anything from another host or if it holds a zip (a copy of itself), and zips it under one folder:
unzip, open ke-hoach-pcmd-offline/index.html. The zip is reproducible: its entries are sorted and
dated SOURCE_DATE_EPOCH (the last commit, as `make` sets it), so the same sources give the same bytes.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from plankb.offline_copy import FOLDER

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs-offline.yml"
DEFAULT_ZIP = ROOT / "dist" / f"{FOLDER}.zip"

# Attributes through which a page loads something (a plain <a href> is a link, not a request).
_LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
_CSS_URL = re.compile(r"""url\(\s*['"]?(https?:)?//""", re.IGNORECASE)


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("alternate", "canonical"):
            return
        for name, value in attrs:
            if (tag, name) in _LOADS and value and re.match(r"^(https?:)?//", value):
                self.remote.append(f"<{tag} {name}={value}>")


def remote_resources(site: Path) -> list[str]:
    """Every place in the built site that would make the browser contact another host."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            problems += [f"{path.relative_to(site)}: {item}" for item in parser.remote]
        elif path.suffix == ".css" and _CSS_URL.search(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(site)}: url(http…)")
    return problems


def _entry_time() -> tuple[int, int, int, int, int, int]:
    """The entries' date: SOURCE_DATE_EPOCH's (UTC; a zip holds no zone), else now; not before 1980."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = time.gmtime(int(epoch) if epoch.isdigit() else time.time())
    return max((1980, 1, 1, 0, 0, 0), tuple(moment[:6]))  # type: ignore[return-value]


def write_zip(site: Path, zip_path: Path) -> None:
    """Every file of `site` under its folder's name, sorted, with one date and one mode."""
    when = _entry_time()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(site.parent).as_posix(), date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)


def build(zip_path: Path = DEFAULT_ZIP, engine: str = "mkdocs") -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / FOLDER
        subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(CONFIG),
                        "-d", str(site)], cwd=ROOT, env=env, check=True)
        remote = remote_resources(site)
        if remote:
            raise SystemExit("Bản offline còn tải tài nguyên từ máy khác:\n" + "\n".join(remote))
        nested = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.zip"))
        if nested:
            raise SystemExit("Bản offline không được chứa tệp .zip (một bản sao của chính nó?): " + ", ".join(nested))
        write_zip(site, zip_path)
    return zip_path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Dựng bản sao ngoại tuyến và nén thành một tệp .zip.")
    parser.add_argument("zip", nargs="?", type=Path, default=DEFAULT_ZIP, help=f"tệp .zip (mặc định {DEFAULT_ZIP.relative_to(ROOT)})")
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "properdocs"], help="công cụ dựng trang")
    args = parser.parse_args()
    built = build(args.zip, args.engine)
    print(f"{built} ({built.stat().st_size // 1024} KiB): giải nén, mở {FOLDER}/index.html")
