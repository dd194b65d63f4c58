"""A problem found in a rates file, said so that a maintainer knows where and what to do."""

from __future__ import annotations

import re
import sys
import unicodedata
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
    hidden_count: int = 0  # on the last line of a capped list: how many problems it stands for

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" [{self.where}]" if self.where else ""
        return visible(f"{place}:{where} {self.problem}. Cách sửa: {self.fix}")


def _hidden_class() -> re.Pattern[str]:
    codes = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Cf") and c != 10]
    ranges, start = [], codes[0]
    for previous, code in zip(codes, codes[1:] + [None], strict=True):
        if code != previous + 1 if code is not None else True:
            ranges.append(f"\\U{start:08x}-\\U{previous:08x}")
            start = code
    return re.compile("[" + "".join(ranges) + "]")


HIDDEN = _hidden_class()


def hidden(text: str) -> list[str]:
    """The characters of a text a reader cannot see: controls, and format characters such as
    zero-width spaces and the controls that reverse the direction of text."""
    return HIDDEN.findall(text) if HIDDEN.search(text) else []


def visible(text: str) -> str:
    """The text with every hidden character written as its code (\\u200b), on one line."""
    return "".join(f"\\u{ord(c):04x}" if c in hidden(c) or c == "\n" else c for c in text)


def count(errors: list[RatesError]) -> int:
    """How many problems a (possibly capped) list of errors stands for."""
    return sum(e.hidden_count or 1 for e in errors)


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
