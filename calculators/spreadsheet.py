"""A commune's list of ấp and khu vực, as typed, pasted from a spreadsheet or read from a CSV.

One row per ấp: its name, its number of households and, for a team that is not full, the
members appointed by role. People bring this list from a spreadsheet, so it is read as
spreadsheets write it: UTF-8 with or without a BOM, cells separated by a tab (a paste), a
comma or a semicolon (a CSV export), an optional header row (`ten,so_ho,to_truong,to_pho,
to_vien`, or the same words in Vietnamese). Every wrong cell is named by its line and column,
in Vietnamese, and nothing else of the list is dropped.

`canonical()` writes a list back as the tab-separated text the browser keeps in a shared link
and sends to the engine.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from calculators import text
from calculators.fields import read_whole, show

MAX_ROWS = 500
MAX_NAME = 80
MAX_HOUSEHOLDS = 1_000_000
# The columns in their positional order, and the header words that name each (compared without
# diacritics, case or spaces).
COLUMNS = ("ten", "so_ho", "to_truong", "to_pho", "to_vien")
COLUMN_LABELS = {
    "ten": "Tên ấp, khu vực",
    "so_ho": "Số hộ",
    "to_truong": "Tổ trưởng",
    "to_pho": "Tổ phó",
    "to_vien": "Tổ viên",
}
HEADER_WORDS = {
    "ten": ("ten", "tenap", "tenapkhuvuc", "ap", "apkhuvuc", "khuvuc", "name"),
    "so_ho": ("soho", "sohogiadinh", "ho", "households"),
    "to_truong": ("totruong",),
    "to_pho": ("topho",),
    "to_vien": ("tovien",),
}
ROLES = ("to_truong", "to_pho", "to_vien")


@dataclass(frozen=True)
class Appointed:
    """The members a team actually has, by role (for a team that is not full)."""

    to_truong: int
    to_pho: int
    to_vien: int

    @property
    def members(self) -> int:
        return self.to_truong + self.to_pho + self.to_vien


@dataclass(frozen=True)
class Area:
    """One ấp or khu vực: its name, households, and the members appointed (None: a full team)."""

    name: str
    households: int
    appointed: Appointed | None = None
    line: int = 0  # where it was read, for messages about it

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "households": self.households}
        if self.appointed is not None:
            data.update(
                to_truong=self.appointed.to_truong,
                to_pho=self.appointed.to_pho,
                to_vien=self.appointed.to_vien,
            )
        return data


class ListError(ValueError):
    """The list has wrong cells; the message names each by line and column. `by_line` holds
    each wrong line's own message and its first wrong column (None: the line as a whole), so
    that a form can show it next to that row and lead to that cell."""

    def __init__(
        self,
        message: str,
        by_line: dict[int, tuple[str, str | None]] | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.by_line = dict(by_line or {})
        self.column = column


def decode(data: bytes) -> str:
    """A file's bytes as text: UTF-8, with the BOM a spreadsheet writes taken off."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListError(
            "Tệp không phải dạng UTF-8, nên chữ có dấu không đọc được. Trong Excel, chọn Lưu thành "
            "(Save As) rồi chọn kiểu “CSV UTF-8”."
        ) from None


def read(given: str, line_offset: int = 0) -> tuple[Area, ...]:
    """The ấp of a list as typed, pasted or read from a CSV. Raises ListError naming every
    wrong cell ('Dòng 3, cột “Số hộ”: …'); line numbers count from 1 + `line_offset`."""
    body = given.lstrip("\ufeff")
    lines = body.splitlines()
    if not any(line.strip() for line in lines):
        raise ListError("Chưa có ấp, khu vực nào. Nhập tên và số hộ của từng ấp, mỗi ấp một dòng.")
    delimiter = _delimiter(lines)
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    columns = list(COLUMNS)
    start = 0
    first = next(i for i, row in enumerate(rows) if any(cell.strip() for cell in row))
    header = _header(rows[first])
    if header is not None:
        columns, start = header, first + 1
    areas: list[Area] = []
    problems: dict[int, tuple[str, str | None]] = {}
    for index in range(start, len(rows)):
        cells = [cell.strip() for cell in rows[index]]
        if not any(cells):
            continue
        line = index + 1 + line_offset
        try:
            areas.append(_area(cells, columns, line, len(areas) + 1))
        except ListError as exc:
            problems[line] = (str(exc), exc.column)
    if not areas and not problems:
        raise ListError("Chưa có ấp, khu vực nào: tệp chỉ có dòng tiêu đề.")
    if len(areas) + len(problems) > MAX_ROWS:
        raise ListError(f"Danh sách có quá nhiều dòng: tối đa {text.integer(MAX_ROWS)} ấp, khu vực.")
    if problems:
        shown = [message for message, _ in problems.values()][:10]
        more = f" Còn {len(problems) - 10} dòng khác cũng cần sửa." if len(problems) > 10 else ""
        raise ListError(" ".join(shown) + more, problems)
    return tuple(areas)


def _delimiter(lines: list[str]) -> str:
    """A tab when the list was pasted from a spreadsheet; else ';' or ',' as the CSV uses."""
    sample = [line for line in lines if line.strip()][:20]
    if any("\t" in line for line in sample):
        return "\t"
    semicolons = sum(line.count(";") for line in sample)
    commas = sum(line.count(",") for line in sample)
    return ";" if semicolons >= commas and semicolons else ","


def _word(cell: str) -> str:
    plain = unicodedata.normalize("NFD", cell.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in plain if not unicodedata.combining(c)))


def _header(row: list[str]) -> list[str] | None:
    """The columns a header row names, or None when the row is data (its households a number)."""
    words = [_word(cell) for cell in row]
    named = []
    for word in words:
        found = next((col for col, names in HEADER_WORDS.items() if word in names), None)
        named.append(found)
    if "so_ho" in named:
        return [col or f"?{i}" for i, col in enumerate(named)]
    return None


def _area(cells: list[str], columns: list[str], line: int, number: int) -> Area:
    value = {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns)}
    extra = [c for i, c in enumerate(cells) if i >= len(columns) and c]
    name = value.get("ten", "")
    where = f"Dòng {line}" + (f" ({show(name)})" if name else "")
    problems: list[tuple[str | None, str]] = []  # (the column at fault, or None; what is wrong)
    if extra:
        problems.append(
            (None, f"có ô thừa “{show(extra[0])}” (chỉ cần tên, số hộ và số người theo chức danh)")
        )
    split = _split_thousands(cells, columns)
    if split:
        problems.append(
            (
                "so_ho",
                f"nếu số hộ là {show(cells[1])},{show(cells[2])}, hãy viết {show(cells[1])}.{show(cells[2])} "
                f"hoặc {show(cells[1])}{show(cells[2])} (dấu phẩy đang ngăn cách các cột)",
            )
        )
    if len(name) > MAX_NAME:
        problems.append(("ten", f"cột “{COLUMN_LABELS['ten']}”: tên dài quá {MAX_NAME} ký tự"))
    households = None
    given = value.get("so_ho", "")
    if not given:
        problems.append(("so_ho", f"cột “{COLUMN_LABELS['so_ho']}”: chưa có số hộ"))
    else:
        try:
            households = read_whole(given, COLUMN_LABELS["so_ho"])
            if not 1 <= households <= MAX_HOUSEHOLDS:
                problems.append(
                    (
                        "so_ho",
                        f"cột “{COLUMN_LABELS['so_ho']}”: số hộ phải từ 1 đến {text.integer(MAX_HOUSEHOLDS)}",
                    )
                )
        except ValueError as exc:
            problems.append(("so_ho", f"cột “{COLUMN_LABELS['so_ho']}”: {str(exc).rstrip('.')}"))
    appointed = None if split else _appointed({role: value.get(role, "") for role in ROLES}, problems)
    if problems:
        raise ListError(f"{where}: " + "; ".join(p for _, p in problems) + ".", column=problems[0][0])
    assert households is not None
    return Area(name or f"Ấp, khu vực {number}", households, appointed, line)


def _split_thousands(cells: list[str], columns: list[str]) -> bool:
    """'Ấp A,1,150' read with commas between cells: a number's thousands became a column."""
    return (
        columns[:3] == ["ten", "so_ho", "to_truong"]
        and len(cells) >= 3
        and cells[1].isdigit()
        and len(cells[2]) == 3
        and cells[2].isdigit()
    )


def _appointed(cells: dict[str, str], problems: list[tuple[str | None, str]]) -> Appointed | None:
    """The members appointed by role, when any is given (an empty role is 0); None when none is."""
    if not any(cells.values()):
        return None
    counts = {}
    for role, cell in cells.items():
        label = COLUMN_LABELS[role]
        try:
            counts[role] = read_whole(cell, label) if cell else 0
        except ValueError as exc:
            problems.append((role, f"cột “{label}”: {str(exc).rstrip('.')}"))
            continue
        if counts[role] < 0:
            problems.append((role, f"cột “{label}”: số người không được âm"))
        elif role != "to_vien" and counts[role] > 1:
            problems.append((role, f"cột “{label}”: mỗi Tổ chỉ có một {label}"))
    return Appointed(**counts) if len(counts) == len(ROLES) else None


def from_lists(households: str, names: str | None = None) -> str:
    """The command line's `--households 320,640 --names "Ấp A,Ấp B"` as a list's text."""
    counts = [h.strip() for h in households.split(",")]
    labels = [n.strip() for n in names.split(",")] if names else []
    if labels and len(labels) != len(counts):
        raise ListError(
            f"Có {len(counts)} số hộ nhưng {len(labels)} tên. Ghi mỗi ấp một tên, cách nhau bằng dấu phẩy."
        )
    labels = labels or [""] * len(counts)
    return "\n".join(f"{name}\t{count}" for name, count in zip(labels, counts, strict=True))


def canonical(areas: tuple[Area, ...]) -> str:
    """The list as tab-separated text, one ấp per line (what a shared link keeps)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for area in areas:
        cells = [area.name, str(area.households)]
        if area.appointed is not None:
            cells += [str(area.appointed.to_truong), str(area.appointed.to_pho), str(area.appointed.to_vien)]
        writer.writerow(cells)
    return out.getvalue().rstrip("\n")


def _inert(cell: object) -> object:
    """A typed name a spreadsheet would run as a formula ('=…', '+…') is kept as text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def write_csv(header: list[str], rows: list[list[object]]) -> str:
    """A table as CSV text for a spreadsheet: comma-separated, quoted where needed, with the
    BOM that makes Excel read the Vietnamese letters as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_inert(cell) for cell in row] for row in rows])
    return "\ufeff" + out.getvalue()
