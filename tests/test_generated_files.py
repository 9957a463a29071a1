"""A dirty preview keeps the File of each generated page from build to build (the hook's
_GeneratedFiles), without what MkDocs added to it during the last build."""
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from test_compiled_templates import _hook


def _config(tmp_path: Path, directory_urls: bool = True):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nuse_directory_urls: {str(directory_urls).lower()}\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "mkdocs_hooks"  # as MkDocs sets it while it runs the hook's on_files
    return config


def test_a_kept_file_comes_back_without_the_last_builds_page_and_inclusion(tmp_path):
    config, kept = _config(tmp_path), _hook()._GeneratedFiles()
    first = kept.of(config, tmp_path / "cache", ["ke-hoach/a.md", "co-quan/b.md"])
    for file in first:  # what a build adds
        Page(None, file, config)
        file.inclusion = InclusionLevel.NOT_IN_NAV
    second = kept.of(config, tmp_path / "cache", ["ke-hoach/a.md", "co-quan/c.md"])
    assert second[0] is first[0]
    assert (second[0].page, second[0].inclusion) == (None, InclusionLevel.UNDEFINED)
    assert [f.src_uri for f in second] == ["ke-hoach/a.md", "co-quan/c.md"]
    assert second[1].abs_src_path == f"{tmp_path / 'cache'}/co-quan/c.md"
    assert second[1].url == "co-quan/c/"


def test_files_are_made_again_when_the_url_form_changes(tmp_path):
    kept = _hook()._GeneratedFiles()
    first = kept.of(_config(tmp_path), tmp_path / "cache", ["ke-hoach/a.md"])
    again = kept.of(_config(tmp_path, directory_urls=False), tmp_path / "cache", ["ke-hoach/a.md"])
    assert again[0] is not first[0]
    assert (first[0].url, again[0].url) == ("ke-hoach/a/", "ke-hoach/a.html")


def test_a_generated_file_is_made_again_exactly_when_its_output_is_missing(tmp_path):
    """The hook removes the output of each file whose text changed, so an output still there is
    current, whatever the times on disk say."""
    config = _config(tmp_path)
    file = _hook()._GeneratedFiles().of(config, tmp_path / "cache", ["co-quan/b.md"])[0]
    assert file.is_modified()
    output = Path(file.abs_dest_path)
    output.parent.mkdir(parents=True)
    output.write_text("<p>trang cũ</p>", encoding="utf-8")
    (tmp_path / "cache" / "co-quan").mkdir(parents=True)
    Path(file.abs_src_path).write_text("# Trang mới hơn\n", encoding="utf-8")  # newer than the output
    assert not file.is_modified()
    output.unlink()
    assert file.is_modified()
