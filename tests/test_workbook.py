"""du-lieu/ke-hoach.xlsx, read back with openpyxl as a spreadsheet reads it: one row per duty and per
target of every plan, Vietnamese headers, agency names rather than codes, linked from /du-lieu/."""
from __future__ import annotations

import openpyxl


def test_the_workbook_lists_every_duty_and_target_in_vietnamese(site, corpus):
    book = openpyxl.load_workbook(site / "du-lieu" / "ke-hoach.xlsx")
    assert book.sheetnames == ["Nhiệm vụ", "Chỉ tiêu"]
    duties = list(book["Nhiệm vụ"].values)
    assert duties[0] == ("Kế hoạch", "Cấp", "Mục", "Cơ quan được giao", "Vai trò", "Cơ quan phối hợp", "Nhiệm vụ (lời văn)")
    assert len(duties) - 1 == sum(len(p.duties()) for p in corpus.plans.values())
    row = next(r for r in duties if r[6] and r[6].startswith("Thực hiện chế độ báo cáo nhanh"))
    assert row[2] == "gạch đầu dòng thứ 8, mục IV.4" and row[3] == "Công an xã Kim Tân" and row[1] == "Xã"
    targets = list(book["Chỉ tiêu"].values)
    assert targets[0][:4] == ("Kế hoạch", "Cấp", "Mục", "Chỉ số")
    assert len(targets) > 20 and any(isinstance(r[5], (int, float)) for r in targets[1:])  # values stay numbers
    assert 'href="ke-hoach.xlsx"' in (site / "du-lieu" / "index.html").read_text(encoding="utf-8")
