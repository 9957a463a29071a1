"""Sectors follow the 2025 structure: an agency of a plan issued after its sector ended is filed
under the sector that took the work over (the old name noted), one of an earlier plan keeps the
sector of its time; validation refuses data that says otherwise, each problem located."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from plankb.problems import ValidationFailed
from plankb.sources.loader import load_corpus
from test_loader import run_validate

AGENCIES = "plans/agencies.yml"


@pytest.fixture
def sources(tmp_path):
    """A copy of the real sources (plans and glossary) to damage."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy2(ROOT / "glossary.yml", root / "glossary.yml")
    return root


def edit(root, name: str, old: str, new: str, count: int = 1) -> str:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def entry(text: str, agency: str, key: str) -> int:
    """The line (1-based) of `key:` in the registry entry of `agency`."""
    lines = text.splitlines()
    start = lines.index(f"  - id: {agency}")
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"    {key}:")) + 1


def problems(root) -> list[tuple[str, str, int, str]]:
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        return sorted((p.code, p.file, p.line, p.field) for p in failed.problems if not p.warning)
    return []


def test_the_real_registry_files_kim_tan_s_office_under_its_current_sector(corpus):
    office = corpus.agencies["phong-vhxh-kim-tan"]
    assert (office.sector, office.former_sector) == ("y-te", "ldtbxh")
    old = corpus.sectors["ldtbxh"]
    assert old.ended == "2025-03-01" and [s.sector for s in old.successors] == ["y-te"]
    assert old.successors[0].cites == ("nd-42-2025",)
    assert old.label == "Lao động - Thương binh và Xã hội (trước 01/03/2025)"
    # Agencies of the plans before the reform keep the sector of their time.
    assert corpus.agencies["so-ldtbxh-ninh-thuan"].sector == "ldtbxh"
    assert corpus.agencies["phong-ldtbxh-hong-ngu"].sector == "ldtbxh"


def test_an_agency_of_a_2026_plan_under_an_ended_sector_is_refused_where_it_is_filed(sources):
    """Today's mistake (Phòng VHXH xã Kim Tân under LĐTBXH in 2026) is E217 at its `sector` line,
    printed by `make validate` in Vietnamese, naming the plan and the sector to file it under."""
    text = edit(sources, AGENCIES, "    sector: y-te\n    former_sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n",
                "    sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n")
    line = entry(text, "phong-vhxh-kim-tan", "sector")
    assert problems(sources) == [("E217", AGENCIES, line, "sector")]
    result = run_validate(sources)
    assert result.returncode == 1
    printed = result.stderr.splitlines()[0]
    assert printed.startswith(f"{AGENCIES}:{line}: [sector] lỗi E217: cơ quan «phong-vhxh-kim-tan» thuộc ngành «ldtbxh»")
    assert "không còn từ 01/03/2025" in printed and "«kim-tan-2026»" in printed
    assert "«kh-190-2026-thanh-hoa» ngày 10/06/2026" in printed  # why the plan is known to be later
    assert "(«y-te»)" in printed and printed.endswith("(xem huong-dan/loi/#e217)")


def test_a_plan_of_an_earlier_date_keeps_its_agencies_in_the_old_sector_one_issued_later_does_not(sources):
    """Hồng Ngự 2022 names the Phòng LĐTBXH: valid as the sources are; the same plan dated
    after 01/3/2025 is refused."""
    assert problems(sources) == []
    text = (sources / AGENCIES).read_text(encoding="utf-8")
    edit(sources, "plans/hong-ngu-2022.yml", "issued: null", "issued: '2025-03-01'")
    assert ("E217", AGENCIES, entry(text, "phong-ldtbxh-hong-ngu", "sector"), "sector") in problems(sources)


def test_the_year_before_a_plan_s_period_dates_it_when_nothing_else_does(sources):
    """A plan with no date and nothing dated to implement: a period from 2027 is after 01/3/2025."""
    text = (sources / AGENCIES).read_text(encoding="utf-8")
    edit(sources, "plans/hong-ngu-2022.yml", "period: {from: 2022, to: 2022}", "period: {from: 2027, to: 2027}")
    found = problems(sources)
    assert ("E217", AGENCIES, entry(text, "phong-ldtbxh-hong-ngu", "sector"), "sector") in found
    # and the Sở LĐTBXH Đồng Tháp, succeeded on 01/3/2025, is given work by it (E218)
    assert {code for code, *_ in found} == {"E217", "E218"}


def test_a_plan_assigning_work_to_an_agency_after_its_successor_took_over_is_refused(sources):
    """E218 at the item of the plan that assigns the work (once per plan: the first one)."""
    edit(sources, AGENCIES, "    place: kim-tan\n    sector: cong-an\n",
         "    place: kim-tan\n    sector: cong-an\n    successor: {agency: ubnd-xa-kim-tan, date: 2025-07-01, note: Thử.}\n")
    found = problems(sources)
    assert found and {(code, file) for code, file, *_ in found} == {("E218", "plans/kim-tan-2026.yml")}
    plan = (sources / "plans" / "kim-tan-2026.yml").read_text(encoding="utf-8").splitlines()
    assert len(found) == 1
    item = plan[found[0][2] - 1:found[0][2] + 3]
    assert "- id: iv-4" in item[0] and "    agencies: [cong-an-xa-kim-tan]" in item[-1], item


@pytest.mark.parametrize("old, new, code, key", [
    # former_sector names a sector that has not ended
    ("    sector: y-te\n    former_sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n",
     "    sector: y-te\n    former_sector: van-hoa\n    parent: ubnd-xa-kim-tan\n", "E219", "former_sector"),
    # the agency's sector took nothing over from its former sector
    ("    sector: y-te\n    former_sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n",
     "    sector: van-hoa\n    former_sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n", "E219", "former_sector"),
    # a former sector that is not in the list
    ("    sector: y-te\n    former_sector: ldtbxh\n    parent: ubnd-xa-kim-tan\n",
     "    sector: y-te\n    former_sector: khong-co\n    parent: ubnd-xa-kim-tan\n", "E206", "former_sector"),
])
def test_a_former_sector_must_be_an_ended_sector_the_agency_s_sector_took_over_from(sources, old, new, code, key):
    text = edit(sources, AGENCIES, old, new)
    assert problems(sources) == [(code, AGENCIES, entry(text, "phong-vhxh-kim-tan", key), key)]


@pytest.mark.parametrize("old, new, code, field", [
    ("      - sector: y-te\n        work:", "      - sector: ldtbxh\n        work:", "E219", "successors.sector"),
    ("      - sector: y-te\n        work:", "      - sector: khong-co\n        work:", "E206", "successors.sector"),
    ("  - {id: y-te, name: \"Y tế\"}", "  - {id: y-te, name: \"Y tế\", ended: 2025-03-01}", "E219", "successors.sector"),
    ("    ended: 2025-03-01\n    successors:", "    successors:", "E219", "successors"),
    ("    ended: 2025-03-01\n", "    ended: 2025-02-30\n", "E104", "sectors[3].ended"),
    ("  - {id: cong-an, name: \"Công an\"}", "  - {id: cong-an, name: \"Công an\"}\n  - {id: cong-an, name: \"Công an nhân dân\"}",
     "E214", "id"),
])
def test_an_ended_sector_hands_its_work_to_sectors_that_go_on(sources, old, new, code, field):
    """A successor is a listed sector, not the sector itself, not one ended by then; successors
    need the day the sector ended. Once the succession is wrong, the agencies' checks may add
    their own problems: the one that matters is there, at its line."""
    edit(sources, AGENCIES, old, new)
    found = [p for p in problems(sources) if p[0] == code and p[3] == field]
    assert len(found) == 1 and found[0][1] == AGENCIES, problems(sources)
    line = (sources / AGENCIES).read_text(encoding="utf-8").splitlines()[found[0][2] - 1]
    assert re.search(r"sector:|successors:|ended:|id: cong-an", line), line


# --- The pages (the built site) -------------------------------------------------------------------

def _html(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _sector_fact(page: str) -> str:
    return re.search(r"<dt>Ngành</dt><dd>(.*?)</dd>", page, re.S).group(1)


def test_kim_tan_s_office_is_under_y_te_with_the_old_sector_s_name(site):
    fact = _sector_fact(_html(site, "co-quan/phong-vhxh-kim-tan"))
    assert fact.startswith('<a href="../../nganh/y-te/">Y tế</a>')
    assert 'href="../../nganh/ldtbxh/">Lao động - Thương binh và Xã hội</a> (tên cũ)' in fact
    assert "từ 01/03/2025" in _text(fact) and "phòng, chống tệ nạn xã hội" in _text(fact)
    # An agency of a plan before the reform keeps its sector, and says where that work went.
    fact = _sector_fact(_html(site, "co-quan/so-ldtbxh-ninh-thuan"))
    assert fact.startswith('<a href="../../nganh/ldtbxh/">Lao động - Thương binh và Xã hội</a>')
    assert "ngành không còn từ 01/03/2025" in _text(fact) and 'href="../../nganh/y-te/">Y tế</a>' in fact
    assert "—" not in _text(_sector_fact(_html(site, "co-quan/tram-y-te-kim-tan")))  # nothing changed for it


def test_sector_pages_follow_the_2025_structure(site, corpus):
    index = _html(site, "nganh")
    current, old = index.split('id="nganh-cu"', 1)
    assert 'href="y-te/"' in current and 'href="ldtbxh/"' not in current
    row = old.split('href="ldtbxh/"', 1)[1].split("</tr>", 1)[0]
    assert "01/03/2025" in row and 'href="y-te/">Y tế</a>' in row and "#nd-42-2025" in row

    ended = _html(site, "nganh/ldtbxh")
    assert "<h1" in ended and "Ngành Lao động - Thương binh và Xã hội (trước 01/03/2025)" in _text(ended.split("</h1>", 1)[0])
    top = ended.split('id="thay-doi"', 1)[1].split("</div>", 1)[0]
    assert "Ngành không còn từ 01/03/2025" in _text(top)
    assert 'href="../y-te/">Y tế</a>' in top and 'href="../../van-ban/#nd-42-2025"' in top
    assert "không ghi ngành nào tiếp nhận các phần việc khác" in _text(top)  # unknown stays unknown
    listed = set(re.findall(r'href="../../co-quan/([^/"]+)/"', ended.split('class="kh-columns"', 1)[1]))
    assert {"so-ldtbxh-ninh-thuan", "phong-ldtbxh-hong-ngu"} <= listed and "phong-vhxh-kim-tan" not in listed
    assert "Kế nhiệm: " in _text(ended) and 'href="../../co-quan/so-y-te-dong-thap/"' in ended

    health = _html(site, "nganh/y-te")
    took = health.split('id="tiep-nhan"', 1)[1].split("</div>", 1)[0]
    assert 'href="../ldtbxh/">Lao động - Thương binh và Xã hội</a> (tên cũ' in took
    assert 'href="../../co-quan/phong-vhxh-kim-tan/"' in health.split('id="cap-xa"', 1)[1]


def test_every_agency_a_plan_after_the_reform_gives_work_to_is_under_a_current_sector(corpus):
    from plankb.sources import succession

    for plan in corpus.plans.values():
        day, _ = succession.issued_no_earlier_than(plan, corpus.references, corpus.plans)
        for aid, _, _ in succession.assigned(plan, type("Raw", (), {"key_lines": {"issuer": 0}})()):
            ended = corpus.sectors[corpus.agencies[aid].sector].ended
            assert not ended or day < ended, (plan.id, aid)
    assert succession.issued_no_earlier_than(corpus.plans["kim-tan-2026"], corpus.references, corpus.plans)[0] == "2026-06-10"


# --- What a person sees -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(site):
    from browser import serve

    with serve(site) as url:
        yield url


def _h1(page) -> str:
    return page.locator("h1").inner_text().removesuffix("#").strip()  # the heading's permalink


def test_new_staff_at_kim_tan_s_office_find_their_sector_and_where_the_old_one_went(page, base_url, artifacts):
    """From the office's page to Y tế (where it is filed, the old name noted), then to the old
    sector, whose page says at the top that it ended and who took over."""
    page.goto(base_url + "co-quan/phong-vhxh-kim-tan/")
    card = page.locator("#thong-tin dd").nth(2)
    assert card.inner_text().startswith("Y tế — từ 01/03/2025")
    assert "Lao động - Thương binh và Xã hội (tên cũ)" in card.inner_text()
    card.get_by_role("link", name="Y tế", exact=True).click()
    page.wait_for_load_state()
    assert _h1(page) == "Ngành Y tế"
    took = page.locator("#tiep-nhan")
    assert took.is_visible() and "tên cũ" in took.inner_text()
    assert page.locator("#cap-xa + ul").get_by_role("link", name="Phòng Văn hóa - Xã hội xã Kim Tân").is_visible()
    page.screenshot(path=str(artifacts / "nganh-y-te.png"), full_page=True)

    took.get_by_role("link", name="Lao động - Thương binh và Xã hội").click()
    page.wait_for_load_state()
    assert _h1(page) == "Ngành Lao động - Thương binh và Xã hội (trước 01/03/2025)"
    note = page.locator("#thay-doi")
    assert note.is_visible() and note.inner_text().startswith("Ngành không còn từ 01/03/2025")
    assert note.bounding_box()["y"] < page.locator(".kh-columns").bounding_box()["y"]  # said at the top
    assert page.locator(".kh-columns").get_by_role("link", name="Phòng Văn hóa - Xã hội xã Kim Tân").count() == 0
    page.screenshot(path=str(artifacts / "nganh-ldtbxh.png"), full_page=True)
    note.get_by_role("link", name="Y tế").click()
    page.wait_for_load_state()
    assert _h1(page) == "Ngành Y tế"
