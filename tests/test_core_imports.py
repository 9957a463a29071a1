"""The domain core stands alone: importing every module of plankb loads neither MkDocs nor
Material, and validation imports nothing POSIX-only (fork and its pipes are for the build)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

CORE = sorted(".".join(p.relative_to(ROOT / "src").with_suffix("").parts).removesuffix(".__init__")
              for p in (ROOT / "src" / "plankb").rglob("*.py") if p.stem != "__main__")


def modules_loaded_by(code: str) -> set[str]:
    script = f"import sys; {code}; import json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_no_core_module_imports_mkdocs_or_material():
    loaded = modules_loaded_by("; ".join(f"import {name}" for name in CORE))
    assert {m.split(".")[0] for m in loaded} & {"mkdocs", "material", "properdocs"} == set()
    assert set(CORE) <= loaded and "plankb.pages.plan_page" in CORE


def test_validation_imports_nothing_posix_only():
    loaded = modules_loaded_by("import plankb.sources.loader")
    assert loaded & {"fcntl", "termios", "pwd", "grp", "resource"} == set()
