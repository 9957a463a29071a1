"""The build's and the preview's temporary folders, named after the process that removes them
(plankb-<kind>-<pid>-…). A process killed before it could (SIGKILL, a closed terminal, a power
cut) leaves its folders behind — a preview's page cache is 600 MB at 1,000 plans —; the next
folder made removes those whose process is gone."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_NAME = re.compile(r"plankb-[a-z-]+-(\d+)-[a-z0-9_]+")


def new_folder(kind: str) -> Path:
    """A new temporary folder for `kind` (letters and hyphens: "xem-truoc"), owned by this process."""
    _remove_orphans()
    return Path(tempfile.mkdtemp(prefix=f"plankb-{kind}-{os.getpid()}-"))


def _remove_orphans() -> None:
    """Removes the folders of processes that are gone (of this machine: give each container its own
    temporary folder, as containers do)."""
    if os.name != "posix":  # elsewhere os.kill(pid, 0) is no question: it stops the process
        return
    for entry in Path(tempfile.gettempdir()).glob("plankb-*"):
        found = _NAME.fullmatch(entry.name)
        if found and entry.is_dir() and not entry.is_symlink() and not _running(int(found.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True
