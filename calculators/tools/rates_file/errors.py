"""A problem found in a rates file, said so that a maintainer knows where and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RatesError:
    """One problem: the file and line, which part of the file, what is wrong, how to fix it."""

    file: str
    line: int | None
    where: str
    problem: str
    fix: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" [{self.where}]" if self.where else ""
        return f"{place}:{where} {self.problem}. Cách sửa: {self.fix}"


class InvalidRatesFile(Exception):
    """Raised when a rates file has at least one problem; carries all of them."""

    def __init__(self, errors: list[RatesError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def describe(loc: tuple[Any, ...], data: Any = None) -> str:
    """Name the part of the file a location points to, in words a maintainer reads."""
    if not loc:
        return "toàn bộ tệp"
    head = loc[0]
    if head == "parameters" and len(loc) >= 2:
        text = f"tham số {loc[1]}"
        if len(loc) >= 4 and loc[2] == "values" and isinstance(loc[3], int):
            text += f", giá trị thứ {loc[3] + 1}"
            start = _get(data, loc[:4] + ("from",))
            if isinstance(start, str):
                text += f" (from: {start})"
        rest = [str(p) for p in loc[4:]] if len(loc) >= 4 else [str(p) for p in loc[2:]]
        return text + (f", khóa {'.'.join(rest)}" if rest else "")
    if head == "sources" and len(loc) >= 2:
        rest = ".".join(str(p) for p in loc[2:])
        return f"nguồn {loc[1]}" + (f", khóa {rest}" if rest else "")
    if head == "categories" and len(loc) >= 2:
        rest = ".".join(str(p) for p in loc[2:])
        return f"danh mục {loc[1]}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in loc)


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
