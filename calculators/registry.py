"""The six calculators: what each is called, what it asks, and the function that computes it.

`run()` is the single entry point used by the command line and by the browser: raw answers
(text, as typed) in, a Result out, or an InputError naming each wrong field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from calculators import bhxh, bhyt, duty, incident, monthly, team
from calculators.core.errors import InputError
from calculators.core.result import Result
from calculators.fields import CHOICE, COUNT, DATE, MONEY_FIELD, Field, read, read_assumed
from calculators.rates import RateBook, default_book

DATE_FIELD = Field("date", "Ngày áp dụng", "Các mức đang có hiệu lực vào ngày này được dùng để tính.", DATE)


def _count(name: str, label: str, hint: str, **kw: Any) -> Field:
    return Field(name, label, hint, COUNT, required=False, default=0, maximum=kw.pop("maximum", 1000), **kw)


@dataclass(frozen=True)
class Calculator:
    """A calculator's name, title, questions and computing function."""

    name: str
    title: str
    summary: str
    fields: tuple[Field, ...]
    compute: Callable[..., Result]
    uses: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]


CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "monthly",
            monthly.TITLE,
            "Mức hỗ trợ hằng tháng của một thành viên (khoản 1 Điều 2).",
            (
                DATE_FIELD,
                Field("role", "Chức danh trong Tổ", "Tổ trưởng, Tổ phó hoặc Tổ viên.", CHOICE),
                Field("training", "Trình độ đào tạo", "Trình độ cao nhất đã có bằng.", CHOICE),
            ),
            monthly.monthly,
            monthly.USES,
            monthly.CATEGORIES,
        ),
        Calculator(
            "duty",
            duty.TITLE,
            "Bồi dưỡng theo số ngày, số ca làm nhiệm vụ (khoản 2 Điều 2).",
            (
                DATE_FIELD,
                _count("training_days", "Số ngày tập trung huấn luyện, bồi dưỡng", "Để trống nếu không có."),
                _count(
                    "night_shifts", "Số ca làm nhiệm vụ từ 22 giờ đến 6 giờ sáng", "Để trống nếu không có."
                ),
                _count("rest_days", "Số ngày làm nhiệm vụ vào ngày nghỉ, lễ, Tết", "Để trống nếu không có."),
                _count("heavy_tasks", "Số ngày làm nhiệm vụ nặng nhọc, nguy hiểm", "Để trống nếu không có."),
                _count(
                    "hard_area_days",
                    "Số ngày làm nhiệm vụ ở địa bàn đặc biệt khó khăn",
                    "Để trống nếu không có.",
                ),
            ),
            duty.duty,
            duty.USES,
            duty.CATEGORIES,
        ),
        Calculator(
            "bhxh",
            bhxh.TITLE,
            "Số tiền đóng, phần được hỗ trợ và phần tự đóng (khoản 1 Điều 3).",
            (
                DATE_FIELD,
                Field(
                    "income",
                    "Thu nhập chọn làm căn cứ đóng (đồng/tháng)",
                    "Để trống để tính theo mức thấp nhất (chuẩn nghèo nông thôn).",
                    MONEY_FIELD,
                    required=False,
                    default=None,
                ),
                Field(
                    "group",
                    "Nhóm được Nhà nước hỗ trợ",
                    "Thuộc nhiều nhóm thì chọn nhóm có mức cao nhất.",
                    CHOICE,
                ),
            ),
            bhxh.bhxh,
            bhxh.USES,
            bhxh.CATEGORIES,
        ),
        Calculator(
            "bhyt",
            bhyt.TITLE,
            "Số tiền đóng bảo hiểm y tế theo thứ tự trong hộ (khoản 2 Điều 3).",
            (
                DATE_FIELD,
                Field(
                    "position",
                    "Thứ tự của người được tính trong hộ gia đình",
                    "Nhập 1 nếu là người thứ nhất; từ người thứ năm trở đi nhập 5.",
                    COUNT,
                    minimum=1,
                    maximum=50,
                ),
            ),
            bhyt.bhyt,
            bhyt.USES,
            bhyt.CATEGORIES,
        ),
        Calculator(
            "incident",
            incident.TITLE,
            "Hỗ trợ thành viên chưa có bảo hiểm bị ốm đau, tai nạn, bị thương hoặc chết khi làm nhiệm vụ (Điều 4).",
            (
                DATE_FIELD,
                Field("kind", "Trường hợp", "Chọn điều đã xảy ra với người được tính.", CHOICE),
                Field(
                    "medical_costs",
                    "Chi phí khám, chữa bệnh đã trả (đồng)",
                    "Để trống nếu không có.",
                    MONEY_FIELD,
                    required=False,
                    default=0,
                    maximum=10_000_000_000,
                ),
                _count(
                    "inpatient_days", "Số ngày điều trị nội trú", "Để trống nếu không nằm viện.", maximum=3660
                ),
                _count(
                    "lost_capacity",
                    "Tỷ lệ suy giảm khả năng lao động (%)",
                    "Theo kết luận giám định; chỉ nhập khi bị suy giảm khả năng lao động.",
                    maximum=100,
                ),
            ),
            incident.incident,
            incident.USES,
            incident.CATEGORIES,
        ),
        Calculator(
            "team",
            team.TITLE,
            "Số thành viên tối đa theo số hộ và kinh phí hỗ trợ của Tổ.",
            (
                DATE_FIELD,
                Field(
                    "households",
                    "Số hộ gia đình của ấp, khu vực",
                    "Ví dụ 820.",
                    COUNT,
                    minimum=1,
                    maximum=1_000_000,
                ),
                Field(
                    "teams",
                    "Số Tổ",
                    "Để trống nếu chỉ tính một Tổ.",
                    COUNT,
                    required=False,
                    default=1,
                    minimum=1,
                    maximum=100_000,
                ),
                Field(
                    "months",
                    "Số tháng",
                    "Để trống để tính 12 tháng.",
                    COUNT,
                    required=False,
                    default=12,
                    minimum=1,
                    maximum=120,
                ),
            ),
            team.team,
            team.USES,
            team.CATEGORIES,
        ),
    )
}


def needs() -> dict[str, Any]:
    """Parameters and category choices the calculators refer to by name (checked in rates files)."""
    params: list[str] = []
    categories: dict[str, set[str]] = {}
    for calc in CALCULATORS.values():
        params += [p for p in calc.uses if p not in params]
        for name, keys in calc.categories.items():
            categories.setdefault(name, set()).update(keys)
    return {"parameters": params, "categories": {k: sorted(v) for k, v in categories.items()}}


class LenientAssumptions(dict):
    """Assumed values that are used where they apply and ignored where they do not."""

    lenient = True


def run(
    name: str,
    answers: Mapping[str, Any],
    assume: Mapping[str, str] | None = None,
    book: RateBook | None = None,
    strict_assume: bool = True,
) -> Result:
    """Compute calculator `name` from raw answers; InputError names every wrong field.

    With `strict_assume=False` (the browser form), an assumed value the situation does not use
    is ignored rather than refused; it is then not mentioned in the result.
    """
    book = book or default_book()
    if name not in CALCULATORS:
        raise InputError.on("calculator", f"Không có máy tính “{name}”. Có: {', '.join(CALCULATORS)}.")
    calc = CALCULATORS[name]
    values = read(calc.fields, answers, book)
    assumed: dict[str, Any] = {}
    problems = []
    for pid, given in (assume or {}).items():
        try:
            assumed[pid] = read_assumed(book, pid, str(given))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise InputError.on("assume", " ".join(problems))
    return calc.compute(book, assume=assumed if strict_assume else LenientAssumptions(assumed), **values)
