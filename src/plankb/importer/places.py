"""The plan's place: from the registry, else from the official list of administrative units.

The units after 1 July 2025 (34 provinces, 3,321 communes, with codes) come from the
`vietnam-provinces` package; the units before it (63 provinces, their districts and communes)
from that package's 0.6.0 data, which `make` unpacks into `.venv/share/` (a newer version of a
package cannot be installed next to an older one). A plan dated before 1 July 2025 is placed in
the old list, a later one in the new.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from plankb.importer.registry import Registry
from plankb.text.vietnamese import PLACE_UNIT, fold, slugify

REFORM_YEAR = 2025  # the two-level local government started on 1 July 2025
OLD_UNITS = Path(sys.prefix) / "share" / "vietnam-provinces-0.6.0" / "flat-divisions.json"
LEVEL_OF = {"tỉnh": "tinh", "thành phố": "tinh", "huyện": "huyen", "thị xã": "huyen", "quận": "huyen",
            "xã": "xa", "phường": "xa", "thị trấn": "xa"}


@dataclass(frozen=True)
class Unit:
    name: str        # as the list writes it, lower-case kind first: "xã Kim Tân"
    level: str       # tinh / huyen / xa
    code: str        # the official code
    province: str    # the province's name without its kind, "Thanh Hóa"
    district: str | None = None
    listed: str = "2025"


def _bare(name: str) -> str:
    return PLACE_UNIT.sub("", name.strip())


def _kind(name: str) -> str:
    match = PLACE_UNIT.match(name.strip())
    return match.group(1).lower() if match else ""


@cache
def new_units() -> tuple[Unit, ...]:
    from vietnam_provinces import Province, Ward
    provinces = {p.code: p for p in Province.iter_all()}
    units = [Unit(f"{'thành phố' if 'Thành phố' in p.name else 'tỉnh'} {_bare(p.name)}", "tinh",
                  str(p.code.value), _bare(p.name)) for p in provinces.values()]
    for ward in Ward.iter_all():
        province = provinces[ward.province_code]
        units.append(Unit(f"{_kind(ward.name)} {_bare(ward.name)}", "xa", str(ward.code.value),
                          _bare(province.name)))
    return tuple(units)


@cache
def old_units() -> tuple[Unit, ...]:
    if not OLD_UNITS.exists():
        return ()
    rows = json.loads(OLD_UNITS.read_text(encoding="utf-8"))
    units: dict[str, Unit] = {}
    for row in rows:
        province = _bare(row["province_name"])
        units.setdefault(f"p{row['province_code']}", Unit(
            f"{'thành phố' if row['province_name'].startswith('Thành phố') else 'tỉnh'} {province}", "tinh",
            str(row["province_code"]), province, listed="2024"))
        district = row["district_name"]
        units.setdefault(f"d{row['district_code']}", Unit(
            f"{_kind(district)} {_bare(district)}", "huyen", str(row["district_code"]), province,
            listed="2024"))
        units.setdefault(f"w{row['ward_code']}", Unit(
            f"{_kind(row['ward_name'])} {_bare(row['ward_name'])}", "xa", str(row["ward_code"]), province,
            _bare(district), listed="2024"))
    return tuple(units.values())


def units_for(year: int | None) -> tuple[Unit, ...]:
    return new_units() if year is None or year > REFORM_YEAR else old_units() or new_units()


def find_units(kind: str, name: str, year: int | None) -> list[Unit]:
    wanted = fold(f"{kind} {name}").lower()
    return [u for u in units_for(year) if fold(u.name).lower() == wanted]


def place_id(unit: Unit) -> str:
    return slugify(_bare(unit.name))


def resolve(registry: Registry, kind: str, name: str, year: int | None,
            province_hint: str | None = None) -> tuple[str | None, list[str]]:
    """The registry id of "<kind> <name>", proposing an entry from the official list if needed.

    Returns the id (or None) and what the maintainer must check.
    """
    wanted = fold(f"{kind} {name}").lower()
    for place_id_, place in registry.all_places().items():
        if fold(place.get("name", "")).lower() == wanted:
            return place_id_, []
    units = find_units(kind, name, year)
    if province_hint and len(units) > 1:
        units = [u for u in units if fold(u.province).lower() == fold(province_hint).lower()] or units
    if not units:
        return None, [f"không thấy «{kind} {name}» trong danh mục đơn vị hành chính: thêm địa bàn vào plans/places.yml"]
    unit = units[0]
    entry: dict = {"id": place_id(unit), "name": unit.name, "level": unit.level, "code": unit.code}
    parent = _parent(registry, unit, year)
    if parent:
        entry["parent"] = parent
    registry.proposed_places[entry["id"]] = entry
    notes = [f"địa bàn mới {entry['id']} theo danh mục {unit.listed} (mã {unit.code}): kiểm tra"]
    if len(units) > 1:
        notes.append(f"có {len(units)} đơn vị tên «{unit.name}»; đã chọn mã {unit.code} ({unit.province})")
    return entry["id"], notes


def _parent(registry: Registry, unit: Unit, year: int | None) -> str | None:
    if unit.level == "tinh":
        return "viet-nam"
    above = [("huyen", unit.district)] if unit.district and unit.level == "xa" else []
    above.append(("tinh", unit.province))
    for level, name in above:
        for known_id, place in registry.all_places().items():
            if place.get("level") == level and fold(_bare(place.get("name", ""))).lower() == fold(name or "").lower():
                return known_id
    return None
