"""Files the core makes for the engine besides the pages: downloads and search index bundles."""
import gc
import time

from plankb import site_files
from plankb.site_files import AT_ONCE, Downloads


def test_bundles_are_made_without_the_cyclic_collector_which_is_on_again_after(tmp_path):
    seen = []

    def bundle():
        seen.append(gc.isenabled())
        return {"tim-kiem/s/0/1.js": "KH_IDX();\n", "tim-kiem/chi-muc.js": "KH_IDX();\n"}

    assert gc.isenabled()
    made = Downloads({}, AT_ONCE, [bundle], folder=tmp_path)
    assert seen == [False] and gc.isenabled()
    assert made.texts() == bundle()


def test_a_preview_removes_its_last_sites_files_in_another_process(tmp_path):
    """site_files.remove_in_background: the folders go, deleted by a process of their own (the
    preview's next build keeps the GIL), every file in them included."""
    folders = [tmp_path / "tai-ve", tmp_path / "chi-muc"]
    for folder in folders:
        for n in range(50):
            (folder / f"s/{n % 5}").mkdir(parents=True, exist_ok=True)
            (folder / f"s/{n % 5}/{n}.js").write_text("KH_IDX();\n", encoding="utf-8")
    site_files.remove_in_background(folders)
    deadline = time.monotonic() + 20
    while any(f.exists() for f in folders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(f.exists() for f in folders)
    assert (tmp_path).is_dir()
