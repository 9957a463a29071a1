"""A YAML syntax error in words a maintainer can act on, at the line where the broken construct
starts (PyYAML's messages say where the reader noticed it, often lines below)."""
from __future__ import annotations

from typing import Any

import yaml

from plankb.problems import Problem


def line_of_mark(mark: Any) -> int:
    """1-based line of a parser mark (libyaml's and PyYAML's have the same fields)."""
    return mark.line + 1 if mark is not None else 0


_CONTEXTS = {
    "while scanning a quoted scalar": "chuỗi trong ngoặc kép bắt đầu ở đây chưa được đóng",
    "while scanning a simple key": "thiếu dấu hai chấm «:» sau tên trường",
    "while parsing a block mapping": "thụt lề không khớp với các trường ở trên",
    "while parsing a block collection": "thụt lề không khớp với các mục «-» ở trên",
    "while parsing a flow sequence": "danh sách trong ngoặc vuông [ ] chưa được đóng",
    "while parsing a flow mapping": "ngoặc nhọn { } chưa được đóng",
    "while scanning a plain scalar": "giá trị chứa ký tự đặc biệt; hãy đặt trong ngoặc kép",
}


def syntax_problem(err: yaml.MarkedYAMLError, label: str, text: str, loader: type) -> Problem:
    """Name the line where the broken construct starts, in words a maintainer can act on."""
    opened = _unclosed_quote_line(text, err.problem_mark, loader)
    if opened:
        message = (f"lỗi cú pháp YAML: chuỗi trong ngoặc mở ở dòng này chưa được đóng trên cùng dòng "
                   f"(trình đọc đi tiếp đến dòng {line_of_mark(err.problem_mark)} mới báo lỗi); hãy đóng ngoặc")
        return Problem(label, opened, "", message, "E002")
    line = line_of_mark(err.context_mark or err.problem_mark)
    explained = _CONTEXTS.get(err.context or "")
    detail = f"{err.context or ''} {err.problem or ''}".strip()
    found = f" (phát hiện ở dòng {line_of_mark(err.problem_mark)})" if err.problem_mark and err.context_mark else ""
    message = f"lỗi cú pháp YAML: {explained or 'cú pháp không hợp lệ'}{found}; chi tiết: {detail}"
    return Problem(label, line, "", message, "E002")


def _unclosed_quote_line(text: str, problem_mark: yaml.Mark | None, loader: type) -> int:
    """The line of a quoted value that runs over several lines before the error, if any.

    A quote left open swallows the next lines until some later quote closes it, and the
    parser then complains about indentation far below: the quote is the likelier cause."""
    if problem_mark is None:
        return 0
    opened = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= problem_mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                opened = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return opened
