"""The registries (plans/places.yml, agencies.yml, indicators.yml, glossary.yml): each checked
against the others and made into model objects. Schema checks come first (loader.read_yaml);
these are the checks across entries and files, each located."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plankb.model import (
    Agency,
    Area,
    Indicator,
    NationalTarget,
    Place,
    PlaceChange,
    Sector,
    SectorSuccession,
    Succession,
    Term,
)
from plankb.text import citations

Report = Callable[[str, int, str, str, str], None]  # (file, line, field, message, code)
CiteCheck = Callable[[Any, str, int, str], None]  # (keys, file, line, field)


def as_tuple(value: Any) -> tuple:
    """A YAML list, or nothing, as a tuple (model objects hold tuples)."""
    return tuple(value or ())


def places(problem: Report, cite_check: CiteCheck, place_items: dict, places_label: str) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for pid, raw in place_items.items():
        if raw.get("parent") and raw["parent"] not in place_items:
            problem(places_label, raw.line, "parent", f"địa bàn cha «{raw['parent']}» không có trong danh mục", "E205")
        changes = []
        for change in raw.get("changes") or ():
            cite_check(change.get("cites"), places_label, change.line, "changes.cites")
            if change.get("successor") and change["successor"] not in place_items:
                problem(places_label, change.line, "successor", f"địa bàn «{change['successor']}» không có", "E205")
            changes.append(PlaceChange(change["date"], change["text"], as_tuple(change.get("cites")),
                                       change.get("successor"), change.get("unsure", False)))
        places[pid] = Place(pid, raw["name"], raw["level"], raw.get("parent"), tuple(changes), raw.get("code"))
    return places


def sectors(problem: Report, cite_check: CiteCheck, sector_items: dict, agencies_label: str) -> dict[str, Sector]:
    """The sectors of the 2025 structure and the ended ones, each ended one with the sectors that
    took over its work: every sector named exists and is itself current on the day (E206, E219)."""
    sectors: dict[str, Sector] = {}
    for sid, raw in sector_items.items():
        successors = []
        if raw.get("successors") and not raw.get("ended"):
            problem(agencies_label, raw.key_lines["successors"], "successors",
                    f"ngành «{sid}» có «successors» nhưng không có «ended»: ghi ngày ngành kết thúc, hoặc bỏ «successors»", "E219")
        for item in raw.get("successors") or ():
            other = item["sector"]
            cite_check(item.get("cites"), agencies_label, item.line, "successors.cites")
            if other not in sector_items:
                problem(agencies_label, item.line, "successors.sector", f"ngành «{other}» không có trong danh sách sectors", "E206")
            elif other == sid:
                problem(agencies_label, item.line, "successors.sector", f"ngành «{sid}» không thể tiếp nhận chính nó", "E219")
            elif raw.get("ended") and sector_items[other].get("ended") and sector_items[other]["ended"] <= raw["ended"]:
                problem(agencies_label, item.line, "successors.sector",
                        f"ngành tiếp nhận «{other}» đã kết thúc từ {sector_items[other]['ended']}, không muộn hơn ngày "
                        f"ngành «{sid}» kết thúc ({raw['ended']}): ghi ngành đang hoạt động đã tiếp nhận phần việc", "E219")
            successors.append(SectorSuccession(other, item["work"], as_tuple(item.get("cites"))))
        sectors[sid] = Sector(sid, raw["name"], raw.get("ended"), tuple(successors), raw.get("note"))
    return sectors


def _former_sector(problem: Report, agencies_label: str, raw: Any, sectors: dict[str, Sector]) -> None:
    """`former_sector`: an ended sector, one of whose successors is the agency's sector (E206, E219)."""
    former, line = raw["former_sector"], raw.key_lines["former_sector"]
    if former not in sectors:
        problem(agencies_label, line, "former_sector", f"ngành «{former}» không có trong danh sách sectors", "E206")
    elif not sectors[former].ended:
        problem(agencies_label, line, "former_sector",
                f"ngành «{former}» chưa kết thúc (không có «ended»): «former_sector» chỉ ghi một ngành đã kết thúc", "E219")
    elif raw["sector"] in sectors and raw["sector"] not in {s.sector for s in sectors[former].successors}:
        taken = ", ".join(f"«{s.sector}»" for s in sectors[former].successors) or "chưa ghi ngành nào"
        problem(agencies_label, line, "former_sector",
                f"ngành «{raw['sector']}» của cơ quan không tiếp nhận phần việc nào của ngành «{former}» "
                f"(ngành tiếp nhận: {taken})", "E219")


def agencies(problem: Report, cite_check: CiteCheck, agency_items: dict, agencies_label: str, place_items: dict,
             sectors: dict[str, Sector]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for aid, raw in agency_items.items():
        if raw["place"] not in place_items:
            problem(agencies_label, raw.key_lines["place"], "place", f"địa bàn «{raw['place']}» không có trong plans/places.yml", "E205")
        if raw["sector"] not in sectors:
            problem(agencies_label, raw.key_lines["sector"], "sector", f"ngành «{raw['sector']}» không có trong danh sách sectors", "E206")
        if raw.get("parent") and raw["parent"] not in agency_items:
            problem(agencies_label, raw.key_lines["parent"], "parent", f"cơ quan cấp trên «{raw['parent']}» không có trong danh mục", "E203")
        for member in as_tuple(raw.get("members")):
            if member not in agency_items:
                problem(agencies_label, raw.key_lines["members"], "members", f"thành viên «{member}» không có trong danh mục", "E203")
        if raw.get("members") and not raw.get("collective"):
            problem(agencies_label, raw.key_lines["members"], "members",
                    "chỉ một nhóm («collective: true») mới có thành viên: thêm «collective: true» hoặc bỏ «members»", "E216")
        if raw.get("former_sector"):
            _former_sector(problem, agencies_label, raw, sectors)
        successor = raw.get("successor")
        if successor:
            if successor.get("agency") and successor["agency"] not in agency_items:
                problem(agencies_label, successor.line, "successor.agency", f"cơ quan kế nhiệm «{successor['agency']}» không có trong danh mục", "E203")
            cite_check(successor.get("cites"), agencies_label, successor.line, "successor.cites")
        agencies[aid] = Agency(
            id=aid, name=raw["name"], level=raw["level"], place=raw["place"], sector=raw["sector"],
            short=raw.get("short"), aliases=as_tuple(raw.get("aliases")), parent=raw.get("parent"),
            collective=raw.get("collective", False), members=as_tuple(raw.get("members")),
            successor=Succession(successor.get("agency"), successor["date"], successor["note"], as_tuple(successor.get("cites"))) if successor else None,
            note=raw.get("note"), former_sector=raw.get("former_sector"),
        )
    return agencies


def indicators(problem: Report, cite_check: CiteCheck, area_items: dict, indicator_items: dict,
               indicators_label: str) -> tuple[dict[str, Area], dict[str, Indicator]]:
    areas = {aid: Area(aid, raw["name"], raw.get("description")) for aid, raw in area_items.items()}
    indicators: dict[str, Indicator] = {}
    for iid, raw in indicator_items.items():
        if raw["area"] not in area_items:
            problem(indicators_label, raw.key_lines["area"], "area", f"lĩnh vực «{raw['area']}» không có trong danh sách areas", "E204")
        national = raw.get("national")
        if national:
            cite_check(national.get("cites"), indicators_label, national.line, "national.cites")
        indicators[iid] = Indicator(
            iid, raw["name"], raw["unit"], raw["area"], raw.get("description"),
            NationalTarget(national["comparator"], national["value"], as_tuple(national["cites"]), national.get("value_max"),
                           national.get("year"), national.get("unit"), national.get("text")) if national else None,
        )
    return areas, indicators


def terms(problem: Report, cite_check: CiteCheck, term_items: dict, glossary_label: str) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    alias_owner: dict[str, str] = {}
    for tid, raw in term_items.items():
        for spelling in [raw["term"], *(raw.get("aliases") or ())]:
            owner = alias_owner.get(spelling)
            if owner and owner != tid:
                problem(glossary_label, raw.line, "aliases", f"cách viết «{spelling}» đã thuộc thuật ngữ «{owner}»", "E301")
            alias_owner[spelling] = tid
        for related in raw.get("related") or ():
            if related not in term_items:
                problem(glossary_label, raw.key_lines["related"], "related", f"thuật ngữ liên quan «{related}» không tồn tại", "E302")
        cite_check(raw.get("sources"), glossary_label, raw.key_lines.get("sources", raw.line), "sources")
        for field in ("definition", "note"):
            cite_check(citations.keys_in(raw.get(field) or ""), glossary_label, raw.key_lines.get(field, raw.line), field)
        terms[tid] = Term(tid, raw["term"], raw["definition"], as_tuple(raw.get("aliases")), raw.get("case_sensitive", False),
                          raw.get("english"), as_tuple(raw.get("related")), as_tuple(raw.get("sources")), raw.get("note"))
    return terms
