"""Agency names in a plan's words, resolved to registry ids; new agencies proposed.

A name is looked up by the registry's aliases as written, among the agencies of the plan's place,
its parent places and the nation (longest alias first, whole words only), then fuzzily
(`rapidfuzz`) for spellings that differ by a letter or a mark. What no entry matches, in a
responsibility block's title, becomes a proposed entry: the name as written, completed with the
place where it ends with the level word ("Công an xã" → "Công an xã Kim Tân").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from plankb.importer.registry import Registry
from plankb.text.vietnamese import fold, slugify

# Words an agency's name starts with: where a block title lists several agencies, each part
# starting with one of these is its own agency ("Viện Kiểm sát …, Tòa án …"), and a part that
# does not is still the same name ("Sở Văn hóa, Thể thao và Du lịch").
HEADS = (
    "sở", "phòng", "công an", "ủy ban", "uỷ ban", "ubnd", "ubmttq", "ban", "đội", "tổ", "hội", "trạm",
    "trung tâm", "văn phòng", "ngân hàng", "viện", "tòa án", "toà án", "báo", "đài", "bộ", "liên đoàn",
    "tỉnh đoàn", "huyện đoàn", "đoàn", "mặt trận", "các", "lực lượng", "chi cục", "cục", "hạt", "đồn",
    "biên phòng", "ban chỉ huy", "bộ chỉ huy", "thường trực", "trường", "nhà trường", "công đoàn",
)
LEVEL_WORDS = {"tỉnh": "tinh", "huyện": "huyen", "thị xã": "huyen", "thành phố": "tinh", "xã": "xa",
               "phường": "xa", "thị trấn": "xa"}
SECTOR_WORDS: list[tuple[str, str]] = [
    ("ủy ban nhân dân", "ubnd"), ("ubnd", "ubnd"), ("văn phòng hđnd", "ubnd"), ("thôn", "ubnd"),
    ("công an", "cong-an"), ("y tế", "y-te"), ("lao động", "ldtbxh"), ("công tác xã hội", "ldtbxh"),
    ("văn hóa", "van-hoa"), ("văn hoá", "van-hoa"), ("thông tin", "thong-tin-truyen-thong"),
    ("dịch vụ công", "thong-tin-truyen-thong"), ("tư pháp", "tu-phap"), ("tài chính", "tai-chinh"),
    ("kế hoạch", "tai-chinh"), ("ngân hàng", "tai-chinh"), ("giáo dục", "giao-duc"),
    ("nhà trường", "giao-duc"), ("biên phòng", "bien-phong"), ("quân sự", "bien-phong"),
    ("kiểm sát", "kiem-sat-toa-an"), ("tòa án", "kiem-sat-toa-an"), ("toà án", "kiem-sat-toa-an"),
    ("mặt trận", "mttq-doan-the"), ("hội ", "mttq-doan-the"), ("đoàn", "mttq-doan-the"),
    ("liên đoàn", "mttq-doan-the"), ("báo ", "bao-dai"), ("đài ", "bao-dai"), ("kinh tế", "kinh-te"),
    ("công thương", "kinh-te"), ("nội vụ", "noi-vu"), ("ban chỉ đạo", "ban-chi-dao"),
    ("liên ngành", "ban-chi-dao"),
]
FUZZY_CUTOFF = 92
# Bodies that exist at one level only, whatever plan names them.
HEAD_LEVELS = [("bộ chỉ huy", "tinh"), ("sở ", "tinh"), ("bộ ", "trung-uong")]


def normalized(text: str) -> str:
    """Lower case, one spelling of the marks and dashes: the text aliases are matched in (and
    the positions `Finder.find_all` gives are positions in it)."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text.lower().replace("uỷ", "ủy").replace("hoá", "hóa").replace("toà", "tòa")).strip()


def _starts_agency(part: str) -> bool:
    """A name starts with a head word in capitals ("Tòa án …"), or with "các" ("các tổ chức …")."""
    part = part.strip()
    low = part.lower()
    if not (part[:1].isupper() or low.startswith("các ")):
        return False
    return any(low == h or low.startswith(h + " ") for h in HEADS)


def split_names(title: str) -> list[str]:
    """A block title's agencies, each as written: "Đề nghị A, B và C:" → [A, B, C]."""
    text = re.sub(r"^\s*(đề nghị|kính đề nghị)\s+", "", title.strip(), flags=re.IGNORECASE).rstrip(" :.;")
    parts = [text]
    for separator, joiner in ((r",\s*", ", "), (r"\s+và\s+", " và ")):
        out: list[str] = []
        for part in parts:
            pieces = re.split(separator, part)
            merged = [pieces[0]]
            for piece in pieces[1:]:
                # "Văn phòng HĐND và UBND xã" is one office.
                joined_office = joiner == " và " and re.search(r"(HĐND|Hội đồng nhân dân)$", merged[-1])
                if _starts_agency(piece) and not joined_office:
                    merged.append(piece)
                else:
                    merged[-1] += joiner + piece
            out += merged
        parts = out
    return [p.strip() for p in parts if p.strip()]


@dataclass
class Finder:
    registry: Registry
    place: str | None
    level: str | None
    year: int | None = None  # the plan's first year: a sector that ended before it has a successor
    new: dict[str, dict] = field(default_factory=dict)
    _alias_cache: list[tuple[str, str]] | None = field(default=None, repr=False)

    def _candidates(self) -> dict[str, dict]:
        places = self._place_chain()
        found = {}
        for agency_id, agency in self.registry.all_agencies().items():
            if agency.get("place") in places:
                found[agency_id] = agency
        return found

    def _place_chain(self) -> set[str]:
        chain, place = {"viet-nam"}, self.place
        known = self.registry.all_places()
        while place and place not in chain:
            chain.add(place)
            place = (known.get(place) or {}).get("parent")
        return chain

    def _aliases(self) -> list[tuple[str, str]]:
        if self._alias_cache is None:
            self._alias_cache = self._sorted_aliases()
        return self._alias_cache

    def _sorted_aliases(self) -> list[tuple[str, str]]:
        pairs = []
        for agency_id, agency in self._candidates().items():
            for name in [agency.get("name"), agency.get("short"), *(agency.get("aliases") or [])]:
                if name:
                    pairs.append((normalized(name), agency_id))
        # Longest first, the plan's own place before its parents: "Công an xã" of this commune.
        own = {a for a, e in self._candidates().items() if e.get("place") == self.place}
        return sorted(pairs, key=lambda p: (-len(p[0]), p[1] not in own))

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Every agency named in `text`: (start, end, id), leftmost-longest, not overlapping."""
        low = normalized(text)
        taken: list[tuple[int, int, str]] = []
        for alias, agency_id in self._aliases():
            for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", low):
                if not any(s < match.end() and match.start() < e for s, e, _ in taken):
                    taken.append((match.start(), match.end(), agency_id))
        return sorted(taken)

    def lookup(self, name: str) -> str | None:
        key = normalized(name)
        exact = [agency_id for alias, agency_id in self._aliases() if alias == key]
        if exact:
            return exact[0]
        choices = {i: alias for i, (alias, _) in enumerate(self._aliases())}
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        # A letter or a mark may differ, never the kind of body: "Sở Lao động …" is not "Bộ Lao động …".
        if best and best[0].split(" ")[0] == key.split(" ")[0]:
            return self._aliases()[best[2]][1]
        return None

    def resolve(self, name: str) -> tuple[str, bool]:
        """The id for one agency name as written, and whether it is a new (proposed) entry."""
        found = self.lookup(name)
        if found:
            return found, found in self.new
        entry = self.propose(name)
        return entry["id"], True

    def name_in_text(self, text: str) -> list[str]:
        """Propose entries for agencies a sentence names that no entry matches; their ids."""
        taken = self.find_all(text)
        low = normalized(text)
        proposed = []
        for match in NAMED.finditer(text):
            for name in split_names(match.group(0)):
                if not name[:1].isupper():
                    continue  # "các ngành" in running text is a group the maintainer names, not an agency
                start = low.find(normalized(name))
                if not 2 <= len(name.split()) <= MAX_NAME_WORDS or any(s <= start < e for s, e, _ in taken):
                    continue
                agency_id, new = self.resolve(name)
                if new:
                    proposed.append(agency_id)
        return proposed

    def propose(self, written: str) -> dict:
        """A new registry entry for a name no entry matches, in the plan's place or, when the name
        ends with the level word of a place above it ("UBND tỉnh" in a commune's plan), there."""
        place, level = self.place, self.level
        name = written[:1].upper() + written[1:]
        low = name.lower()
        place_name = ""
        head_level = next((lv for head, lv in HEAD_LEVELS if low.startswith(head)), None)
        if head_level:
            place, level = self._place_at(head_level)
            name = f"{name} {self.registry.all_places().get(place or '', {}).get('name', '')}".strip()
        for word in ([] if head_level else LEVEL_WORDS):
            if low.endswith(" " + word):
                above = self._place_of_level(word)
                if above:
                    place, level = above
                    place_name = self.registry.all_places()[place]["name"]
                    name = name[: -len(word)] + place_name
                break
        else:
            place_name = (self.registry.all_places().get(place or "") or {}).get("name", "")
            if not head_level and place_name and not low.startswith("các ") and not low.endswith(place_name.lower()):
                name = f"{name} {place_name}"
        if re.search(r"\bcác (xã|phường|thị trấn)\b|cấp xã", low):
            level = "xa"
        elif re.search(r"\bcác (huyện|thị xã)\b|cấp huyện", low):
            level = "huyen"
        agency_id = self._new_id(written, place)
        aliases = [written]
        bare = re.sub(r"\s+(tỉnh|huyện|xã|thị xã|phường|thị trấn)$", "", written, flags=re.IGNORECASE)
        if bare != written and len(bare.split()) >= 3:
            aliases.append(bare)  # "Phòng Văn hóa - Xã hội xã" is also written without its "xã"
        entry: dict = {"id": agency_id, "name": name, "aliases": aliases, "level": level,
                       "place": place, "sector": self._current(sector_of(written))}
        if entry["sector"] != sector_of(written):
            entry["former_sector"] = sector_of(written)
        if name.startswith("UBND "):  # the official name in full, the abbreviation as its short name
            entry["name"], entry["short"] = "Ủy ban nhân dân " + name[5:], name
        if low.startswith("các ") or " các " in low:
            entry["collective"] = True
        self.new[agency_id] = entry
        self.registry.proposed_agencies[agency_id] = entry
        self._alias_cache = None
        return entry

    def _current(self, sector: str) -> str:
        """The sector as the 2025 structure files it for a plan of `year` ("ldtbxh" → "y-te")."""
        known = self.registry.sectors.get(sector) or {}
        ended = str(known.get("ended") or "")
        successors = known.get("successors") or []
        if ended and successors and self.year and self.year > int(ended[:4]):
            return successors[0]["sector"]
        return sector

    def add_names(self, agency_id: str, aliases: list[str], short: str | None = None) -> None:
        """More ways the plan writes a proposed entry's name."""
        entry = self.new[agency_id]
        entry["aliases"] += [a for a in aliases if a not in entry["aliases"]]
        if short:
            entry["short"] = short
        self._alias_cache = None

    def _place_at(self, level: str) -> tuple[str | None, str | None]:
        """The plan's place or the one above it at `level` (a Sở is a province's, a Bộ the nation's)."""
        known = self.registry.all_places()
        place = self.place
        while place and place in known:
            if known[place].get("level") == level:
                return place, level
            place = known[place].get("parent")
        return self.place, self.level

    def _place_of_level(self, word: str) -> tuple[str, str] | None:
        """The plan's place or the place above it whose name starts with `word` ("tỉnh …")."""
        known = self.registry.all_places()
        place = self.place
        while place and place in known:
            if known[place].get("name", "").lower().startswith(word + " "):
                return place, known[place].get("level", LEVEL_WORDS[word])
            place = known[place].get("parent")
        return None

    def _new_id(self, written: str, place: str | None) -> str:
        """A readable id as maintainers write them: abbreviations for the long names ("ubnd",
        "ldtbxh"), the rest of the name, the place: "so-ldtbxh-quang-tri", "cong-an-xa-kim-tan"."""
        text = " ".join(re.findall(r"\w+", fold(written).lower()))
        text = re.sub(r"^cac ", "", text)
        for long, short in ID_ABBREVIATIONS:
            text = re.sub(rf"\b{long}\b", short, text)
        words = text.split()
        base = "-".join(words[:6])
        suffix = slugify(place or "")
        base = f"{base}-{suffix}" if suffix and not base.endswith(suffix) else base
        agency_id, n = base, 1
        while agency_id in self.registry.all_agencies():
            n += 1
            agency_id = f"{base}-{n}"
        return agency_id


# How maintainers shorten the long names in ids.
ID_ABBREVIATIONS = [
    ("uy ban nhan dan", "ubnd"), ("uy ban mat tran to quoc viet nam", "ubmttq"), ("mat tran to quoc viet nam", "mttq"),
    ("lao dong thuong binh va xa hoi", "ldtbxh"), ("van hoa the thao va du lich", "vhttdl"),
    ("thong tin va truyen thong", "tttt"), ("giao duc va dao tao", "gddt"), ("hoi dong nhan dan", "hdnd"),
    ("chinh sach xa hoi", "csxh"), ("tai chinh va ke hoach", "tckh"), ("phat thanh va truyen hinh", "ptth"),
    ("phat thanh truyen hinh", "ptth"), ("vien kiem sat nhan dan", "vksnd"), ("toa an nhan dan", "tand"),
    ("bo chi huy bo doi bien phong", "bchbdbp"), ("lien hiep phu nu", "lhpn"), ("dich vu cong", "dvc"),
    ("trung tam", "trung-tam"), ("tren dia ban", ""),
]


# Where an agency's name ends in running text: the verb or preposition that follows it.
VERBS = ("để", "theo", "về", "khi", "trước", "tình hình", "kết quả", "xem xét", "định kỳ", "hướng dẫn", "tổ chức",
         "triển khai", "chỉ đạo", "thực hiện", "đẩy mạnh", "tăng cường", "xây dựng", "kiểm tra", "tuyên truyền",
         "rà soát", "tham mưu", "phối hợp", "quản lý", "cung cấp", "giải quyết", "nâng cao", "duy trì", "trong",
         "cùng", "có", "đối với", "tại", "ở", "nhằm", "thông tin", "tiếp nhận", "xử lý", "vận động", "tập huấn", "lồng ghép")
MAX_NAME_WORDS = 12
# A capitalised agency head in running text, up to where the name ends.
NAMED = re.compile(
    r"(?<![\w-])(?:Sở|Phòng|Ủy ban|Mặt trận|UBND|Bộ|Công an|Trạm|Trung tâm|Đội|Tổ(?! [Qq]uốc| chức)|Hội|"
    r"Viện|Tòa án|Báo|Đài|Liên đoàn|Cục|Chi cục)\s[^,;.:()]*?"
    r"(?=\s+(?:" + "|".join(VERBS) + r")\b|[,;.:()]|$)"
)


def sector_of(name: str) -> str:
    low = normalized(name) + " "
    for word, sector in SECTOR_WORDS:
        if word in low:
            return sector
    return "ubnd"
