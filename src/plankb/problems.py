"""Validation problems: every one carries file, line and field, worded in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass

GUIDE_URL = "huong-dan/loi/"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    code: str = "E000"
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        level = "cảnh báo" if self.warning else "lỗi"
        return f"{where}:{field} {level} {self.code}: {self.message} (xem {GUIDE_URL}#{self.code.lower()})"


class ValidationFailed(Exception):
    """Raised with every problem found in one run, never just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        errors = [p for p in self.problems if not p.warning]
        lines = [str(p) for p in self.problems]
        lines.append(
            f"{len(errors)} lỗi trong dữ liệu nguồn. Giải thích từng mã lỗi: {GUIDE_URL}"
        )
        return "\n".join(lines)
