"""Turn a plan's plain text (as converted from PDF or Word) into a draft plan tree.

The draft keeps the authors' words and numbering; it drops conversion noise (Markdown marks,
escapes, hard line breaks inside sentences, the "./." end marker) and guesses annotations
(responsibility blocks, duty roles, targets with percentages, reporting sentences). What it
cannot classify is listed in `unclassified` for the maintainer to finish by hand.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from plankb.text.vietnamese import fold

BULLET = re.compile(r"^([-·•+*])\s+")
NUMBERINGS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^([IVXL]+)\.\s*")),
    ("arabic3", re.compile(r"^(\d+\.\d+\.\d+)\.?\s+")),
    ("arabic2", re.compile(r"^(\d+\.\d+)\.?\s+")),
    ("arabic", re.compile(r"^(\d{1,2})[.)]\s+")),  # "178) theo …" is a broken line, not item 178
    ("letter", re.compile(r"^([a-zđ])\)\s+")),
]
DEPTH = {"roman": 1, "arabic": 2, "arabic2": 3, "arabic3": 4, "letter": 5}
SENTENCE_END = re.compile(r"[.;:!?\"”)]$")
PERCENT = re.compile(
    r"(?P<cmp>[Íí]t nhất|[Tt]rên|[Tt]ối thiểu|[Dd]uy trì)?\s*(?P<value>\d+(?:[.,]\d+)?)\s*%"
)
ROLE_WORDS = [("chu-tri", "chủ trì"), ("phoi-hop", "phối hợp"), ("tham-muu", "tham mưu")]
OPENERS = ("Căn cứ", "Thực hiện", "Trên đây", "Nơi nhận")
DEADLINE = re.compile(r"trước (?:ngày )?\d{1,2}/\d{1,2}(?:/\d{4})?")


@dataclass
class Line:
    text: str
    number: str | None = None
    numbering: str | None = None
    bullet: str | None = None


@dataclass
class DraftNode:
    number: str | None
    numbering: str | None
    text: str
    bullet: str | None = None
    children: list[DraftNode] = field(default_factory=list)


def clean(raw: str) -> str:
    """Remove conversion noise from one line; keep the words."""
    line = raw.replace("**", "").replace("\u00a0", " ")
    line = re.sub(r"\\(?=[^\w\s])", "", line)  # Markdown escapes: "1\." → "1."
    line = re.sub(r"^\s*#+\s*", "", line)
    line = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", line)
    line = re.sub(r"\s*\./\..*$", "", line)
    return re.sub(r"\s+", " ", line).strip()


def split_marker(text: str) -> Line:
    bullet = BULLET.match(text)
    if bullet:
        return Line(text[bullet.end():].strip(), bullet=bullet.group(1))
    for name, pattern in NUMBERINGS:
        match = pattern.match(text)
        if match and len(text) > match.end():
            number = text[: match.end()].strip()
            return Line(text[match.end():].strip(), number=number, numbering=name)
    return Line(text)


def is_caption(line: str) -> bool:
    """An upper-case line (title, signature) or a 'Nơi nhận:' label stands alone."""
    return line.isupper() or fold(line).lower().startswith("noi nhan")


MARKED_LINE = re.compile(r"^\s*(#+\s*)?\*\*.*\*\*\s*$|^\s*#+\s")


def logical_lines(source: str) -> list[str]:
    """Join lines a PDF conversion broke inside a sentence.

    A line the converter marked as a heading or set wholly in bold is complete: nothing is
    glued to it, and it is glued to nothing.
    """
    out: list[str] = []
    prev_marked = False
    for raw in source.splitlines():
        line = clean(raw)
        if not line:
            continue
        marked = bool(MARKED_LINE.match(raw))
        if marked or prev_marked:
            out.append(line)
            prev_marked = marked
            continue
        starts_item = (
            bool(BULLET.match(line))
            or any(p.match(line) for _, p in NUMBERINGS)
            or line.startswith(OPENERS)
            or is_caption(line)
        )
        prev = out[-1] if out else ""
        if out and not starts_item and not SENTENCE_END.search(prev) and not is_caption(prev):
            out[-1] = prev + ("" if prev.endswith("-") and line[:1].isdigit() else " ") + line
        else:
            out.append(line)
    return out


@dataclass
class Draft:
    title_lines: list[str]
    preamble: list[str]
    body: list[DraftNode]
    closing: list[str]
    recipients: list[str]
    signature: list[str]


def parse(source: str) -> Draft:
    # Text from Word (Unikey "Unicode tổ hợp") or macOS PDFs is decomposed: the patterns
    # below, and the loader's checks, are written for composed text.
    lines = logical_lines(unicodedata.normalize("NFC", source))
    first_section = next(
        (i for i, text in enumerate(lines) if split_marker(text).numbering == "roman"), len(lines)
    )
    head = lines[:first_section]
    title_lines = [t for t in head[:3] if not t.startswith(("Căn cứ", "Thực hiện"))][:2]
    preamble = head[len(title_lines):]
    rest = lines[first_section:]
    tail_at = next((i for i, t in enumerate(rest) if fold(t).lower().startswith("noi nhan")), len(rest))
    body_lines, tail = rest[:tail_at], rest[tail_at + 1:]
    recipients = [split_marker(t).text for t in tail if BULLET.match(t)]
    signature = [t for t in tail if not BULLET.match(t)]
    closing: list[str] = []
    while body_lines and fold(body_lines[-1]).lower().startswith(("tren day", "de nghi cac")):
        closing.insert(0, body_lines.pop())
    return Draft(title_lines, preamble, build_tree(body_lines), closing, recipients, signature)


def build_tree(lines: list[str]) -> list[DraftNode]:
    root = DraftNode(None, None, "")
    stack: list[tuple[int, DraftNode]] = [(0, root)]
    for text in lines:
        line = split_marker(text)
        if line.numbering:
            depth = DEPTH[line.numbering]
            while stack[-1][0] >= depth:
                stack.pop()
            node = DraftNode(line.number, line.numbering, line.text)
            stack[-1][1].children.append(node)
            stack.append((depth, node))
        else:
            stack[-1][1].children.append(DraftNode(None, None, line.text, bullet=line.bullet))
    return root.children


def _number_slug(number: str) -> str:
    return number.strip(".)").lower().replace(".", "-").replace("đ", "d")


def assign_ids(nodes: list[DraftNode], parent: str = "") -> list[tuple[str, DraftNode]]:
    out: list[tuple[str, DraftNode]] = []
    seen: set[str] = set()
    paragraph = 0
    for node in nodes:
        if node.number:
            base = f"{parent}-{_number_slug(node.number)}" if parent else _number_slug(node.number)
        else:
            paragraph += 1
            base = f"{parent}-p{paragraph}" if parent else f"p{paragraph}"
        node_id, n = base, 1
        while node_id in seen:
            n += 1
            node_id = f"{base}-{n}"
        seen.add(node_id)
        out.append((node_id, node))
    return out


def guess_roles(text: str, block_title: str) -> list[str]:
    lowered = text.lower()[:60]
    roles = [role for role, word in ROLE_WORDS if word in lowered]
    if block_title.lower().startswith("đề nghị"):
        roles.insert(0, "de-nghi")
    return roles


def guess_measures(text: str) -> list[dict]:
    measures = []
    for match in PERCENT.finditer(text):
        comparator = {"ít": ">=", "tối": ">=", "trên": ">"}.get(
            (match.group("cmp") or "").lower().split(" ")[0], "="
        )
        measures.append(
            {"indicator": None, "comparator": comparator,
             "value": float(match.group("value").replace(",", ".")), "unit": "%"}
        )
    for measure in measures:
        value = measure["value"]
        if isinstance(value, float) and value.is_integer():
            measure["value"] = int(value)
    return measures


def guess_report(text: str) -> dict | None:
    folded = fold(text).lower()
    if "bao cao" not in folded:
        return None
    frequency = None
    if "06 thang" in folded or "6 thang" in folded:
        frequency = "6 tháng"
    elif "hang nam" in folded or "nam " in folded and "dinh ky" in folded:
        frequency = "hàng năm"
    deadlines = DEADLINE.findall(text)
    if not (frequency or deadlines or "dinh ky" in folded):
        return None
    return {"reporter": [], "to": [], "via": [], "frequency": frequency, "deadline": deadlines}


def to_plan_nodes(nodes: list[DraftNode], parent: str, context: dict, todo: list[str]) -> list[dict]:
    out = []
    for node_id, node in assign_ids(nodes, parent):
        item: dict = {"id": node_id}
        if node.number:
            item["number"] = node.number
        if node.bullet:
            item["bullet"] = node.bullet
        folded_title = fold(node.text).lower()
        in_responsibilities = context.get("responsibilities", False)
        if node.children:
            item["title"] = node.text
            child_context = dict(context)
            if "to chuc thuc hien" in folded_title:
                child_context["responsibilities"] = True
            elif in_responsibilities and node.numbering in ("arabic", "arabic2"):
                item["agencies"] = []
                todo.append(f"{node_id}: ghi id cơ quan cho khối trách nhiệm «{node.text[:60]}»")
                child_context["block"] = node.text
            child_context["targets"] = "chi tieu" in folded_title or "muc tieu cu the" in folded_title
            item["children"] = to_plan_nodes(node.children, node_id, child_context, todo)
        else:
            item["text"] = node.text
            if context.get("targets") and not node.children:
                item["kind"] = "target"
                item["measures"] = guess_measures(node.text)
                if item["measures"]:
                    todo.append(f"{node_id}: gán chỉ số (indicator) cho {len(item['measures'])} số liệu")
            elif "block" in context:
                item["kind"] = "duty"
                item["roles"] = guess_roles(node.text, context["block"])
            report = guess_report(node.text)
            if report:
                item["report"] = report
                todo.append(f"{node_id}: kiểm tra nghĩa vụ báo cáo (ai, cho ai, qua ai)")
        out.append(item)
    return out


def draft_plan(source: str, plan_id: str) -> dict:
    """A plan dict ready to dump as YAML; unknown metadata stays null."""
    draft = parse(source)
    todo: list[str] = []
    body = to_plan_nodes(draft.body, "", {}, todo)
    closing = [{"id": f"ket-{i}", "text": t} for i, t in enumerate(draft.closing, 1)]
    todo[:0] = ["metadata: kiểm tra tiêu đề, cấp, địa bàn, thời kỳ, cơ quan ban hành, người ký"]
    return {
        "id": plan_id,
        "kind": "Kế hoạch",
        "title": " ".join(draft.title_lines[1:]) or None,
        "number": None,
        "issued": None,
        "issuer": None,
        "level": None,
        "place": None,
        "period": {"from": None, "to": None},
        "preamble": [{"id": f"mo-dau-{i}", "text": t} for i, t in enumerate(draft.preamble, 1)],
        "legal_basis": [],
        "body": body,
        "closing": closing,
        "recipients": draft.recipients,
        "signature": {"authority": draft.signature[:-2], "title": next(iter(draft.signature[-2:-1]), None),
                      "name": next(iter(draft.signature[-1:]), None)},
        "unclassified": todo,
    }
