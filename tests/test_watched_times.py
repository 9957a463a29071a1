"""A preview's indexes stop as soon as a file MkDocs watches changes (the hook's _watched_times,
asked by their StopFlag), not once MkDocs has noticed it."""
import os

from test_compiled_templates import _hook


class Config:  # the fields of MkDocsConfig the hook reads
    def __init__(self, root):
        self.docs_dir, self.config_file_path = str(root / "docs"), str(root / "mkdocs.yml")
        self.watch = [str(root / "plans"), str(root / "glossary.yml")]


def test_every_watched_file_is_seen_and_an_edit_changes_what_is_seen(tmp_path):
    for name in ("docs/index.md", "docs/huong-dan/a.md", "plans/kim-tan-2026.yml", "glossary.yml", "mkdocs.yml", "other.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    watched_times = _hook()._watched_times
    seen = watched_times(Config(tmp_path))
    assert sorted(os.path.relpath(p, tmp_path) for p in seen) == [
        "docs/huong-dan/a.md", "docs/index.md", "glossary.yml", "mkdocs.yml", "plans/kim-tan-2026.yml"]
    assert watched_times(Config(tmp_path)) == seen
    os.utime(tmp_path / "docs/huong-dan/a.md", ns=(1, 1))
    assert watched_times(Config(tmp_path)) != seen
