"""What a change to the rates changes: the impact report for a pull request.

Compares two versions of the rates (two files, or two git revisions of rates.yaml) and says, as
Markdown fit for a pull-request comment: each parameter value added, removed or changed (old →
new, from which date, citation); every golden case whose result changes; and every figure shown
on the guide's pages whose value changes, with old and new amount and the difference.
Build time only (needs the strict validator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculators import text
from calculators.rates import RateBook
from calculators.rates.book import DatedValue, Parameter
from calculators.tools.paths import GOLDEN
from calculators.tools.rates_file import versions

MONEY = re.compile(r"(-?\d{1,3}(?:\.\d{3})+|\d+) đồng")


class ImpactError(Exception):
    """A version of the rates could not be read or is invalid."""


def load_version(spec: str) -> tuple[str, RateBook]:
    """A rates file path, or a git revision (its rates.yaml), as (name, validated book)."""
    from calculators.tools.rates_file import check_bytes

    try:
        name, raw = versions.read(spec)
    except versions.VersionNotFound as exc:
        raise ImpactError(str(exc)) from None
    data, errors = check_bytes(raw, name)
    if errors:
        raise ImpactError("\n".join(str(e) for e in errors))
    return name, RateBook.from_dict(data)


# --- parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueChange:
    parameter: str
    label: str
    kind: str  # added, removed, changed
    start: str
    old: str
    new: str
    citation: str


def _shown(param: Parameter, v: DatedValue | None) -> str:
    if v is None:
        return "—"
    value = "chưa có mức" if v.value is None else text.value(param.form_at(v), v.value)
    return f"{value} ({text.status(v.status)})"


def _same(a: DatedValue, b: DatedValue) -> bool:
    fields = ("value", "form", "status", "ref", "also", "until", "confidence")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def parameter_changes(old: RateBook, new: RateBook) -> list[ValueChange]:
    changes = []
    for pid in list(new.parameters) + [p for p in old.parameters if p not in new.parameters]:
        before, after = old.parameters.get(pid), new.parameters.get(pid)
        param = after or before
        book = new if after else old
        olds = {v.start: v for v in (before.values if before else ())}
        news = {v.start: v for v in (after.values if after else ())}
        for start in sorted(set(olds) | set(news)):
            a, b = olds.get(start), news.get(start)
            if a and b and _same(a, b):
                continue
            kind = "added" if a is None else "removed" if b is None else "changed"
            ref = (b or a).ref
            changes.append(
                ValueChange(
                    pid,
                    param.label,
                    kind,
                    text.date(start),
                    _shown(param, a),
                    _shown(param, b),
                    text.reference(ref, new if b else old) if ref.source in book.sources else ref.source,
                )
            )
    return changes


# --- golden cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AmountChange:
    where: str
    what: str
    old: str
    new: str
    difference: str


def _difference(a: int | None, b: int | None) -> str:
    if a is None or b is None:
        return "—"
    d = b - a
    return ("+" if d > 0 else "") + text.money(d) if d else "0"


def golden_changes(old: RateBook, new: RateBook, folder: Path = GOLDEN) -> list[AmountChange]:
    """Every expected field of a golden case that moves, as `golden --update` would write it."""
    from calculators.tools import golden

    rows = []
    for change in golden.changes(old, new, folder):
        amount = change.is_amount and all(isinstance(v, int | None) for v in (change.old, change.new))
        shown = text.money if amount else _plain
        rows.append(
            AmountChange(
                change.case,
                change.field,
                shown(change.old),
                shown(change.new),
                _difference(change.old, change.new) if amount else "—",
            )
        )
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "có", False: "không", None: "—"}[value]
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(không có)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


# --- figures on the site --------------------------------------------------------------------


def site_figures(book: RateBook) -> dict[str, str]:
    """Every figure the guide's tables show, keyed by table, row and column."""
    from calculators.tools.site import tables

    rendered = {
        "Hỗ trợ hằng tháng theo thời kỳ": tables.monthly_by_period(book),
        "Số thành viên theo số hộ": tables.team_sizes(book),
        "Kinh phí một Tổ": tables.team_costs(book),
        "Nhà nước hỗ trợ BHXH": tables.state_support(book),
        "BHXH theo nhóm": tables.bhxh_levels(book),
        "BHYT theo thứ tự trong hộ": tables.bhyt_levels(book),
        "Tình trạng số liệu": tables.data_status(book),
    }
    for group in sorted({p.group for p in book.parameters.values()}):
        rendered[f"Các khoản nhóm {group}"] = tables.group(book, group)
    for pid in book.parameters:
        if book.parameter(pid).kind != "table":
            rendered[f"Lịch sử {pid}"] = tables.history(book, pid)
    figures: dict[str, str] = {}
    for name, markdown in rendered.items():
        header: list[str] = []
        for line in markdown.splitlines():
            if not line.startswith("|") or line.startswith(("| ---", "|---")):
                header = [] if line.startswith("###") else header
                continue
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if not header:
                header = cells
                continue
            for column, cell in zip(header[1:], cells[1:], strict=False):
                figures[f"{name} › {cells[0]} › {column}"] = cell
    return figures


def _money(cell: str | None) -> int | None:
    if not cell:
        return None
    m = MONEY.search(cell)
    return int(m.group(1).replace(".", "")) if m else None


def site_changes(old: RateBook, new: RateBook) -> list[AmountChange]:
    a, b = site_figures(old), site_figures(new)
    changes = []
    for key in dict.fromkeys(list(a) + list(b)):
        x, y = a.get(key), b.get(key)
        if x != y:
            where, _, what = key.rpartition(" › ")
            changes.append(AmountChange(where, what, x or "—", y or "—", _difference(_money(x), _money(y))))
    return changes


# --- the report -----------------------------------------------------------------------------


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    return "\n".join(
        ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    )


def report(old_spec: str, new_spec: str) -> str:
    """The impact report in Markdown, for two files or git revisions."""
    old_name, old = load_version(old_spec)
    new_name, new = load_version(new_spec)
    return report_books(old_name, old, new_name, new)


def report_books(old_name: str, old: RateBook, new_name: str, new: RateBook) -> str:
    """The impact report in Markdown, for two rate books."""
    params = parameter_changes(old, new)
    golden = golden_changes(old, new)
    site = site_changes(old, new)
    kinds = {"added": "thêm", "removed": "bỏ", "changed": "đổi"}
    out = [
        "## Ảnh hưởng của thay đổi mức hỗ trợ",
        "",
        f"So sánh `{old_name}` (cũ) với `{new_name}` (mới). Số liệu kiểm tra: "
        f"{text.date(old.meta.checked_on)} → {text.date(new.meta.checked_on)}.",
        "",
        f"### Tham số thay đổi ({len(params)})",
        "",
        _md_table(
            ["Tham số", "Việc", "Từ ngày", "Cũ", "Mới", "Căn cứ"],
            [
                [f"{c.label} (`{c.parameter}`)", kinds[c.kind], c.start, c.old, c.new, c.citation]
                for c in params
            ],
        )
        if params
        else "Không có tham số nào thay đổi.",
        "",
        f"### Ca kiểm thử mẫu có kết quả thay đổi ({len({c.where for c in golden})})",
        "",
        "Lệnh `python -m calculators golden --update` ghi lại đúng những dòng này trong `tests/golden/`."
        if golden
        else "",
        "" if golden else None,
        _md_table(
            ["Ca", "Khoản", "Cũ", "Mới", "Chênh lệch"],
            [[c.where, c.what, c.old, c.new, c.difference] for c in golden],
        )
        if golden
        else "Không ca kiểm thử mẫu nào thay đổi kết quả.",
        "",
        f"### Con số trên trang web thay đổi ({len(site)})",
        "",
        _md_table(
            ["Bảng › dòng", "Cột", "Cũ", "Mới", "Chênh lệch"],
            [[c.where, c.what, c.old, c.new, c.difference] for c in site],
        )
        if site
        else "Không con số nào trên trang web thay đổi.",
    ]
    return "\n".join(line for line in out if line is not None) + "\n"
