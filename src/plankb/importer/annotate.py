"""Annotations the importer reads off one node's words: duty roles, target measures matched to
indicators, reporting obligations (who, to whom, via whom, how often, by when)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from plankb.importer.agencies import Finder, normalized
from plankb.text.vietnamese import fold

ROLES = [("chu-tri", "chủ trì"), ("phoi-hop", "phối hợp"), ("tham-muu", "tham mưu"), ("thuc-hien", "thực hiện")]
INDICATOR_CUTOFF = 55

_NUMBER_WORDS = {"một": 1, "01": 1, "hai": 2, "02": 2}
MEASURE = re.compile(
    r"(?P<cmp>[Íí]t nhất|[Tt]rên|[Tt]ối thiểu|[Tt]ừ)?\s*(?P<value>\d+(?:[.,]\d+)?)\s*"
    r"(?:(?P<pct>%)|/(?P<of>\d+)\s+(?P<of_unit>xã|huyện|cơ sở))"
)
TIMES = re.compile(r"(?P<cmp>[Íí]t nhất)\s+(?P<value>một|01|\d+)\s+lần\s*/\s*(?P<per>năm|tháng|quý)")
COUNT = re.compile(r"\b(?P<value>0?\d)\s+(?P<unit>mô hình)\b")
COMPARATORS = {"ít nhất": ">=", "tối thiểu": ">=", "từ": ">=", "trên": ">"}


@dataclass(frozen=True)
class IndicatorMatch:
    indicator: str | None
    score: float


def roles(text: str, block_title: str) -> list[str]:
    """Roles in the order the duty names them; a duty that starts with none of them is done by
    the block's agency itself ("thực hiện"), one addressed with "Đề nghị" is requested."""
    low = text.lower()
    found = sorted((low.find(word), role) for role, word in ROLES if word in low)
    out = [role for _, role in found]
    requested = block_title.lower().startswith("đề nghị")
    if (not found or found[0][0] > 0) and not requested:
        out = ["thuc-hien", *[r for r in out if r != "thuc-hien"]]
    elif "thuc-hien" in out and out[0] != "thuc-hien":
        out.remove("thuc-hien")  # "chủ trì, tổ chức thực hiện": the verb of the role, not a role
    if requested:
        out.insert(0, "de-nghi")
    return out


def match_indicator(indicators: dict[str, dict], wording: str, unit: str) -> IndicatorMatch:
    key = fold(wording).lower()
    best: tuple[float, str | None] = (0.0, None)
    for indicator_id, indicator in indicators.items():
        if (indicator.get("unit") or "%") != unit:
            continue
        score = fuzz.token_set_ratio(key, fold(indicator.get("name", "")).lower())
        if score > best[0]:
            best = (score, indicator_id)
    return IndicatorMatch(best[1] if best[0] >= INDICATOR_CUTOFF else None, best[0])


def measures(text: str, indicators: dict[str, dict], year: int | None) -> tuple[list[dict], list[str]]:
    """Each figure of a target as a measure; what could not be matched to an indicator."""
    found: list[tuple[int, int, dict]] = []
    for match in MEASURE.finditer(text):
        comparator = COMPARATORS.get((match.group("cmp") or "").lower(), "=")
        value = float(match.group("value").replace(",", "."))
        measure: dict = {"indicator": None, "comparator": comparator, "value": value}
        if match.group("of"):
            measure["of"] = int(match.group("of"))
            measure["unit"] = match.group("of_unit")
        else:
            measure["unit"] = "%"
        found.append((match.start(), match.end(), measure))
    for match in TIMES.finditer(text):
        value = _NUMBER_WORDS.get(match.group("value"), None) or int(match.group("value"))
        found.append((match.start(), match.end(),
                      {"indicator": None, "comparator": ">=", "value": value, "unit": f"lần/{match.group('per')}"}))
    for match in COUNT.finditer(text):
        found.append((match.start(), match.end(),
                      {"indicator": None, "comparator": "=", "value": int(match.group("value")), "unit": match.group("unit")}))
    found.sort(key=lambda f: f[0])
    out, review = [], []
    for i, (start, end, measure) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(text)
        # The wording a figure counts: the clause around it, up to the next figure.
        before = text[max(0, text.rfind(";", 0, start) + 1):start]
        wording = before + " " + text[end:nxt]
        matched = match_indicator(indicators, wording, measure["unit"])
        measure["indicator"] = matched.indicator
        value = measure["value"]
        if isinstance(value, float) and value.is_integer():
            measure["value"] = int(value)
        measure["year"] = year
        measure["scope"] = None
        measure["as_written"] = text[start:end].strip()
        ordered = {k: measure[k] for k in ("indicator", "comparator", "value", "of", "unit", "year", "scope", "as_written")
                   if k in measure}
        out.append(ordered)
        if matched.indicator is None:
            review.append(f"số liệu «{ordered['as_written']}» chưa khớp chỉ số nào trong plans/indicators.yml")
        else:
            review.append(f"«{ordered['as_written']}» → chỉ số {matched.indicator} (độ khớp {matched.score:.0f}/100): kiểm tra")
    _scopes(out, text)
    return out, review


def _scopes(found: list[dict], text: str) -> None:
    """Two figures of one indicator in one sentence differ by level: "90% … cấp tỉnh và 80% ở cấp huyện"."""
    by_indicator: dict[str, list[dict]] = {}
    for measure in found:
        if measure["indicator"]:
            by_indicator.setdefault(measure["indicator"], []).append(measure)
    for same in by_indicator.values():
        if len(same) < 2:
            continue
        for i, measure in enumerate(same):
            start = text.find(measure["as_written"])
            end = text.find(same[i + 1]["as_written"], start + 1) if i + 1 < len(same) else len(text)
            levels = re.findall(r"cấp (?:tỉnh|huyện|xã)", text[start:end])
            measure["scope"] = ", ".join(dict.fromkeys(levels)) or None


FREQUENCIES = [
    (r"báo cáo nhanh", "báo cáo nhanh"),
    (r"tháng, quý, năm", "hàng tháng|hàng quý|hàng năm"),
    (r"\b0?6 tháng", "6 tháng"),
    (r"hàng năm|hằng năm|01 năm|\bvà năm\b|định kỳ năm", "hàng năm"),
    (r"hàng quý|hằng quý", "hàng quý"),
    (r"đột xuất|kịp thời", "đột xuất"),
]
DEADLINE = re.compile(r"trước (?:ngày )?\d{1,2}/\d{1,2}(?:/\d{4})?")


def frequency(text: str) -> str | list[str] | None:
    low = text.lower()
    found: list[str] = []
    for pattern, names in FREQUENCIES:
        if re.search(pattern, low):
            found += [n for n in names.split("|") if n not in found]
    if not found and "định kỳ" in low:
        found = ["định kỳ"]
    return found[0] if len(found) == 1 else (found or None)


def report(text: str, finder: Finder, block_agencies: list[str], issuer: str | None = None,
           everyone: list[str] | None = None) -> tuple[dict | None, list[str]]:
    """A reporting obligation: reporter (the block's agencies, else who the sentence names before
    "báo cáo"), to whom, via whom ("qua …", "gửi về … để tổng hợp"); and the agencies it had to
    propose. A sentence is an obligation when it says how often or by when, or whom to report to."""
    low = normalized(text)  # positions as `find_all` gives them
    at = low.find("báo cáo")
    if at < 0:
        return None, []
    how_often, deadlines = frequency(text), DEADLINE.findall(text)
    proposed = finder.name_in_text(text[text.lower().find("báo cáo"):])
    mentions = finder.find_all(text)
    # The issuer asks for the reports ("UBND xã đề nghị các phòng … báo cáo"): it does not owe them.
    reporter = list(block_agencies) or _unique(a for s, _, a in mentions if s < at and a != issuer)
    if not block_agencies and everyone and re.search(r"các cơ quan, đơn vị", low[:at]):
        reporter = _unique([*everyone, *reporter])  # "các cơ quan, đơn vị": every agency the plan assigns
    to: list[str] = []
    via: list[str] = []
    gather = low.find("để tổng hợp", at)
    # "về X để tổng hợp báo cáo Y": X gathers for Y, unless the text names the go-between "(qua …)".
    named_via = re.search(r"\((?:thông |gửi )?qua\b", low[at:]) is not None
    for start, _end, agency in mentions:
        if start < at or agency in reporter:
            continue
        opening = low.rfind("(", 0, start)
        inside = opening > at and low.find(")", opening) > start and re.match(
            r"\((?:thông |gửi )?(?:qua|về)\b", low[opening:])
        if inside:
            via.append(agency)
        elif gather > 0 and start < gather and not named_via and any(s > gather for s, _, _ in mentions) and not to:
            via.append(agency)
        elif gather > 0 and start > gather and to:
            continue
        else:
            to.append(agency)
    if not (how_often or deadlines or to):
        return None, []
    return {"reporter": reporter, "to": _unique(to), "via": _unique(via), "frequency": how_often,
            "deadline": deadlines}, proposed


def _unique(ids) -> list[str]:
    return list(dict.fromkeys(ids))
