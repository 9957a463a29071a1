"""Turn a plan's plain text (as converted from PDF or Word) into a draft plan tree.

The draft keeps the authors' words and numbering; it drops conversion noise (Markdown marks,
escapes, hard line breaks inside sentences, the "./." end marker) and guesses annotations
(responsibility blocks, duty roles, targets with percentages, reporting sentences). What it
cannot classify is listed in `unclassified` for the maintainer to finish by hand.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from plankb.importer import annotate, metadata, places
from plankb.importer.agencies import HEADS, Finder, split_names
from plankb.importer.paragraphs import BULLET, MARKED, NUMBERINGS, join_lines, line_width
from plankb.importer.registry import Registry
from plankb.text.vietnamese import fold

PLANS = Path(__file__).resolve().parents[3] / "plans"

DEPTH = {"roman": 1, "arabic": 2, "arabic2": 3, "arabic3": 4, "letter": 5}


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


def logical_lines(source: str) -> list[str]:
    """A text file's lines, clean of conversion noise, joined into its paragraphs
    (`paragraphs.join_lines`): a line the converter marked as a heading or set wholly in bold
    stands alone."""
    raw_lines = source.splitlines()
    cleaned = [(clean(raw), bool(MARKED.match(raw))) for raw in raw_lines]
    width = line_width([text for text, _ in cleaned])
    return [text for text, _ in join_lines(cleaned, width)]


@dataclass
class Draft:
    title_lines: list[str]
    preamble: list[str]
    body: list[DraftNode]
    closing: list[str]
    recipients: list[str]
    signature: list[str]
    dropped: list[str] = field(default_factory=list)


def parse(source: str) -> Draft:
    # Text from Word (Unikey "Unicode tổ hợp") or macOS PDFs is decomposed: the patterns
    # below, and the loader's checks, are written for composed text.
    lines = logical_lines(unicodedata.normalize("NFC", source))
    # "KẾ HOẠCH Phòng, chống …" on one line: the kind, then the title.
    kind = re.match(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH)\s+(?=\S)", lines[0]) if lines else None
    if kind:
        lines[:1] = [kind.group(1), lines[0][kind.end():]]
    first_section = next(
        (i for i, text in enumerate(lines) if split_marker(text).numbering == "roman"), len(lines)
    )
    head = lines[:first_section]
    title_lines = head[:1]
    # The title runs on from the kind ("KẾ HOẠCH") until the first sentence: a line that names a
    # document by number, or ends like a sentence.
    for line in head[1:4]:
        if re.search(r"\bsố\s+\d+/", line) or line.endswith((".", ":", ";")) or len(line) > 160:
            break
        title_lines.append(line)
    preamble = head[len(title_lines):]
    rest = lines[first_section:]
    tail_at = next((i for i, t in enumerate(rest) if fold(t).lower().startswith("noi nhan")), len(rest))
    body_lines, tail = rest[:tail_at], rest[tail_at + 1:]
    recipients = [split_marker(t).text for t in tail if BULLET.match(t)]
    signature = [t for t in tail if not BULLET.match(t)]
    closing: list[str] = []
    while body_lines and fold(body_lines[-1]).lower().startswith(("tren day", "de nghi cac")):
        closing.insert(0, body_lines.pop())
    # What follows the "./." end marker on its line is a typist's initials or stray keys.
    dropped = [m.group(1) for m in re.finditer(r"\./\.\s*(\S.*)$", source, re.M)]
    if tail_at < len(rest):
        dropped.append(rest[tail_at])  # the "Nơi nhận:" label: the recipients list says it
    return Draft(title_lines, preamble, build_tree(body_lines), closing, recipients, signature, dropped)


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


@dataclass
class Context:
    """What annotating a node needs from the plan around it."""
    finder: Finder
    indicators: dict[str, dict]
    year: int | None
    review: list[tuple[str, str]]  # (node id or field, message)
    responsibilities: bool = False
    targets: bool = False
    block: str | None = None
    block_agencies: tuple[str, ...] = ()
    issuer: str | None = None


def _block_agencies(node_id: str, title: str, ctx: Context) -> list[str]:
    ids: list[str] = []
    for name in split_names(title):
        agency_id, new = ctx.finder.resolve(name)
        if agency_id not in ids:
            ids.append(agency_id)
        if new:
            ctx.review.append((node_id, f"cơ quan mới «{name}» → {agency_id} (plans/agencies.yml): kiểm tra tên, cấp, ngành"))
    return ids


def _leading_agency(text: str, ctx: Context) -> list[str]:
    """A duty that starts "Hội Liên hiệp Phụ nữ tỉnh: …" is that agency's."""
    head = re.match(r"^([^:]{3,80}):\s", text)
    if not head or not split_names(head.group(1)) or not any(
            head.group(1).lower().startswith(h) for h in HEADS):
        return []
    return [ctx.finder.resolve(name)[0] for name in split_names(head.group(1))]


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def is_targets_section(folded_title: str, inherited: bool) -> bool:
    """"Chỉ tiêu:", "Một số mục tiêu cụ thể" hold targets; "Mục tiêu", "Nhiệm vụ" and a title
    mixing both ("Chỉ tiêu và nhiệm vụ") do not, and their own sub-sections decide."""
    title = re.sub(r"^(cac|mot so)\s+", "", folded_title.strip())
    if title.startswith("muc tieu cu the") or (title.startswith("chi tieu") and "nhiem vu" not in title):
        return True
    if title.startswith(("nhiem vu", "muc tieu", "giai phap", "noi dung")) or "nhiem vu" in title:
        return False
    return inherited


def to_plan_nodes(nodes: list[DraftNode], parent: str, ctx: Context) -> list[dict]:
    out = []
    for node_id, node in assign_ids(nodes, parent):
        item: dict = {"id": node_id}
        if node.number:
            item["number"] = node.number
        if node.bullet:
            item["bullet"] = node.bullet
        folded_title = fold(node.text).lower()
        if node.children:
            item["title"] = node.text
            child = replace(ctx)
            if "to chuc thuc hien" in folded_title or "trach nhiem" in folded_title:
                child.responsibilities = True
            elif ctx.responsibilities and node.numbering in ("arabic", "arabic2"):
                item["agencies"] = _block_agencies(node_id, node.text, ctx)
                child.block, child.block_agencies = node.text, tuple(item["agencies"])
            child.targets = is_targets_section(folded_title, ctx.targets)
            item["children"] = to_plan_nodes(node.children, node_id, child)
        else:
            item["text"] = node.text
            annotate_leaf(item, node, ctx)
        out.append(item)
    return out


def annotate_leaf(item: dict, node: DraftNode, ctx: Context) -> None:
    node_id, text = item["id"], item["text"]
    block_agencies = list(ctx.block_agencies)
    if ctx.targets:
        item["kind"] = "target"
        found, notes = annotate.measures(text, ctx.indicators, ctx.year)
        if found:
            item["measures"] = found
            ctx.review += [(node_id, note) for note in notes]
    elif ctx.block is not None:
        item["kind"] = "duty"
        item["roles"] = annotate.roles(text, ctx.block)
        own = _leading_agency(text, ctx)
        if own:
            item["agencies"] = own
            block_agencies = own
        _propose_partners(item, ctx)
    _add_report(item, ctx.finder, block_agencies, ctx)


def _propose_partners(item: dict, ctx: Context) -> None:
    """Partners the registry does not know ("phối hợp với Đồn Biên phòng X") become proposed
    entries, their names as written among the aliases, so the site finds them in the text as it
    finds every known agency; `partners` stays for the maintainer's own additions."""
    for match in re.finditer(r"phối hợp(?: chặt chẽ)?(?: với)?\s+([^;.]+)", item["text"], re.IGNORECASE):
        for agency_id in ctx.finder.name_in_text(match.group(1)):
            name = ctx.finder.registry.proposed_agencies[agency_id]["aliases"][0]
            ctx.review.append((item["id"], f"cơ quan phối hợp mới «{name}» → {agency_id} (plans/agencies.yml): kiểm tra"))


def _add_report(item: dict, finder: Finder, block_agencies: list[str], ctx: Context,
                everyone: list[str] | None = None) -> None:
    report, proposed = annotate.report(item["text"], finder, block_agencies, ctx.issuer, everyone)
    for agency_id in proposed:
        name = ctx.finder.registry.proposed_agencies[agency_id]["aliases"][0]
        ctx.review.append((item["id"], f"cơ quan mới «{name}» → {agency_id} (plans/agencies.yml): kiểm tra tên, cấp, ngành"))
    if report:
        item["report"] = report
        ctx.review.append((item["id"], "kiểm tra nghĩa vụ báo cáo (ai, cho ai, qua ai, hạn)"))


def _letterhead(text: str) -> str:
    """The lines above the kind ("KẾ HOẠCH"): where "Số: …" and "…, ngày … tháng … năm …" stand."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines[:40]) if fold(clean(line)).upper().strip(" .") in
               {"KE HOACH", "CHUONG TRINH"}), 0)
    return "\n".join(lines[:at])


@dataclass
class Imported:
    plan: dict
    registry: Registry            # with the entries this run proposed
    review: list[tuple[str, str]]  # (node id or field, message), in the plan's order
    dropped: list[str]            # conversion noise removed from the text


def import_plan(source: str, plan_id: str, registry: Registry | None = None) -> Imported:
    """The draft of one plan, annotated from its words and the registries."""
    registry = replace(registry) if registry else Registry.load(PLANS)
    registry = replace(registry, proposed_agencies={}, proposed_places={})
    text = unicodedata.normalize("NFC", source)
    draft = parse(text)
    review: list[tuple[str, str]] = []
    kind, title = metadata.kind_and_title(draft.title_lines)
    first, last = metadata.period_of(title or "")
    head_text = " ".join([title or "", *draft.preamble])
    number, issued = metadata.header_number_and_date(_letterhead(text))

    place, level = None, None
    for place_kind, place_name in metadata.place_names(title or "", *draft.preamble):
        place, notes = places.resolve(registry, place_kind, place_name, first)
        if place:
            level = (registry.all_places().get(place) or {}).get("level")
            review += [("place", note) for note in notes]
            break
    if place is None:
        review.append(("place", "không xác định được địa bàn từ tiêu đề và phần mở đầu: ghi place, level"))

    finder = Finder(registry, place, level, first)
    issuer = None
    if place:
        place_name = registry.all_places()[place]["name"]
        issuer, new = finder.resolve(f"Ủy ban nhân dân {place_name}")
        if new:
            kind_word = place_name.split(" ")[0]
            # How a plan names its own issuer: "Ủy ban nhân dân Huyện", "UBND tỉnh".
            finder.add_names(issuer, [f"Ủy ban nhân dân {kind_word}", f"UBND {kind_word}", f"UBND {place_name}"],
                             short=f"UBND {place_name}")
            review.append(("issuer", f"cơ quan ban hành mới → {issuer} (plans/agencies.yml): kiểm tra tên, cấp, ngành"))
    preamble = [{"id": f"mo-dau-{i}", "text": t} for i, t in enumerate(draft.preamble, 1)]
    basis, implements, notes = metadata.legal_basis(preamble, registry.references)
    review += [("legal_basis", note) for note in notes]

    ctx = Context(finder, registry.indicators, last, review, issuer=issuer)
    body = to_plan_nodes(draft.body, "", ctx)
    closing = []
    assigned = [a for node in _walk(body) for a in node.get("agencies") or [] if node.get("children")]
    for i, t in enumerate(draft.closing, 1):
        item: dict = {"id": f"ket-{i}", "text": t}
        _add_report(item, finder, [], ctx, list(dict.fromkeys(assigned)))
        closing.append(item)
    if head_text and not title:
        review.append(("title", "không thấy tiêu đề"))
    plan = {
        "id": plan_id,
        "kind": kind or "Kế hoạch",
        "title": title,
        "number": number,
        "issued": issued,
        "issuer": issuer,
        "level": level,
        "place": place,
        "period": {"from": first, "to": last},
        "implements": implements,
        "preamble": preamble,
        "legal_basis": basis,
        "body": body,
        "closing": closing,
        "recipients": draft.recipients,
        "signature": metadata.signature(draft.signature),
    }
    plan["unclassified"] = [f"{where}: {message}" for where, message in review] or ["kiểm tra bản nháp"]
    return Imported(plan, registry, review, draft.dropped)


def draft_plan(source: str, plan_id: str, registry: Registry | None = None) -> dict:
    """A plan dict ready to dump as YAML; unknown metadata stays null."""
    return import_plan(source, plan_id, registry).plan
