"""What `make serve` (`mkdocs serve --dirty`) builds, without a server: run as a script in a fresh
process on a copy of the sources, it builds the way the preview does (the hook told "serve" and
"dirty", the same site folder every time, MkDocs's dirty build), then for each edit of a JSON list
applies it, builds again and copies the site folder to OUT/<k> (OUT/0: the first build) once the
search indexes, which the preview makes after the pages, are in it.

    python tests/dirty_preview.py ROOT OUT EDITS.json [--at-once]    # EDITS: [[path, old, new], ...]

With --at-once, each edit comes as soon as the build before it is done, while that build's search
indexes are still being made (as a maintainer who edits again at once), and only the last site
is copied (OUT/<last>, once its indexes are in it). The log (stderr) has the hook's messages.
"""
from __future__ import annotations

import json
import logging
import shutil
import sys
import threading
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


class IndexesEnded(logging.Handler):
    """Counts the builds whose indexes are in the site, or were stopped by the build after it:
    the hook logs one of two lines for each."""

    def __init__(self) -> None:
        super().__init__()
        self.count, self.changed = 0, threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(("Chỉ mục tìm kiếm và tra cứu:", "Đã dừng tạo tệp tải về và chỉ mục")):
            with self.changed:
                self.count += 1
                self.changed.notify_all()

    def wait(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count >= count, timeout=300), "the indexes never ended"


SERVED_AT = "http://127.0.0.1:8000/"


def main(root: Path, out: Path, edits: list[list[str]], at_once: bool = False) -> int:
    site_dir = out / "serving"
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    ended = IndexesEnded()
    logging.getLogger().addHandler(ended)

    def rebuild(k: int) -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
        config.site_url = SERVED_AT  # as `mkdocs serve` sets it
        if k == 0:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=SERVED_AT, dirty=True)
        if at_once and k < len(edits):
            return
        ended.wait(k + 1)  # the search indexes, made after the build, are in the site
        shutil.copytree(site_dir, out / str(k), symlinks=True)
        if k == len(edits):
            config.plugins.on_shutdown()

    rebuild(0)
    for k, (path, old, new) in enumerate(edits, start=1):
        file = root / path
        if old is None:  # a new file
            file.write_text(new, encoding="utf-8")
        else:
            text = file.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {path}"
            file.write_text(text.replace(old, new, 1), encoding="utf-8")
        rebuild(k)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")),
                  "--at-once" in sys.argv[4:]))
