"""The offline copy for workshops (scripts/build_offline.py: the site built to open from a folder,
zipped) and how the trainer guide offers it: a hand-written page holding the marker gets a
paragraph instead, with the zip's link, size and date when the site is published with it
(`make deploy`), "this is the copy" in the copy itself, and where it comes from otherwise.
The date is the sources' (SOURCE_DATE_EPOCH: the last commit's, as `make` sets it), so a rebuild
of the same commit writes the same page."""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from plankb.links import Linker
from plankb.text.markup import esc

FOLDER = "ke-hoach-pcmd-offline"  # the one folder inside the zip: unzip, open FOLDER/index.html
SITE_PATH = f"tai-ve/{FOLDER}.zip"  # where the published site holds it
MARKER = "[[ban-ngoai-tuyen]]"  # in a hand-written page (docs/huong-dan/giang-vien.md)
ANCHOR = "ban-ngoai-tuyen"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def source_date() -> datetime.date:
    """The day of the sources in Vietnam: SOURCE_DATE_EPOCH's when set, else today's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.datetime.fromtimestamp(int(epoch), VIETNAM) if epoch.isdigit() else datetime.datetime.now(VIETNAM)
    return moment.date()


def size_vi(size: int) -> str:
    """Bytes as a reader says them, with a decimal comma: '3,4 MB', '850 kB'."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"
    return f"{max(1, round(size / 1000))} kB"


@dataclass(frozen=True)
class OfflineCopy:
    """What the build knows of the offline copy: the zip it publishes (`make deploy`), or that it
    is the copy (`make offline`), or neither (`make build`, `make serve`)."""
    zip: Path | None = None
    is_this_copy: bool = False
    site_url: str = ""

    site_path = SITE_PATH

    def paragraph(self, src: str, linker: Linker) -> str:
        """The HTML that takes the marker's place on page `src`."""
        day = source_date().strftime("%d/%m/%Y")
        if self.is_this_copy:
            latest = (f' Bản mới nhất: <a href="{esc(self.site_url + SITE_PATH)}">{esc(self.site_url + SITE_PATH)}</a>.'
                      if self.site_url else " Bản mới nhất được đăng cùng trang web của kho, ở đúng mục này của hướng dẫn.")
            return (f'<p id="{ANCHOR}"><strong>Bạn đang xem chính bản sao ngoại tuyến</strong> (cập nhật ngày {day}): '
                    f"mọi trang mở từ thư mục trên máy, không cần mạng, tìm kiếm vẫn hoạt động.{latest}</p>")
        if self.zip is not None:
            size = self.zip.stat().st_size
            return (f'<p id="{ANCHOR}"><a href="{esc(linker.href(src, SITE_PATH))}" download data-bytes="{size}">'
                    f"Tải bản sao ngoại tuyến ({FOLDER}.zip, {size_vi(size)}, cập nhật ngày {day})</a>: giải nén, "
                    f"mở tệp <code>{FOLDER}/index.html</code> bằng trình duyệt; mọi trang mở từ thư mục trên máy, "
                    "không cần mạng, tìm kiếm vẫn hoạt động.</p>")
        return (f'<p id="{ANCHOR}">Bản sao ngoại tuyến (tệp .zip) được đăng kèm trang mỗi lần xuất bản '
                "(<code>make deploy</code>); bản dựng này không có nó. Người cập nhật dữ liệu tạo riêng một bản bằng "
                "lệnh <code>make offline</code>.</p>")

    def replace(self, src: str, markdown: str, linker: Linker) -> str:
        return markdown.replace(MARKER, self.paragraph(src, linker)) if MARKER in markdown else markdown
