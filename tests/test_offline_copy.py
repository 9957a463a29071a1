"""The offline copy as the trainer guide offers it (plankb.offline_copy) and its zip
(scripts/build_offline.py): size and date as a reader says them, the date and the bytes the
sources' (SOURCE_DATE_EPOCH), one paragraph for each kind of build."""
from __future__ import annotations

import zipfile

import build_offline
from plankb.links import Linker
from plankb.offline_copy import MARKER, OfflineCopy, size_vi, source_date

GUIDE = "huong-dan/giang-vien.md"


def test_sizes_read_with_a_decimal_comma():
    assert size_vi(2_875_249) == "2,9 MB"
    assert size_vi(12_000_000) == "12,0 MB"
    assert size_vi(850_400) == "850 kB"
    assert size_vi(10) == "1 kB"


def test_the_date_is_the_sources_in_vietnam(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767200400")  # 2025-12-31 17:00 UTC: 1 January in Vietnam
    assert source_date().isoformat() == "2026-01-01"


def test_the_guide_links_the_published_zip_with_its_size_and_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    zip_path = tmp_path / "ban.zip"
    zip_path.write_bytes(b"x" * 1_234_567)
    page = f"Trước.\n\n{MARKER}\n\nSau."
    html = OfflineCopy(zip=zip_path).replace(GUIDE, page, Linker(True))
    assert MARKER not in html and html.startswith("Trước.") and html.endswith("Sau.")
    assert ('<a href="../../tai-ve/ke-hoach-pcmd-offline.zip" download data-bytes="1234567">Tải bản sao ngoại tuyến '
            "(ke-hoach-pcmd-offline.zip, 1,2 MB, cập nhật ngày 01/01/2026)</a>") in html
    # Opened from a folder (use_directory_urls: false) the same link goes from the page's file.
    assert 'href="../tai-ve/ke-hoach-pcmd-offline.zip"' in OfflineCopy(zip=zip_path).replace(GUIDE, page, Linker(False))


def test_the_copy_says_it_is_the_copy_and_a_build_without_it_says_where_it_comes_from(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    itself = OfflineCopy(is_this_copy=True).paragraph(GUIDE, Linker(False))
    assert "Bạn đang xem chính bản sao ngoại tuyến</strong> (cập nhật ngày 01/01/2026)" in itself and "<a " not in itself
    online = OfflineCopy(is_this_copy=True, site_url="https://vi.example/kho/").paragraph(GUIDE, Linker(False))
    assert '<a href="https://vi.example/kho/tai-ve/ke-hoach-pcmd-offline.zip">' in online
    neither = OfflineCopy().paragraph(GUIDE, Linker(True))
    assert "make deploy" in neither and "make offline" in neither and "<a " not in neither


def test_the_zip_is_the_same_bytes_for_the_same_sources(tmp_path, monkeypatch):
    site = tmp_path / "ke-hoach-pcmd-offline"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("<p>Trang chủ</p>", encoding="utf-8")
    (site / "b" / "c.js").write_text("x = 1;", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build_offline.write_zip(site, tmp_path / "1.zip")
    (site / "index.html").touch()  # another mtime, same content
    build_offline.write_zip(site, tmp_path / "2.zip")
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "1.zip") as archive:
        assert archive.namelist() == ["ke-hoach-pcmd-offline/b/c.js", "ke-hoach-pcmd-offline/index.html"]
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
