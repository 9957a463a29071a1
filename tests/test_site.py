"""The built site: plan pages, agency pages, indexes, open data, glossary and links."""
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import PLAN_IDS
from textcheck import visible_text


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_plan_page_has_card_and_numbered_anchored_text(site):
    html = page(site, "ke-hoach/hong-ngu-2022")
    assert 'id="thong-tin"' in html
    assert "không rõ" in html  # number and date are not in the text
    assert re.search(r'<h2 id="iv"[^>]*>IV\. TỔ CHỨC THỰC HIỆN\.', html)
    assert 'id="iv-1-p1"' in html and 'href="#iv-1-p1"' in html


def test_plans_index_lists_every_plan_by_level(site):
    html = page(site, "ke-hoach")
    for plan_id in PLAN_IDS:
        assert f'href="{plan_id}/"' in html
    assert html.index('id="cap-tinh"') < html.index('id="cap-huyen"') < html.index('id="cap-xa"')


@pytest.fixture(scope="module")
def data(site):
    return json.loads((site / "du-lieu" / "ke-hoach.json").read_text(encoding="utf-8"))


def test_open_data_contract(data):
    plan = next(p for p in data["plans"] if p["id"] == "ninh-thuan-2021-2025")
    assert plan["number"] == "5971/KH-UBND" and plan["issued"] == "2021-11-01"
    assert plan["period"] == {"from": 2021, "to": 2025}
    assert {"id", "title", "level", "place", "period", "number", "issued", "issuer", "signer", "url",
            "targets", "responsibilities", "reporting"} <= set(plan)
    measure = next(m for t in plan["targets"] for m in t["measures"])
    assert isinstance(measure["value"], (int, float))
    block = plan["responsibilities"][0]
    assert {"id", "number", "heading", "agencies", "duties", "url"} <= set(block)
    assert {"id", "text", "url"} <= set(block["duties"][0])
    assert {"text", "reporter", "to", "via", "frequency", "deadline"} <= set(plan["reporting"][0])
    assert {a["id"] for a in data["agencies"]} >= set(block["agencies"])
    assert data["indicators"]


def test_unknown_number_stays_null(data):
    plan = next(p for p in data["plans"] if p["id"] == "hong-ngu-2022")
    assert plan["number"] is None and plan["issued"] is None


def test_every_duty_is_on_exactly_the_pages_of_its_agencies(site, data):
    pages = {}
    for agency in data["agencies"]:
        html = page(site, f"co-quan/{agency['id']}")
        pages[agency["id"]] = set(re.findall(r'id="([a-z0-9-]+--[a-z0-9-]+)"', html))
    for plan in data["plans"]:
        for duty in plan["duties"]:
            key = f"{plan['id']}--{duty['id']}"
            holders = {aid for aid, keys in pages.items() if key in keys}
            assert holders == set(duty["agencies"]), key


def test_hong_ngu_labour_office_duties_partners_and_deadlines(site):
    html = page(site, "co-quan/phong-ldtbxh-hong-ngu")
    assert len(re.findall(r'class="kh-duty-row"', html)) == 4
    partners = html[html.index('id="phoi-hop"'):]
    assert "Phòng Y tế" in partners
    assert "trước 15/6" in html and "trước 15/12" in html


def test_agency_list_is_in_vietnamese_order(site):
    html = page(site, "co-quan")
    az = html[html.index('class="kh-az"'):]
    names = re.findall(r'<a href="[^"]+" title="([^"]+)"', az)
    from plankb.text.vietnamese import sort_key
    assert names == sorted(names, key=sort_key)
    assert names.index("Đài Phát thanh và Truyền hình tỉnh Ninh Thuận") > names.index("Công an xã Kim Tân")


def test_measure_links_to_its_indicator(site):
    html = page(site, "ke-hoach/quang-tri-2022-2025")
    assert 'href="../../chi-tieu/lao-dong-kcn-tuyen-truyen/"' in html


def test_industrial_park_workers_compared_on_one_page(site):
    html = page(site, "chi-tieu/lao-dong-kcn-tuyen-truyen")
    text = visible_text(html)
    # Each plan's value as the plan writes it ("ít nhất 50%"), not as a sign ("≥ 50%").
    for label, value in (("ninh thuận 2021-2025: ít nhất 50%", "50%"), ("quảng nam 2025: 60%", "60%"),
                         ("quảng trị 2022-2025: ít nhất 60%", "60%")):
        assert label in text and value in text
    for plan_id in ("ninh-thuan-2021-2025", "quang-nam-2025", "quang-tri-2022-2025"):
        assert re.search(rf'href="\.\./\.\./ke-hoach/{plan_id}/#[a-z0-9-]+"', html), plan_id
    assert re.search(r'<svg role="img" aria-labelledby="[^"]+"', html) and "<desc" in html


def test_glossary_links_terms_where_they_are_read(site):
    tri = page(site, "ke-hoach/quang-tri-2022-2025")
    # The first spelling in the section carries the link ("Đội kiểm tra liên ngành phòng, chống mại dâm
    # (Đội kiểm tra 178)"); later spellings of the same term in that section stay plain.
    assert re.search(r'<a class="kh-term" href="../../thuat-ngu/#doi-178">Đội kiểm tra liên ngành', tri)
    assert re.search(r'<a class="kh-term" href="../../thuat-ngu/#bcd-138">Ban chỉ đạo phòng, chống tội phạm', tri)
    hong = page(site, "ke-hoach/hong-ngu-2022")
    assert re.search(r'<a class="kh-term" href="../../thuat-ngu/#bcd-138"[^>]*>BCĐ 138/ĐP', hong)


def test_glossary_page_is_alphabetical_and_shows_usage(site):
    html = page(site, "thuat-ngu")
    names = re.findall(r'<h3 class="kh-term-name">([^<]+?) <a', html)
    from plankb.text.vietnamese import sort_key
    assert len(names) >= 40 and names == sorted(names, key=sort_key)
    entry = html[html.index('id="giam-hai"'):]
    entry = entry[: entry.index('class="kh-term-entry"', 10)]
    assert "Dùng trong" in entry and "ke-hoach/" in entry


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.hrefs.append(attrs[name])


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def broken_links(site):
    """Every internal href/src whose file, or whose #anchor in that file, does not exist."""
    parsed = {}
    for file in site.rglob("*.html"):
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        parsed[file] = parser
    broken = []
    for file, parser in parsed.items():
        base = "/" + file.relative_to(site).as_posix()
        for href in parser.hrefs:
            url = urlparse(urljoin(base, href))
            if url.scheme not in ("", "file") or href.startswith(("mailto:", "data:")):
                continue
            target = site / unquote(url.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{base}: {href}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parsed[target].ids:
                broken.append(f"{base}: {href} (neo)")
    return broken


def test_no_orphan_pages(site):
    linked = set()
    for file in site.rglob("*.html"):
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        base = "/" + file.relative_to(site).as_posix()
        for href in parser.hrefs:
            path = unquote(urlparse(urljoin(base, href)).path)
            linked.add(path if not path.endswith("/") else path + "index.html")
    pages = {"/" + f.relative_to(site).as_posix() for f in site.rglob("index.html")}
    orphans = sorted(p for p in pages - linked if p not in ("/index.html", "/404.html"))
    assert orphans == []


def test_no_request_to_another_host(site):
    offenders = []
    for file in list(site.rglob("*.html")) + list(site.rglob("*.css")):
        text = file.read_text(encoding="utf-8", errors="ignore")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"|url\((https?://[^)]+)\)', text):
            found = url[0] or url[1]
            if found:
                offenders.append(f"{file.relative_to(site)}: {found}")
    assert [o for o in offenders if "fonts.g" in o or "cdn" in o] == []


def test_plans_whose_period_is_over_say_so_on_their_page_and_in_lists(site, corpus):
    """A plan of 2021–2025 read in 2026 is marked, on its page and in the plan lists; the year
    is the build's (SOURCE_DATE_EPOCH: the last commit's), so a rebuild gives the same pages."""
    from plankb.site_files import build_year

    index = (site / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    ended = {p.id for p in corpus.plans.values() if p.period_to < build_year()}
    assert "ninh-thuan-2021-2025" in ended
    for plan in corpus.plans.values():
        page = (site / "ke-hoach" / plan.id / "index.html").read_text(encoding="utf-8")
        assert ('class="kh-ended-note"' in page) == (plan.id in ended), plan.id
        row = index.split(f'href="{plan.id}/"', 1)[1].split("</tr>", 1)[0]
        assert ("đã hết thời kỳ" in row) == (plan.id in ended), plan.id
    level = (site / "cap" / "tinh" / "index.html").read_text(encoding="utf-8")
    assert "đã hết thời kỳ" in level


def _notes(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", n) for n in re.findall(r'<p class="admonition-title">Thay đổi</p><p>(.*?)</p>', page)]


def test_the_2025_reform_is_on_every_agency_page_it_touches(site):
    """An agency whose place ended (a district on 1/7/2025, a province merged into another) says so
    at the top, with who took over or "chưa rõ"; one whose place goes on does not."""
    def read(agency: str) -> str:
        return (site / "co-quan" / agency / "index.html").read_text(encoding="utf-8")

    health = _notes(read("so-y-te-quang-nam"))
    assert any("tỉnh Quảng Nam: Sáp nhập vào thành phố Đà Nẵng" in n and "chưa rõ" in n for n in health)
    assert sum("01/3/2025" in n or "01/03/2025" in n for n in health) == 2  # its own note, and whom it succeeds (once)
    assert not any("Nghị định 42/2025" in n for n in health[:1])  # the predecessor's note is not said again
    assert any("huyện Hồng Ngự: Cấp huyện chấm dứt hoạt động" in n for n in _notes(read("ubnd-huyen-hong-ngu")))
    assert _notes(read("cong-an-xa-kim-tan")) == []  # Thanh Hóa and Kim Tân go on
    # The place that took a province in points to that province and its plans.
    da_nang = (site / "dia-ban" / "da-nang" / "index.html").read_text(encoding="utf-8")
    taken = da_nang.split("Tiếp nhận địa bàn", 1)[1].split("</div>", 1)[0]
    assert "tỉnh Quảng Nam" in taken and 'href="../../ke-hoach/quang-nam-2025/"' in taken


def test_level_pages_group_duties_by_area_and_agencies_by_place(site):
    """/cap/xa/: duties by area of the programme (not the first words of duties), agencies under
    their place, and an agency a plan names says how (UBND xã Kim Tân, Hội LHPN: not "0")."""
    page = (site / "cap" / "xa" / "index.html").read_text(encoding="utf-8")
    assert "Mở đầu nhiệm vụ" not in page and "Triển khai công" not in page
    areas = page.split('id="nhiem-vu-theo-linh-vuc"', 1)[1].split("</table>", 1)[0]
    assert 'href="../../linh-vuc/tuyen-truyen/"' in areas
    kim_tan = page.split('id="co-quan-kim-tan"', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r"<tr><td><a [^>]*>([^<]*)</a></td><td>(.*?)</td></tr>", kim_tan))
    assert rows["Công an xã Kim Tân"].startswith("8 nhiệm vụ")
    assert rows["Ủy ban nhân dân xã Kim Tân"] != "0" and "nhiệm vụ" in rows["Ủy ban nhân dân xã Kim Tân"]
    assert "nhiệm vụ" in rows["Hội Liên hiệp Phụ nữ xã Kim Tân"]


class _Chrome(HTMLParser):
    """The words of a page a reader meets outside the page's own text (header, tabs, sidebars,
    footer: anything outside <article>), and every title, aria-label, placeholder and alt, inside
    it too: text with Latin letters and no Vietnamese one is English left in."""
    VIETNAMESE = re.compile(r"[À-ỹĐđ]")
    LETTERS = re.compile(r"[A-Za-z]{2,}")
    SKIP = {"script", "style", "svg", "code", "pre", "kbd"}
    # Vietnamese words without a mark, and names: none is English.
    KNOWN = {"Sau", "BibTeX", "HIV/AIDS", "UBND", "CSV", "JSON", "YAML"}

    def __init__(self):
        super().__init__()
        self.article = self.skipped = 0
        self.english: list[str] = []

    def _check(self, text: str, where: str) -> None:
        text = text.strip()
        if self.LETTERS.search(text) and not self.VIETNAMESE.search(text) and text not in self.KNOWN:
            self.english.append(f"{where}{text}")

    def handle_starttag(self, tag, attrs):
        self.skipped += tag in self.SKIP
        self.article += tag == "article"
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self._check(value, f"@{name}=")

    def handle_endtag(self, tag):
        self.skipped -= tag in self.SKIP
        self.article -= tag == "article"

    def handle_data(self, data):
        if not (self.skipped or self.article):
            self._check(data, "")


def test_the_chrome_is_vietnamese_throughout(site):
    """No English in what frames every page ("Made with Material for MkDocs", aria-label="Tabs"),
    in any title or label, or on the 404 page."""
    english: dict[str, int] = {}
    for file in site.rglob("*.html"):
        parser = _Chrome()
        parser.feed(file.read_text(encoding="utf-8"))
        for text in set(parser.english):
            english[text] = english.get(text, 0) + 1
    assert english == {}
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1" in not_found and "Không tìm thấy trang" in not_found and "Not found" not in not_found
    assert '<html lang="vi"' in not_found


def test_the_plan_card_names_its_fields_for_readers(site):
    card = page(site, "ke-hoach/hong-ngu-2022").split('id="thong-tin"', 1)[1].split("</div>", 1)[0]
    assert "<dt>Bản dữ liệu gốc</dt>" in card and ">Tải trích dẫn (BibTeX)</a>" in card
    assert "Tệp nguồn" not in card and "Tải về" not in card


def test_values_show_as_the_plans_write_them(site):
    """"Trên 100%" as Quảng Nam writes it, not "> 100%"; its tooltip quotes the sentence."""
    matrix = page(site, "chi-tieu")
    cell = re.search(r'<a href="../ke-hoach/quang-nam-2025/#ii-5" title="([^"]+)">([^<]+)</a>', matrix)
    assert cell and cell.group(2) == "Trên 100%"
    assert cell.group(1).startswith("“Trên 100% các cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn mại dâm được tổ chức kiểm tra.”")
    assert "&gt; 100%" not in matrix
    indicator = page(site, "chi-tieu/co-so-duoc-kiem-tra")
    assert ">Trên 100%</a>" in indicator and ">từ 100%</a>" in indicator and "&gt; 100%" not in indicator
