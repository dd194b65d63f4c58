"""The questions each calculator asks, and how a typed answer becomes a value.

One definition serves the command line (option names) and the browser form (input names):
the field's name, its Vietnamese label and hint, and how to read it. Reading never raises a
traceback: a wrong answer becomes a Vietnamese message tied to its field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calculators import text
from calculators.core.errors import InputError
from calculators.rates.book import RateBook
from calculators.rates.units import DECIMAL, MAX_DECIMALS, MONEY, form, kind_of

DATE = "date"
CHOICE = "choice"
COUNT = "count"
YEAR = "year"  # a count written without grouping: 2027, not 2.027
MONEY_FIELD = "money"
TEXT = "text"  # a short free text (a commune's name), shown back as typed
AREAS = "areas"  # a list of ấp with their households (calculators.spreadsheet)
MAX_TEXT = 100

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DMY_SHORT_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")
GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")
# What people write after a number and the question already says: the currency, or a percent sign.
MONEY_UNIT = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)\.?$", re.IGNORECASE)
PERCENT = re.compile(r"\s*%$")
# An assumed amount of money (what-if) must be a real amount: not negative, and small enough to
# compute exactly (whole-VND rounding works on 28 significant digits).
ASSUMED_MONEY_MAX = 10_000_000_000
# An assumed coefficient or percentage as people write it: digits, maybe a decimal comma or point
# and a few decimals. No exponent ('1e-999990' would print four million digits), no sign.
ASSUMED_DECIMAL = re.compile(rf"\d{{1,15}}(?:\.\d{{1,{MAX_DECIMALS}}})?")


@dataclass(frozen=True)
class Field:
    """One question: its name (CLI option and form input), label, hint, and how to read it."""

    name: str
    label: str
    hint: str
    kind: str
    required: bool = True
    default: Any = None
    minimum: int = 0
    maximum: int | None = None
    percent: bool = False  # a count asked as a percentage: '35%' is read as 35
    # How a structured answer is read (a list of ấp: calculators.spreadsheet.read); it raises
    # ValueError with the Vietnamese message.
    reader: Callable[[str], Any] | None = None
    # What the form adds to the hint from the rates (the months a budget can cover).
    hint_for: Callable[[RateBook], str] | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


DATE_FIELD = Field("date", "Ngày áp dụng", "Các mức đang có hiệu lực vào ngày này được dùng để tính.", DATE)


def count_field(name: str, label: str, hint: str, maximum: int = 1000, percent: bool = False) -> Field:
    """An optional count (days, shifts, a percentage): left empty, it is 0."""
    return Field(name, label, hint, COUNT, required=False, default=0, maximum=maximum, percent=percent)


INFERRED_CHOICE = " (suy luận)"


def choices_of(book: RateBook, field: Field) -> dict[str, str]:
    """For a choice field: key → Vietnamese label, from the rates file's categories; a choice the
    sources do not list as such says so ('Trình độ trung cấp (suy luận)')."""
    return {
        k: c.label + (INFERRED_CHOICE if c.status == "inferred" else "")
        for k, c in book.choices(field.name).items()
    }


def read(fields: tuple[Field, ...], raw: Mapping[str, Any], book: RateBook) -> dict[str, Any]:
    """Typed values for all fields. Raises InputError with a message for every wrong field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {f.name for f in fields}
    for name in raw:
        if name not in known:
            errors[name] = f"Máy tính này không có mục “{name}”."
    for field in fields:
        given = raw.get(field.name)
        if given is None or (isinstance(given, str) and not given.strip()):
            if field.required:
                verb = "Chưa chọn" if field.kind == CHOICE else "Chưa nhập"
                errors[field.name] = f"{verb} “{field.label}”. {field.hint}"
            else:
                values[field.name] = field.default
            continue
        try:
            # A list keeps its leading tab (a row without a name); its reader trims each cell.
            values[field.name] = _read_one(field, str(given) if field.reader else str(given).strip(), book)
        except ValueError as exc:
            by_line = getattr(exc, "by_line", None)
            if by_line:  # a list's wrong rows, each under its own key: 'areas.3', 'areas.3.so_ho'
                errors.update(
                    {
                        f"{field.name}.{line}" + (f".{column}" if column else ""): message
                        for line, (message, column) in by_line.items()
                    }
                )
            else:
                errors[field.name] = str(exc)
    if errors:
        raise InputError(errors)
    return values


def _either(labels: list[str]) -> str:
    """'A, B hoặc C': the choices as a reader says them."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " hoặc " + labels[-1]


def _read_one(field: Field, given: str, book: RateBook) -> Any:
    if field.kind == TEXT:
        if len(given) > MAX_TEXT:
            raise ValueError(f"“{field.label}” dài quá {MAX_TEXT} ký tự.")
        return " ".join(given.split())
    if field.reader is not None:
        return field.reader(given)
    if field.kind == DATE:
        return read_date(given, field.label)
    if field.kind == CHOICE:
        options = choices_of(book, field)
        if given not in options:
            raise ValueError(
                f"“{show(given)}” không phải một lựa chọn của “{field.label}”. "
                f"Hãy chọn {_either(list(options.values()))} (trên dòng lệnh: {', '.join(options)})."
            )
        return given
    number = read_whole(given, field.label, money=field.kind == MONEY_FIELD, percent=field.percent)
    if number < field.minimum:
        raise ValueError(
            f"“{field.label}” phải từ {text.integer(field.minimum)} trở lên."
            if field.minimum > 0
            else f"“{field.label}” không được là số âm."
        )
    if field.maximum is not None and number > field.maximum:
        raise ValueError(f"“{field.label}” không được lớn hơn {text.integer(field.maximum)}.")
    return number


def read_date(given: str, label: str = "Ngày") -> dt.date:
    """'2024-08-15' or '15/08/2024' → date."""
    m = ISO.match(given)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if not parts:
        m = DMY.match(given)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
    if parts:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    if DMY_SHORT_YEAR.match(given):
        raise ValueError(f"Ghi năm đủ bốn chữ số. Nhập “{label}” theo dạng 15/08/2024.")
    raise ValueError(
        f"“{show(given)}” không phải một ngày có thật. Nhập “{label}” theo dạng 15/08/2024 hoặc 2024-08-15."
    )


def read_whole(given: str, label: str, money: bool = False, percent: bool = False) -> int:
    """A whole number, which may be grouped with dots or spaces as Vietnamese writes it
    ('1.500.000' đồng, '1.500' hộ), an amount with its currency, a percentage with its sign."""
    compact = given.replace("\u00a0", " ")
    if len(compact) > 24:
        raise ValueError(f"“{label}”: số quá dài. Kiểm tra lại số đã nhập.")
    if money:
        compact = MONEY_UNIT.sub("", compact)
    elif percent:
        compact = PERCENT.sub("", compact)
    if GROUPED.match(compact):
        compact = compact.replace(".", "").replace(" ", "")
    if re.fullmatch(r"-?\d+", compact):
        return int(compact)
    if re.fullmatch(r"-?\d+[.,]\d+", compact):
        raise ValueError(
            f"“{label}” phải là số tròn đồng, không có phần lẻ."
            if money
            else f"“{label}” phải là số nguyên, không có phần lẻ."
        )
    raise ValueError(
        f"“{show(given)}” không phải là số. Nhập “{label}” bằng chữ số, ví dụ "
        + ("1.500.000." if money else "3.")
    )


def read_assumed(book: RateBook, pid: str, given: str) -> Any:
    """An assumed value for a pending parameter, read in its first form (the parameter's `unit`)."""
    if pid not in book.parameters:
        raise ValueError(f"Không có tham số “{show(pid)}” trong dữ liệu.")
    param = book.parameter(pid)
    kind = kind_of(param.unit)
    if kind == MONEY:
        value = read_whole(given.strip(), param.label, money=True)
        if not 0 <= value <= ASSUMED_MONEY_MAX:
            raise ValueError(
                f"“{param.label}” phải là số tiền từ 0 đến {text.integer(ASSUMED_MONEY_MAX)} đồng."
            )
        return value
    if kind == DECIMAL:
        shape = form(param.unit)
        written = (PERCENT.sub("", given.strip()) if shape.is_percent else given.strip()).replace(",", ".")
        if not ASSUMED_DECIMAL.fullmatch(written):
            raise ValueError(
                f"“{show(given)}” không phải là số (tối đa {MAX_DECIMALS} chữ số sau dấu phẩy). Nhập "
                f"“{param.label}”, ví dụ 0,5."
            )
        value = Decimal(written)
        if value > (100 if shape.is_percent else shape.maximum):
            raise ValueError(
                f"“{param.label}” phải là số từ 0 đến {100 if shape.is_percent else shape.maximum}."
            )
        return value
    raise ValueError(f"Không thể giả định “{param.label}”.")


def show(given: str) -> str:
    """A user's text as a message quotes it: short (40 characters), on one line, and with every
    character one cannot see (a control, a zero-width space, a direction control) written as
    its code, so that nothing typed can break or disguise the message. (The browser escapes
    markup too.)"""
    cut = given if len(given) <= 40 else given[:40] + "…"
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in cut)


def answer_text(book: RateBook, field: Field, value: Any) -> str:
    """An answer as results show it: a choice's label, a date as dd/mm/yyyy, money in đồng."""
    if value is None:
        return "(để trống)"
    if field.kind == CHOICE:
        return choices_of(book, field).get(value, str(value))
    if field.kind == DATE:
        return text.date(dt.date.fromisoformat(value))
    if field.kind == MONEY_FIELD:
        return text.money(value)
    if field.kind == TEXT:
        return value or "(để trống)"
    if field.kind == YEAR:
        return str(value)
    if field.kind == AREAS:
        return "; ".join(f"{row['name']}: {text.integer(row['households'])} hộ" for row in value)
    return text.integer(value)
