"""Writing an import to the sources: the draft plan, its text, the registry entries it proposed,
and what needs review, located as `file:line`.

Registry entries are appended as text at the end of `plans/agencies.yml` / `plans/places.yml`
(their lists are the files' last keys), so the maintainers' comments and layout stay as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from plankb.importer.importer import Imported
from plankb.sources.yamlio import dump, dump_plan

FIELDS = {"body", "title", "number", "issued", "issuer", "level", "place", "period", "implements", "legal_basis",
          "recipients", "signature"}


class Refused(Exception):
    """The import would overwrite a maintainer's file."""


@dataclass(frozen=True)
class Written:
    files: list[Path]
    review: list[str]  # "plans/x.yml:12: …", in file order


def _entry_text(entry: dict) -> str:
    body = dump([entry])
    return "".join(("  " + line if line.strip() else line) for line in body.splitlines(keepends=True))


def _check_last_key(path: Path, key: str) -> None:
    """Entries can be appended as text only to a list that is the file's last key."""
    text = path.read_text(encoding="utf-8")
    if not re.search(rf"(?m)^{key}:", text):
        raise Refused(f"{path}: không thấy khóa «{key}:»")
    if re.search(r"(?m)^[A-Za-z_]+:", text.split(f"\n{key}:", 1)[-1]):
        raise Refused(f"{path}: «{key}:» không phải khóa cuối tệp; thêm mục mới bằng tay")


def _append(path: Path, entries: list[dict], note: str) -> dict[str, int]:
    """Append entries to the file's last list; the line of each id."""
    text = path.read_text(encoding="utf-8")
    addition = ("" if text.endswith("\n") else "\n") + f"  # {note}\n" + "".join(_entry_text(e) for e in entries)
    start = text.count("\n") + (0 if text.endswith("\n") else 1) + 1
    path.write_text(text + addition, encoding="utf-8")
    lines: dict[str, int] = {}
    for number, line in enumerate(addition.splitlines(), start):
        match = re.match(r"^  - id: (\S+)", line)
        if match:
            lines[match.group(1)] = number
    return lines


def _line_of(lines: list[str], where: str) -> int:
    """The line of a top-level field ("place") or of a node's id ("iv-1-p2") in the dumped draft."""
    pattern = re.compile(rf"^{where}:") if where in FIELDS else re.compile(rf"(^|[{{\s])id: {re.escape(where)}(,|\s*$)")
    return next((n for n, line in enumerate(lines, 1) if pattern.search(line)), 1)


def write(imported: Imported, text: str, plans_dir: Path, *, force: bool = False) -> Written:
    plan_id = imported.plan["id"]
    draft_path = plans_dir / f"{plan_id}.yml"
    text_path = plans_dir / "sources" / f"{plan_id}.txt"
    existing = [p for p in (draft_path, text_path) if p.exists()]
    if existing and not force:
        raise Refused(", ".join(str(p) for p in existing) + " đã có: thêm --force để ghi đè")
    registries = [(plans_dir / name, key, entries) for key, name, entries in (
        ("agencies", "agencies.yml", imported.registry.proposed_agencies),
        ("places", "places.yml", imported.registry.proposed_places)) if entries]
    for path, key, _ in registries:  # refused before anything is written
        _check_last_key(path, key)
    draft = dump_plan(imported.plan)
    draft_path.write_text(draft, encoding="utf-8")
    text_path.parent.mkdir(parents=True, exist_ok=True)
    text_path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    files = [draft_path, text_path]
    registry_lines: dict[str, tuple[Path, int]] = {}
    note = f"Trình nhập đề xuất khi nhập kế hoạch {plan_id}: kiểm tra rồi xóa dòng này"
    for path, _, entries in registries:
        for entry_id, line in _append(path, list(entries.values()), note).items():
            registry_lines[entry_id] = (path, line)
        files.append(path)
    lines = draft.splitlines()
    review = []
    for where, message in imported.review:
        proposed = re.search(r"→ (\S+) \(plans/", message) or re.search(r"địa bàn mới (\S+)", message)
        if proposed and proposed.group(1) in registry_lines:
            path, line = registry_lines[proposed.group(1)]
            review.append(f"{path}:{line}: {message}")
        review.append(f"{draft_path}:{_line_of(lines, where)}: {message}")
    return Written(files, list(dict.fromkeys(review)))
