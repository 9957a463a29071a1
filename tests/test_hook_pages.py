"""What the hook leaves of a page MkDocs has converted (on_page_content)."""
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from test_compiled_templates import _hook


class Progress:
    def step(self) -> None:
        pass


class Site:  # what on_page_content asks of plankb.site_files.Site
    def link_terms(self, src: str, html: str) -> str:
        return html.replace("mại dâm", '<a href="../thuat-ngu/#mai-dam">mại dâm</a>')


def test_a_converted_page_keeps_its_title_and_html_but_not_its_markdown(tmp_path):
    """MkDocs holds every page's Markdown until the build ends (a third of what it holds at 1,000
    plans): the hook empties it once converted, and the page's title and HTML stay."""
    hook = _hook()
    hook.state.progress, hook.state.site = Progress(), Site()
    config = MkDocsConfig()
    config.load_dict({"site_name": "Thử", "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    file = File("huong-dan/a.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.markdown = "# Phòng, chống mại dâm\n\nCông tác phòng, chống mại dâm năm 2026.\n"
    page.render(config, Files([file]))
    html = hook.on_page_content(page.content, page, config, Files([file]))
    assert page.markdown == ""
    assert page.title == "Phòng, chống mại dâm"
    assert '<a href="../thuat-ngu/#mai-dam">mại dâm</a> năm 2026.' in html
