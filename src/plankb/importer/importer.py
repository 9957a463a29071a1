"""A plan's text (as the readers give it) into an annotated draft plan.

The tree comes from `structure`; this module walks it with the registries and annotates it:
metadata, the place, responsibility blocks and their agencies, duty roles, targets as measures,
reports, proposed registry entries. Every guess to check goes on the review list, which the draft
keeps as `unclassified` (the build refuses a plan until the maintainer has cleared it).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from plankb.importer import annotate, metadata, places
from plankb.importer.agencies import HEADS, Finder, split_names
from plankb.importer.registry import Registry
from plankb.importer.structure import DraftNode, assign_ids, letterhead, parse
from plankb.text.vietnamese import fold

PLANS = Path(__file__).resolve().parents[3] / "plans"


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


def _new_agency(ctx: Context, where: str, agency_id: str, what: str = "cơ quan mới") -> None:
    name = ctx.finder.registry.proposed_agencies[agency_id]["aliases"][0]
    ctx.review.append((where, f"{what} «{name}» → {agency_id} (plans/agencies.yml): kiểm tra tên, cấp, ngành"))


def _block_agencies(node_id: str, title: str, ctx: Context) -> list[str]:
    ids: list[str] = []
    for name in split_names(title):
        agency_id, new = ctx.finder.resolve(name)
        if agency_id not in ids:
            ids.append(agency_id)
        if new:
            _new_agency(ctx, node_id, agency_id)
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
    _add_report(item, block_agencies, ctx)


def _propose_partners(item: dict, ctx: Context) -> None:
    """Partners the registry does not know ("phối hợp với Đồn Biên phòng X") become proposed
    entries, their names as written among the aliases, so the site finds them in the text as it
    finds every known agency; `partners` stays for the maintainer's own additions."""
    for match in re.finditer(r"phối hợp(?: chặt chẽ)?(?: với)?\s+([^;.]+)", item["text"], re.IGNORECASE):
        for agency_id in ctx.finder.name_in_text(match.group(1)):
            _new_agency(ctx, item["id"], agency_id, "cơ quan phối hợp mới")


def _add_report(item: dict, block_agencies: list[str], ctx: Context, everyone: list[str] | None = None) -> None:
    report, proposed = annotate.report(item["text"], ctx.finder, block_agencies, ctx.issuer, everyone)
    for agency_id in proposed:
        _new_agency(ctx, item["id"], agency_id)
    if report:
        item["report"] = report
        ctx.review.append((item["id"], "kiểm tra nghĩa vụ báo cáo (ai, cho ai, qua ai, hạn)"))


@dataclass
class Imported:
    plan: dict
    registry: Registry            # with the entries this run proposed
    review: list[tuple[str, str]]  # (node id or field, message), in the plan's order
    dropped: list[str]            # conversion noise removed from the text


def import_plan(source: str, plan_id: str, registry: Registry | None = None) -> Imported:
    """The draft of one plan, annotated from its words and the registries."""
    registry = replace(registry or Registry.load(PLANS), proposed_agencies={}, proposed_places={})
    text = unicodedata.normalize("NFC", source)
    draft = parse(text)
    review: list[tuple[str, str]] = []
    kind, title = metadata.kind_and_title(draft.title_lines)
    first, last = metadata.period_of(title or "")
    head_text = " ".join([title or "", *draft.preamble])
    number, issued = metadata.header_number_and_date(letterhead(text))

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
        _add_report(item, [], ctx, list(dict.fromkeys(assigned)))
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
