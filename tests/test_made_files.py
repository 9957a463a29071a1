"""Files the core makes for the engine besides the pages: downloads and search index bundles."""
import gc

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
