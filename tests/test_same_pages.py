"""A preview's rebuild keeps the plan and agency pages an edit leaves the same
(plankb.preview.SamePages): after each kind of edit, every generated page equals a full build's,
and the pages kept were not made again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from plankb import links, site_files
from plankb.pages import agency_pages, calendar_pages
from plankb.preview import SamePages

KIM_TAN = "plans/kim-tan-2026.yml"


def _title(text: str) -> str:
    return text.replace("Phòng, chống mại dâm trên địa bàn xã Kim Tân năm 2026", "Phòng, chống mại dâm xã Kim Tân năm 2026 (sửa)", 1)


UNNAMED = "to-cong-tac-lien-nganh-kim-tan"  # an agency of Kim Tân its plan does not name


def _assign(text: str) -> str:
    """The first duty also assigned to UNNAMED: its page gains a duty."""
    return text.replace("      agencies: [phong-vhxh-kim-tan]\n      roles: [tham-muu]",
                        f"      agencies: [phong-vhxh-kim-tan, {UNNAMED}]\n      roles: [tham-muu]", 1)


def _unassign(text: str) -> str:
    """Back as it was: UNNAMED's page loses it."""
    return text.replace(f"[phong-vhxh-kim-tan, {UNNAMED}]", "[phong-vhxh-kim-tan]", 1)


def _rename_agency(text: str) -> str:
    return text.replace("name: Công an xã Kim Tân", "name: Công an xã Kim Tân (đổi tên)", 1)


def _define(text: str) -> str:
    return text.replace("Tên gọi quen thuộc của Đội", "Tên gọi thường dùng của Đội", 1)


def _rename_successor(text: str) -> str:
    """Sở Y tế Đồng Tháp: the successor the Sở LĐTBXH's page names."""
    return text.replace("name: Sở Y tế tỉnh Đồng Tháp\n", "name: Sở Y tế tỉnh Đồng Tháp (đổi tên)\n", 1)


def _rename_parent(text: str) -> str:
    """UBND tỉnh Đồng Tháp: the parent its departments' pages name."""
    return text.replace("name: Ủy ban nhân dân tỉnh Đồng Tháp\n", "name: Ủy ban nhân dân tỉnh Đồng Tháp (đổi tên)\n", 1)


def _move_to_sector(text: str) -> str:
    """Công an xã Kim Tân, a member of a group, filed under another sector."""
    return text.replace("    place: kim-tan\n    sector: cong-an\n  - id: trung-tam-dvc-kim-tan",
                        "    place: kim-tan\n    sector: ubnd\n  - id: trung-tam-dvc-kim-tan", 1)


EDITS = {  # name → (file, edit); applied one after the other
    "title": (KIM_TAN, _title),
    "glossary": ("glossary.yml", _define),
    "assign": (KIM_TAN, _assign),
    "unassign": (KIM_TAN, _unassign),
    "registry": ("plans/agencies.yml", _rename_agency),
    "successor": ("plans/agencies.yml", _rename_successor),
    "parent": ("plans/agencies.yml", _rename_parent),
    "sector": ("plans/agencies.yml", _move_to_sector),
}
# An edit of agency records remakes the pages of the plans naming them and of their agencies.
AGENCY_EDITS = {"registry", "successor", "parent", "sector"}


def _sources(root: Path) -> Path:
    """A copy of the project's sources (plans, hand-written pages, glossary) in `root`."""
    for name in ("plans", "docs", "glossary.yml"):
        source = ROOT / name
        shutil.copytree(source, root / name) if source.is_dir() else shutil.copy2(source, root / name)
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return _sources(tmp_path_factory.mktemp("nguon"))


def _counting(monkeypatch, module, name: str) -> list[str]:
    """`module.name(ctx, key, …)` replaced by one that notes each key it is called with."""
    made: list[str] = []
    real = getattr(module, name)

    def counting(ctx, key, *args, **kwargs):
        made.append(getattr(key, "id", key))
        return real(ctx, key, *args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return made


def _site(root: Path, rebuild: bool) -> site_files.Site:
    site = site_files.make_site(root, in_parallel=False, keep_for_rebuilds=rebuild, as_of=2026)
    site.close()
    return site


def test_each_edit_gives_the_pages_of_a_full_build_and_keeps_the_others(root, monkeypatch):
    agencies = len(_site(root, rebuild=True).corpus.agencies)  # the preview's first build
    made = _counting(monkeypatch, agency_pages, "render")
    calendars = _counting(monkeypatch, calendar_pages, "_agency_calendar")
    with_calendars = len(calendar_pages.agencies_with_deadlines(_site(root, rebuild=False).corpus))
    for name, (file, edit) in EDITS.items():
        path = root / file
        edited = edit(path.read_text(encoding="utf-8"))
        assert edited != path.read_text(encoding="utf-8"), name
        path.write_text(edited, encoding="utf-8")
        made.clear()
        calendars.clear()
        again = _site(root, rebuild=True).pages
        remade = set(made)
        assert set(calendars) <= remade and len(calendars) < with_calendars, (name, len(calendars), with_calendars)
        assert again == _site(root, rebuild=False).pages, name
        if name in AGENCY_EDITS:
            assert 0 < len(remade) < agencies / 4, (name, len(remade), agencies)
        elif name == "glossary":
            assert not remade  # terms are linked in the finished pages, not by their makers
        else:  # the agencies Kim Tân's plan names, not the other provinces'
            assert "cong-an-xa-kim-tan" in remade and len(remade) < agencies / 4, (name, len(remade), agencies)
            assert (UNNAMED in remade) == (name in ("assign", "unassign")), name


def _relations_view(rel) -> tuple:
    return (rel.duties, dict(rel.duties_by_agency), dict(rel.mentions_by_agency), dict(rel.reports_by_agency),
            dict(rel.measures_by_indicator), dict(rel.plans_mentioning), rel.duty_of_node)


def test_a_preview_finds_again_only_the_relations_of_an_edited_plan(tmp_path):
    """relations.build with a preview's KeptPerPlan equals a build from nothing after an edit;
    the plans whose file did not change keep their relations (the same objects)."""
    from plankb import relations
    from plankb.preview import KeptPerPlan
    from plankb.sources.loader import load_corpus

    root = tmp_path / "nguon"
    shutil.copytree(ROOT / "plans", root / "plans")
    kept: KeptPerPlan = KeptPerPlan()
    before = relations.build(load_corpus(root, reuse_reads=True), kept)
    path = root / KIM_TAN
    path.write_text(_assign(path.read_text(encoding="utf-8")), encoding="utf-8")
    corpus = load_corpus(root, reuse_reads=True)
    again = relations.build(corpus, kept)
    assert _relations_view(again) == _relations_view(relations.build(load_corpus(root)))
    assert any(UNNAMED in duty.agencies for duty in again.duties)
    unchanged = [d for d in before.duties if d.plan.id != "kim-tan-2026"]
    assert unchanged and all(a is b for a, b in zip(unchanged, [d for d in again.duties if d.plan.id != "kim-tan-2026"], strict=True))
    assert not any(d in before.duties for d in again.duties if d.plan.id == "kim-tan-2026" and UNNAMED in d.agencies)


def test_a_preview_writes_again_only_the_csv_lines_of_an_edited_plan(tmp_path, monkeypatch):
    """The targets and duties tables (du-lieu/*.csv) with a preview's KeptRows equal a build's
    from nothing after an edit; only the edited plan's lines are written again."""
    from plankb import relations
    from plankb.downloads import export
    from plankb.preview import KeptPerPlan
    from plankb.sources.loader import load_corpus

    root = tmp_path / "nguon"
    shutil.copytree(ROOT / "plans", root / "plans")
    kept_relations: KeptPerPlan = KeptPerPlan()
    kept = export.KeptRows()

    def tables(kept_rows: export.KeptRows | None) -> tuple[str, str]:
        corpus = load_corpus(root, reuse_reads=kept_rows is not None)
        rel = relations.build(corpus, kept_relations if kept_rows else None)
        return export.targets_csv(corpus, kept_rows), export.duties_csv(corpus, rel, kept_rows)

    tables(kept)
    written: list[int] = []
    lines = export._lines
    monkeypatch.setattr(export, "_lines", lambda rows: written.append(len(rows)) or lines(rows))
    path = root / KIM_TAN
    path.write_text(_assign(path.read_text(encoding="utf-8")), encoding="utf-8")
    again = tables(kept)
    assert len(written) == 4  # each table's header, and Kim Tân's lines
    assert again == tables(None)
    assert UNNAMED in again[1]


def test_an_agency_edit_finds_again_only_the_relations_of_the_plans_that_may_name_it(tmp_path):
    """Renaming Công an xã Kim Tân: the plans whose place scope holds it (Kim Tân's, its
    province's) are read again, the others keep their duties (the same objects); the relations
    equal a build from nothing."""
    from plankb import relations
    from plankb.preview import KeptPerPlan
    from plankb.sources.loader import load_corpus

    root = tmp_path / "nguon"
    shutil.copytree(ROOT / "plans", root / "plans")
    kept: KeptPerPlan = KeptPerPlan()
    before = relations.build(load_corpus(root, reuse_reads=True), kept)
    path = root / "plans/agencies.yml"
    path.write_text(_rename_agency(path.read_text(encoding="utf-8")), encoding="utf-8")
    corpus = load_corpus(root, reuse_reads=True)
    again = relations.build(corpus, kept)
    assert _relations_view(again) == _relations_view(relations.build(load_corpus(root)))
    children = relations.place_children(corpus)
    may_name = {p.id for p in corpus.plans.values() if "kim-tan" in relations.place_scope(corpus, p.place, children)}
    assert "kim-tan-2026" in may_name and len(may_name) < len(corpus.plans)
    for plan_id in corpus.plans:
        old = [d for d in before.duties if d.plan.id == plan_id]
        new = [d for d in again.duties if d.plan.id == plan_id]
        assert old and all((a is b) == (plan_id not in may_name) for a, b in zip(old, new, strict=True)), plan_id


def test_a_definition_edit_changes_only_the_glossary_page_and_the_definitions(tmp_path):
    """A term link carries no definition (tooltip.js reads du-lieu/thuat-ngu.js): editing one
    changes two files, not every page that links the term."""
    from plankb import links

    root = tmp_path / "nguon"
    for name in ("plans", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "glossary.yml", root / "glossary.yml")
    before = _site(root, rebuild=False).pages
    path = root / "glossary.yml"
    path.write_text(_define(path.read_text(encoding="utf-8")), encoding="utf-8")
    after = _site(root, rebuild=False).pages
    assert {p for p in before if before[p] != after[p]} == {links.GLOSSARY, links.TERM_DEFINITIONS}
    assert "Tên gọi thường dùng của Đội" in after[links.TERM_DEFINITIONS]


def test_a_preview_finishes_again_only_the_pages_whose_text_changed():
    """preview.Finished: a page is linked again when its text changed; a change of spellings
    (the settings) links every page again."""
    from plankb.preview import Finished

    finished: list[str] = []

    def finish(text: str) -> str:
        finished.append(text)
        return text

    kept = Finished()

    def build(settings: bytes, texts: tuple[str, str]) -> list[str]:
        finished.clear()
        kept.start(settings)
        for path, text in zip(("a.md", "b.md"), texts, strict=True):
            kept.get(path, text, finish)
        kept.end()
        return list(finished)

    assert build(b"1", ("Đội 178", "giảm hại")) == ["Đội 178", "giảm hại"]
    assert build(b"1", ("Đội 178", "giảm hại")) == []
    assert build(b"1", ("Đội 178 (sửa)", "giảm hại")) == ["Đội 178 (sửa)"]
    assert build(b"2", ("Đội 178 (sửa)", "giảm hại")) == ["Đội 178 (sửa)", "giảm hại"]


def test_a_preview_reads_again_only_the_search_documents_of_an_edited_hand_written_page(tmp_path, monkeypatch):
    from plankb.search import documents

    root = _sources(tmp_path / "nguon")

    def indexes(rebuild: bool) -> dict[str, str]:
        site = site_files.make_site(root, in_parallel=False, keep_for_rebuilds=rebuild, as_of=2026)
        try:
            return site.indexes.texts()
        finally:
            site.close()

    indexes(rebuild=True)
    read: list[str] = []
    from_handwritten = documents.from_handwritten
    monkeypatch.setattr(documents, "from_handwritten", lambda markdown, page_url: read.append(page_url) or from_handwritten(markdown, page_url))
    indexes(rebuild=True)
    assert read == []
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Kho tra cứu toàn văn", "Kho tra cứu đầy đủ toàn văn", 1), encoding="utf-8")
    again = indexes(rebuild=True)
    assert read == [""]
    read.clear()
    assert again == indexes(rebuild=False) and len(read) > 1


def test_a_plan_edit_remakes_only_the_place_pages_that_list_the_plan(tmp_path, monkeypatch):
    """Its place's page, and its province's, which in a big collection lists the plans of the
    places in it (forced here with 5 plans); every page as a full build makes it."""
    from plankb.pages import index_pages

    root = _sources(tmp_path / "nguon")
    made: list[str] = []
    place_page = index_pages.place_page

    def listing_inner_plans(ctx, place_id):
        made.append(place_id)
        return place_page(ctx, place_id, inline_limit=1)

    monkeypatch.setattr(index_pages, "place_page", listing_inner_plans)
    monkeypatch.setattr(site_files, "_SAME", SamePages())  # not the pages earlier tests made with the usual maker
    places = len(_site(root, rebuild=True).corpus.places)
    path = root / KIM_TAN
    path.write_text(_title(path.read_text(encoding="utf-8")), encoding="utf-8")
    made.clear()
    again = _site(root, rebuild=True).pages
    assert sorted(made) == ["kim-tan", "thanh-hoa"] and places > 2 * len(made)
    assert "(sửa)" in again["dia-ban/thanh-hoa/index.md"]
    assert again == _site(root, rebuild=False).pages


def test_a_plan_edit_remakes_only_the_sector_pages_of_the_agencies_it_names(tmp_path, monkeypatch):
    from plankb.pages import index_pages
    from plankb.relations import build as build_relations

    root = _sources(tmp_path / "nguon")
    made = _counting(monkeypatch, index_pages, "sector_page")
    monkeypatch.setattr(site_files, "_SAME", SamePages())
    corpus = _site(root, rebuild=True).corpus
    named = build_relations(corpus).agencies_named()["kim-tan-2026"]
    path = root / KIM_TAN
    path.write_text(_title(path.read_text(encoding="utf-8")), encoding="utf-8")
    made.clear()
    again = _site(root, rebuild=True).pages
    expected = {corpus.agencies[a].sector for a in named}
    assert set(made) == expected and len(expected) < len({a.sector for a in corpus.agencies.values()})
    assert again == _site(root, rebuild=False).pages


def test_a_preview_sorts_again_only_the_duties_of_an_edited_plan_into_areas(tmp_path, monkeypatch):
    """The level and area pages count each plan's duties by area and level (PlanAreas): a preview
    keeps an unchanged plan's, and its pages equal a full build's."""
    from plankb.pages import render_common

    root = _sources(tmp_path / "nguon")
    _site(root, True)
    sorted_plans: list[str] = []
    real = render_common.plan_areas
    monkeypatch.setattr(render_common, "plan_areas", lambda corpus, duties: sorted_plans.append(duties[0].plan.id) or real(corpus, duties))
    path = root / KIM_TAN
    path.write_text(_assign(path.read_text(encoding="utf-8")), encoding="utf-8")
    rebuilt = _site(root, True)
    assert sorted_plans == [Path(KIM_TAN).stem]
    full = _site(root, False)
    counted = [p for p in full.pages if p.startswith(("cap/", "linh-vuc/"))]
    assert len(counted) > 8 and all(rebuilt.pages[p] == full.pages[p] for p in counted)


def test_a_preview_lists_again_only_the_finder_records_of_an_edited_plan(tmp_path, monkeypatch):
    """The finder's page and index list each plan's duties, targets and reports (finder.records):
    a preview keeps an unchanged plan's, and its finder page and index equal a full build's."""
    from plankb.search import finder

    root = _sources(tmp_path / "nguon")
    _site(root, True)
    listed: list[str] = []
    real = finder._plan_records
    monkeypatch.setattr(finder, "_plan_records", lambda plan, rel: listed.append(plan.id) or real(plan, rel))
    path = root / KIM_TAN
    path.write_text(_assign(path.read_text(encoding="utf-8")), encoding="utf-8")
    rebuilt = site_files.make_site(root, in_parallel=False, keep_for_rebuilds=True, as_of=2026)
    assert listed == [Path(KIM_TAN).stem]  # by the page; the index, made next, finds it kept
    full = site_files.make_site(root, in_parallel=False, as_of=2026)
    assert rebuilt.pages[links.FINDER] == full.pages[links.FINDER]
    index = {p: t for p, t in rebuilt.indexes.texts().items() if p.startswith(finder.FOLDER)}
    assert index and index == {p: t for p, t in full.indexes.texts().items() if p.startswith(finder.FOLDER)}
    rebuilt.close(), full.close()
