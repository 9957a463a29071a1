"""The 2025 reform against the plans: a plan issued after a sector ended does not file the agencies
it assigns work to under that sector (E217), nor assign work to an agency after its successor
took over (E218). A plan is known to come after a day only from what its sources give: its date
of issue, else the latest dated document it implements or cites as its basis, else the year
before its period begins (a plan is not issued earlier than that)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from plankb.model import Agency, Plan, Reference, Sector
from plankb.text.markup import date_vi

Report = Callable[[str, int, str, str, str], None]  # (file, line, field, message, code)


def issued_no_earlier_than(plan: Plan, references: dict[str, Reference], plans: dict[str, Plan]) -> tuple[str, str]:
    """(ISO day, why): the plan was issued on that day or later, as its sources tell."""
    if plan.issued:
        return plan.issued, f"ban hành ngày {date_vi(plan.issued)}"
    found = (f"{plan.period_from - 1}-01-01", f"thời kỳ bắt đầu năm {plan.period_from}, nên ban hành không sớm hơn năm {plan.period_from - 1}")
    keys = {**{key: "căn cứ" for basis in plan.legal_basis for key in basis.cites}, **dict.fromkeys(plan.implements, "thực hiện")}
    for key, how in keys.items():
        ref, other = references.get(key), plans.get(key)
        day = (ref.date or (f"{ref.year}-01-01" if ref.year else None)) if ref else (other.issued if other else None)
        if day and day > found[0]:
            shown = f"ngày {date_vi(day)}" if ref is None or ref.date else f"năm {ref.year}"
            found = (day, f"{how} văn bản «{key}» {shown}, nên ban hành từ đó trở đi")
    return found


def assigned(plan: Plan, raw: Any) -> Iterator[tuple[str, int, str]]:
    """(agency, line, field) for every agency the plan gives a part: its issuer, the agencies and partners
    of its duties, the parties of its reports. Mentions in the text are not parts: a plan of 2026
    may well name a ministry that ended as the issuer of a document it cites."""
    yield plan.issuer, raw.key_lines["issuer"], "issuer"
    for node in plan.nodes():
        named = [(aid, "agencies") for aid in node.agencies] + [(aid, "partners") for aid in node.partners]
        if node.report:
            named += [(aid, "report") for aid in (*node.report.reporter, *node.report.to, *node.report.via)]
        for aid, field in named:
            yield aid, node.line, field


def check(problem: Report, plans: dict[str, Plan], raw_plans: dict[str, Any], agencies: dict[str, Agency],
          sectors: dict[str, Sector], references: dict[str, Reference], agency_items: dict, agencies_label: str) -> None:
    told_sector: set[str] = set()
    for plan_id in sorted(plans):
        plan = plans[plan_id]
        day, why = issued_no_earlier_than(plan, references, plans)
        told_here: set[str] = set()
        for aid, line, field in assigned(plan, raw_plans[plan_id]):
            agency = agencies.get(aid)
            if agency is None or aid in told_here:
                continue
            sector = sectors.get(agency.sector)
            if sector and sector.ended and day >= sector.ended and aid not in told_sector:
                told_sector.add(aid)
                took = ", ".join(f"«{s.sector}»" for s in sector.successors) or "chưa ghi ngành nào"
                problem(agencies_label, agency_items[aid].key_lines["sector"], "sector",
                        f"cơ quan «{aid}» thuộc ngành «{sector.id}», ngành này không còn từ {date_vi(sector.ended)}, nhưng kế hoạch "
                        f"«{plan_id}» ({why}) giao việc cho cơ quan này ({plan.file}:{line}): xếp cơ quan vào ngành tiếp nhận "
                        f"({took}) và ghi «former_sector: {sector.id}»", "E217")
            succession = agency.successor
            if succession and day >= succession.date:
                told_here.add(aid)
                after = f"«{succession.agency}»" if succession.agency else "chưa rõ cơ quan nào"
                problem(plan.file, line, field,
                        f"kế hoạch ({why}) giao việc cho «{aid}», nhưng từ {date_vi(succession.date)} cơ quan này đã được kế nhiệm "
                        f"({after}, plans/agencies.yml): giao cho cơ quan đang hoạt động, hoặc sửa ngày «successor.date»", "E218")
