"""Build the offline copy for workshops and zip it (`make offline`).

    .venv/bin/python scripts/build_offline.py [dist/ke-hoach-pcmd-offline.zip]

Builds with mkdocs-offline.yml (links to index.html files; the search index is scripts, which load
from a folder), refuses the result if a page would load anything from another host, and zips it
under one folder: unzip, open ke-hoach-pcmd-offline/index.html.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs-offline.yml"
FOLDER = "ke-hoach-pcmd-offline"
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


def build(zip_path: Path = DEFAULT_ZIP) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / FOLDER
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(CONFIG),
                        "-d", str(site)], cwd=ROOT, env=env, check=True)
        remote = remote_resources(site)
        if remote:
            raise SystemExit("Bản offline còn tải tài nguyên từ máy khác:\n" + "\n".join(remote))
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site.parent).as_posix())
    return zip_path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ZIP
    built = build(target)
    print(f"{built} ({built.stat().st_size // 1024} KiB): giải nén, mở {FOLDER}/index.html")
