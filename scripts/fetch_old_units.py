#!/usr/bin/env python3
"""Unpack the list of administrative units before 1 July 2025 into .venv/share/ for the importer.

`vietnam-provinces` 2025.x (installed) holds the units after the 2025 reform; its 0.6.0 wheel
holds the 63 provinces with their districts and communes. Two versions of one package cannot be
installed together, so the old wheel's data file is taken out of it (pinned by version and hash).
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.6.0"
WHEEL_SHA256 = "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815"
TARGET = Path(sys.prefix) / "share" / f"vietnam-provinces-{VERSION}" / "flat-divisions.json"


def main() -> int:
    if TARGET.exists():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp,
                        f"vietnam-provinces=={VERSION}"], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            print(f"{wheel.name}: sha256 {digest}, cần {WHEEL_SHA256}", file=sys.stderr)
            return 1
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read("vietnam_provinces/data/flat-divisions.json")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
