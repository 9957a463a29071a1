"""A preview's folder of generated files (plankb.preview.PageCache): a file is rewritten only when
its content changed, so its modification time tells the engine's dirty build what to render."""
from plankb.preview import PageCache


def test_only_changed_files_are_rewritten_and_gone_files_removed():
    cache = PageCache()
    try:
        text = "# Kế hoạch\n" * 3
        assert cache.update({"a.md": text, "b.md": "# B\n"}) == {"a.md", "b.md"}
        written = cache.file("a.md").stat().st_mtime_ns
        assert cache.update({"a.md": text, "b.md": "# B\n"}) == set()  # the same object, and an equal text
        assert cache.update({"a.md": "".join(["# Kế hoạch\n"] * 3), "b.md": "# B (sửa)\n"}) == {"b.md"}
        assert cache.file("a.md").stat().st_mtime_ns == written
        assert cache.file("b.md").read_text(encoding="utf-8") == "# B (sửa)\n"
        assert cache.update({"b.md": "# B (sửa)\n"}) == {"a.md"} and not cache.file("a.md").exists()
    finally:
        cache.close()
