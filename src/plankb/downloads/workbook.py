"""du-lieu/ke-hoach.xlsx: the duties and the targets of every plan as a workbook people open in
Excel, with Vietnamese column headers and agency names (the CSV files keep the codes, for tools).

Every cell from a source is written as a string, never read as a formula or a link; the
workbook's date is fixed, so two builds of the same sources give the same bytes."""
from __future__ import annotations

import datetime
import io

import xlsxwriter

from plankb.model import LEVELS, ROLES, Corpus
from plankb.relations import Relations

# A fixed creation date (the files inside the .xlsx carry it): builds stay byte-identical.
CREATED = datetime.datetime(2000, 1, 1)


def _plan_name(corpus: Corpus, plan_id: str) -> str:
    plan = corpus.plans[plan_id]
    return f"{plan.kind} {plan.number or ''} {corpus.places[plan.place].name} {plan.period}".replace("  ", " ")


def _names(corpus: Corpus, ids: tuple[str, ...]) -> str:
    return "; ".join(corpus.agencies[a].name for a in ids)


def duties_and_targets(corpus: Corpus, rel: Relations) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    book.set_properties({"title": "Nhiệm vụ và chỉ tiêu phòng, chống mại dâm", "created": CREATED})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def sheet(name: str, header: list[str], widths: list[int], rows: list[list[str | float]]) -> None:
        table = book.add_worksheet(name)
        table.freeze_panes(1, 0)
        for column, (title, width) in enumerate(zip(header, widths, strict=True)):
            table.write_string(0, column, title, bold)
            table.set_column(column, column, width, wrap)
        for r, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, str):
                    table.write_string(r, column, value, wrap)
                else:
                    table.write_number(r, column, value, wrap)
        table.autofilter(0, 0, len(rows), len(header) - 1)

    sheet("Nhiệm vụ", ["Kế hoạch", "Cấp", "Mục", "Cơ quan được giao", "Vai trò", "Cơ quan phối hợp", "Nhiệm vụ (lời văn)"],
          [30, 8, 26, 36, 14, 36, 80],
          [[_plan_name(corpus, d.plan.id), LEVELS[d.plan.level], d.node.label, _names(corpus, d.agencies),
            ", ".join(ROLES[r] for r in d.node.roles), _names(corpus, d.partners), d.node.words] for d in rel.duties])
    targets = []
    for plan in corpus.plans_newest_first():
        for node in plan.targets():
            for m in node.measures or (None,):
                indicator = corpus.indicators[m.indicator].name if m else ""
                targets.append([_plan_name(corpus, plan.id), LEVELS[plan.level], node.label, indicator,
                                m.comparator if m else "", m.value if m else "", m.unit if m else "",
                                str(m.year) if m and m.year else "", node.words])
    sheet("Chỉ tiêu", ["Kế hoạch", "Cấp", "Mục", "Chỉ số", "So sánh", "Giá trị", "Đơn vị", "Năm", "Chỉ tiêu (lời văn)"],
          [30, 8, 26, 36, 8, 10, 10, 8, 80], targets)
    book.close()
    return out.getvalue()
